import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentEvent, Usage } from '@wright/core';
import {
  checkAgentEventProtocol,
  type RecordedRequest,
  type ScriptedServer,
  type ScriptedTurn,
} from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { parseJsonLines, useCliTest } from './cli-harness.js';
import { agentRuns, readJournals } from './run-helpers.js';

const cli = useCliTest({
  files: {
    'src/parse.js': 'export function parse(text) {\n  return text.split(",");\n}\n',
    'src/format.js': 'export function format(items) {\n  return items.join(", ");\n}\n',
    // Claude Code's format, as is: Claude tool names, a Claude model alias, a field Wright does not use.
    '.claude/agents/finder.md': [
      '---',
      'name: finder',
      'description: Finds where a function is defined and used.',
      'tools: Read, Grep, Glob',
      'model: sonnet',
      'color: green',
      '---',
      'You find code.',
      '',
    ].join('\n'),
  },
});

const usage = { promptTokens: 1000, completionTokens: 50 };
const turn = (value: ScriptedTurn): ScriptedTurn => ({ ...value, usage });
// The children's turns stream slowly: a run that started them one after the other could not interleave them, and
// one that started them together has both first requests in long before either child's first reply has ended.
const slow = { chunkDelayMs: 40, chunkSize: 6 };

/** The parent delegates two read-only investigations at once, then edits with what they found. */
async function startDelegationServer(): Promise<ScriptedServer> {
  return cli.startServer({
    turns: [
      turn({
        reasoning: 'Two independent questions: delegate both.',
        toolCalls: [
          {
            name: 'task',
            arguments: { description: 'find parse', prompt: 'CHILD-A: where is parse defined?' },
          },
          {
            name: 'task',
            arguments: {
              description: 'find format',
              prompt: 'CHILD-B: where is format defined?',
              agent: 'finder',
            },
          },
        ],
      }),
      turn({
        toolCalls: [{ name: 'read_file', arguments: { path: 'src/parse.js' } }],
      }),
      turn({
        toolCalls: [
          {
            name: 'edit_file',
            arguments: {
              path: 'src/parse.js',
              old_string: 'text.split(",")',
              new_string: 'text.split(/,\\s*/)',
            },
          },
        ],
      }),
      turn({ content: 'parse now accepts spaces after commas.' }),
    ],
    conversations: [
      {
        match: 'CHILD-A',
        turns: [
          turn({ toolCalls: [{ name: 'grep', arguments: { pattern: 'function parse' } }], ...slow }),
          turn({ content: 'parse is defined in src/parse.js line 1.', ...slow }),
        ],
      },
      {
        match: 'CHILD-B',
        turns: [
          turn({ toolCalls: [{ name: 'read_file', arguments: { path: 'src/format.js' } }], ...slow }),
          turn({ content: 'format is defined in src/format.js line 1.', ...slow }),
        ],
      },
    ],
  });
}

/** Arrival positions of the requests whose first user message contains `marker`. */
function positions(requests: RecordedRequest[], marker: string): number[] {
  const positionsFound: number[] = [];
  requests.forEach((request, index) => {
    const first = (request.body?.messages ?? []).find((message: { role: string }) => message.role === 'user');
    if (typeof first?.content === 'string' && first.content.includes(marker)) positionsFound.push(index);
  });
  return positionsFound;
}

const total = (usage: Usage) => usage.inputTokens + usage.outputTokens;

