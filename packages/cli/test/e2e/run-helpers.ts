import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentEvent } from '@wright/core';
import type { RecordedRequest } from '@wright/testing';

const agentTypes = new Set([
  'run-start',
  'turn-start',
  'message-start',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'text-start',
  'text-delta',
  'text-end',
  'tool-call-start',
  'tool-call-delta',
  'tool-call-end',
  'usage',
  'message-retry',
  'message-end',
  'message',
  'tool-exec-start',
  'tool-exec-progress',
  'tool-exec-end',
  'turn-end',
  'compaction-start',
  'compaction-end',
  'note',
  'plan',
  'subagent-event',
  'run-end',
]);

/** The agent loop's events of a `--json` stream, grouped by run (a task with check rounds has several runs). */
export function agentRuns(events: Array<{ type: string; [key: string]: unknown }>): AgentEvent[][] {
  const runs = new Map<string, AgentEvent[]>();
  for (const event of events) {
    if (!agentTypes.has(event.type) || typeof event.runId !== 'string') continue;
    const list = runs.get(event.runId) ?? [];
    list.push(event as unknown as AgentEvent);
    runs.set(event.runId, list);
  }
  return [...runs.values()];
}

/** Every session journal under a WRIGHT_HOME, parsed. */
export async function readJournals(home: string): Promise<AgentEvent[][]> {
  const journals: AgentEvent[][] = [];
  const projects = join(home, 'projects');
  for (const project of await readdir(projects).catch(() => [] as string[])) {
    const sessions = join(projects, project, 'sessions');
    for (const session of await readdir(sessions).catch(() => [] as string[])) {
      const text = await readFile(join(sessions, session, 'journal.jsonl'), 'utf8').catch(() => '');
      if (text === '') continue;
      journals.push(
        text
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as AgentEvent),
      );
    }
  }
  return journals;
}

/** The content of the last user message a scripted-server request sent ('' when it has none). */
export function lastUserMessage(request: RecordedRequest | undefined): string {
  const messages = (request?.body?.messages ?? []) as { role: string; content?: string }[];
  return messages.findLast((message) => message.role === 'user')?.content ?? '';
}
