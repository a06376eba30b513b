import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
// #region imports
import {
  createGlmClient,
  createSessionJournal,
  loadSession,
  runAgent,
  type Tool,
  type Workspace,
} from '@wright/core';
// #endregion imports

/** Where the example talks to, and where it keeps its files. */
export type EmbedExampleOptions = {
  /** Chat-completions base URL (Z.AI, or the scripted server in tests). */
  baseUrl: string;
  apiKey: string;
  /** The workspace root; the session journal goes in `.wright/` inside it. */
  directory: string;
};

/** What the example prints and answers. */
export type EmbedExampleOutput = { lines: string[]; answer: string; followUp: string };

// #region tool
/** A read-only tool written by hand: tools are plain data plus `parse` and `run`. */
const countWords: Tool<{ path: string }> = {
  name: 'count_words',
  description: 'Counts the words in a text file of the workspace.',
  effect: 'read',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string', description: 'File path relative to the workspace root.' } },
    required: ['path'],
  },
  parse(input) {
    const path = (input as { path?: unknown } | null)?.path;
    return typeof path === 'string'
      ? { ok: true, value: { path } }
      : { ok: false, message: '`path` must be a string.' };
  },
  async run({ path }, context) {
    const absolute = resolve(context.workspace.root, path);
    if (relative(context.workspace.root, absolute).startsWith('..')) {
      return { output: `${path} is outside the workspace.`, isError: true };
    }
    const text = await readFile(absolute, 'utf8');
    const words = text.split(/\s+/).filter(Boolean).length;
    return { output: `${path}: ${words} words` };
  },
};
// #endregion tool

// #region workspace
/** The smallest workspace: writes go straight to disk (the runner package adds conflict checks and a ledger). */
function diskWorkspace(root: string): Workspace {
  return {
    root,
    async applyChanges(changes) {
      for (const change of changes) {
        const path = join(root, change.path);
        if (change.after === null) await rm(path, { force: true });
        else
          await mkdir(dirname(path), { recursive: true }).then(() =>
            writeFile(path, change.after as Uint8Array),
          );
      }
    },
  };
}
// #endregion workspace

export async function runEmbedExample(options: EmbedExampleOptions): Promise<EmbedExampleOutput> {
  const lines: string[] = [];
  // #region run
  const model = createGlmClient({ apiKey: options.apiKey, baseUrl: options.baseUrl, model: 'glm-4.7' });
  const workspace = diskWorkspace(options.directory);
  const journalPath = join(options.directory, '.wright', 'session.jsonl');
  const journal = await createSessionJournal(journalPath);

  const run = runAgent({
    model,
    workspace,
    tools: [countWords],
    system: 'You are a careful assistant. Use tools to look at files.',
    prompt: 'How many words are in notes.txt?',
    journal,
    maxSteps: 10,
    maxCostUsd: 0.5,
  });
  for await (const event of run) {
    if (event.type === 'tool-exec-end')
      lines.push(`tool ${event.name} → ${event.status}: ${event.result.output}`);
    if (event.type === 'turn-end') {
      const { inputTokens, cachedInputTokens } = event.usage;
      lines.push(`turn ${event.turn}: ${inputTokens} input tokens, ${cachedInputTokens} cached`);
    }
  }
  const result = await run.result;
  await journal.close();
  lines.push(`stopped: ${result.reason} after ${result.steps} steps`);
  // #endregion run

  // #region resume
  // Later (another process, after a crash): reload the session and continue it with a new user message.
  const session = await loadSession(journalPath);
  const resumedJournal = await createSessionJournal(journalPath);
  const followUp = await runAgent({
    model,
    workspace,
    tools: [countWords],
    sessionId: session.sessionId,
    messages: session.messages, // the full history, reasoning included, sent back byte for byte
    prompt: 'Is that more than ten?',
    journal: resumedJournal,
  }).result;
  await resumedJournal.close();
  // #endregion resume
  lines.push(`follow-up: ${followUp.reason}`);
  return { lines, answer: result.text, followUp: followUp.text };
}