describe('wright run with subagents', () => {
  it('delegates two read-only subagents in parallel, then edits; usage and cost are summed', async () => {
    const server = await startDelegationServer();
    const result = await cli.runTask(['--json', 'make parse accept spaces after commas']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(cli.repo, 'src/parse.js'), 'utf8')).toContain('text.split(/,\\s*/)');

    const requests = server.requests;
    const a = positions(requests, 'CHILD-A');
    const b = positions(requests, 'CHILD-B');
    expect([a.length, b.length, requests.length]).toEqual([2, 2, 8]);
    // Both children's first requests arrived before either child's last: they ran at the same time.
    expect(Math.max(a[0] as number, b[0] as number)).toBeLessThan(Math.min(a[1] as number, b[1] as number));
    // The children got the read-only tools (the named one its Claude tools, mapped), and no task tool.
    const toolsOf = (request: RecordedRequest | undefined) =>
      (request?.body.tools ?? []).map((tool: { function: { name: string } }) => tool.function.name);
    const general = toolsOf(requests[a[0] as number]);
    expect(general).toEqual(
      expect.arrayContaining(['read_file', 'glob', 'grep', 'shell_output', 'update_plan']),
    );
    for (const name of ['write_file', 'edit_file', 'apply_patch', 'shell', 'shell_kill', 'task']) {
      expect(general).not.toContain(name);
    }
    expect(toolsOf(requests[b[0] as number])).toEqual(['read_file', 'grep', 'glob']);
    const parentTools = toolsOf(requests[0]);
    expect(parentTools).toContain('task');
    const taskSpec = (requests[0]?.body.tools ?? []).find(
      (tool: { function: { name: string } }) => tool.function.name === 'task',
    );
    expect(taskSpec.function.description).toContain(
      '- finder: Finds where a function is defined and used.\n- general: Read-only investigator',
    );

    const events = parseJsonLines(result.stdout);
    const runs = agentRuns(events);
    expect(runs).toHaveLength(1);
    const parent = runs[0] ?? [];
    expect(checkAgentEventProtocol(parent)).toEqual([]);
    const taskEnds = parent.filter((event) => event.type === 'tool-exec-end' && event.name === 'task');
    expect(taskEnds.map((event) => event.type === 'tool-exec-end' && event.result.output).sort()).toEqual([
      'format is defined in src/format.js line 1.',
      'parse is defined in src/parse.js line 1.',
    ]);
    const nested = parent.filter((event) => event.type === 'subagent-event');
    const taskCallIds = new Set(taskEnds.map((event) => event.type === 'tool-exec-end' && event.callId));
    expect(new Set(nested.map((event) => event.parentCallId))).toEqual(taskCallIds);
    expect(new Set(nested.map((event) => event.agent))).toEqual(new Set(['general', 'finder']));

    // Eight requests of 1,050 tokens: four of the parent, two of each child; all in the parent's totals.
    const resultEvent = events.at(-1) as { type: string; usage: Usage; cost: number };
    expect(resultEvent.type).toBe('result');
    expect(total(resultEvent.usage)).toBe(8 * 1050);
    expect(resultEvent.usage).toMatchObject({ inputTokens: 8000, outputTokens: 400 });
    const turnEnds = parent.filter((event) => event.type === 'turn-end');
    expect(turnEnds.reduce((sum, event) => sum + total(event.usage), 0)).toBe(8 * 1050);
    const childTurnEnds = nested.filter((event) => event.event.type === 'turn-end');
    expect(
      childTurnEnds.reduce((sum, event) => sum + total((event.event as { usage: Usage }).usage), 0),
    ).toBe(4 * 1050);
    const runEnd = parent.at(-1);
    expect(runEnd?.type === 'run-end' && total(runEnd.usage)).toBe(8 * 1050);
    // glm-4.7's default price is known, so the cost is the sum too.
    const parentCost = turnEnds.reduce((sum, event) => sum + event.cost, 0);
    expect(resultEvent.cost).toBeGreaterThan(0);
    expect(resultEvent.cost).toBeCloseTo(parentCost, 10);

    // The journal keeps the nested events (without their streamed deltas).
    const journals = await readJournals(cli.scratch.home);
    const stored = (journals[0] ?? []).filter((event: AgentEvent) => event.type === 'subagent-event');
    expect(stored.length).toBeGreaterThan(0);
    expect(
      stored.some((event) => event.type === 'subagent-event' && event.event.type.endsWith('-delta')),
    ).toBe(false);
    expect(
      stored.filter((event) => event.type === 'subagent-event' && event.event.type === 'run-end'),
    ).toHaveLength(2);
  });

  it('shows one indented line per subagent tool call in the transcript, and notes what an agent file left out', async () => {
    await mkdir(join(cli.repo, '.wright/agents'), { recursive: true });
    await writeFile(
      join(cli.repo, '.wright/agents/notebook.md'),
      '---\nname: notebook\ndescription: Edits notebooks.\ntools: Read, NotebookEdit\n---\nYou edit notebooks.\n',
    );
    await startDelegationServer();
    const result = await cli.runTask(['make parse accept spaces after commas']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('  ↳ general ✓ grep function parse');
    expect(result.stdout).toContain('  ↳ finder ✓ read_file src/format.js');
    expect(result.stdout).toContain('✓ task general: find parse → parse is defined in src/parse.js line 1.');
    expect(result.stdout).toContain('✓ task finder: find format');
    expect(result.stdout).toContain(
      'Claude Code tool `NotebookEdit` has no Wright counterpart and is left out',
    );
    expect(result.stdout).toContain('✓ edit_file src/parse.js');
  });
});
