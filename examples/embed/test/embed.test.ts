import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSession } from '@wright/core';
import { startScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
import { expect, it } from 'vitest';
import { checkDocSnippets } from '../../../scripts/doc-snippets.ts';
import { runEmbedExample } from '../embed.js';

it('runs the embedding example against the scripted GLM server', async () => {
  const server = await startScriptedServer({
    apiKey: 'example-key',
    turns: [
      {
        ...toolCallTurn([{ name: 'count_words', arguments: { path: 'notes.txt' } }], 'Count them.'),
        usage: { promptTokens: 50 },
      },
      {
        ...textTurn('notes.txt has 6 words.', 'The tool said 6.'),
        usage: { promptTokens: 80, cachedTokens: 50 },
      },
      textTurn('No, 6 is less than ten.', 'Compare 6 and 10.'),
    ],
  });
  const directory = await mkdtemp(join(tmpdir(), 'wright-embed-'));
  try {
    await writeFile(join(directory, 'notes.txt'), 'one two three\nfour five six\n');
    const output = await runEmbedExample({ baseUrl: server.baseUrl, apiKey: 'example-key', directory });
    expect(output.lines).toEqual([
      'tool count_words → ok: notes.txt: 6 words',
      'turn 1: 50 input tokens, 0 cached',
      'turn 2: 80 input tokens, 50 cached',
      'stopped: done after 2 steps',
      'follow-up: done',
    ]);
    expect(output.answer).toBe('notes.txt has 6 words.');
    expect(output.followUp).toBe('No, 6 is less than ten.');
    // The resumed request carried the earlier reasoning back.
    const resumed = server.requests[2]?.body;
    type WireMessage = { role: string; reasoning_content?: string };
    const reasoning = (resumed.messages as WireMessage[])
      .filter((message) => message.role === 'assistant')
      .map((message) => message.reasoning_content);
    expect(reasoning).toEqual(['Count them.', 'The tool said 6.']);
    const session = await loadSession(join(directory, '.wright', 'session.jsonl'));
    expect(session.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'No, 6 is less than ten.' });
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
});

it('keeps every code snippet of docs/embedding.md identical to the example sources', async () => {
  const docs = await readFile(new URL('../../../docs/embedding.md', import.meta.url), 'utf8');
  const sources = await Promise.all(
    ['../coding-agent.ts', '../embed.ts'].map((file) => readFile(new URL(file, import.meta.url), 'utf8')),
  );
  const check = checkDocSnippets(docs, sources.join('\n'));
  expect(check.problems).toEqual([]);
  // Every TypeScript or JavaScript block on the page is a checked copy of example code (so it compiles and runs).
  const codeBlocks = docs.match(/```(?:ts|js|typescript|javascript)\b.*\n/g) ?? [];
  expect(codeBlocks.length).toBe(check.count);
  expect(check.count).toBeGreaterThanOrEqual(7);
  // The preset comes first.
  expect(docs.indexOf('example:preset')).toBeLessThan(docs.indexOf('example:imports'));
});
