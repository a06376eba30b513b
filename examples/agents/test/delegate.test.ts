import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedServer } from '@wright/testing';
import { expect, it } from 'vitest';
import { checkDocSnippets } from '../../../scripts/doc-snippets.ts';
import { runStartOffline } from '../../shared/run-start-offline.ts';
import { createSampleRepository, runAgentsExample } from '../delegate.ts';
import { parentTurns, subagentConversations } from '../delegate-script.ts';

it('delegates to a Wright-format and a Claude-format agent at once, then edits; usage is summed', async () => {
  const server = await startScriptedServer({ turns: parentTurns, conversations: subagentConversations });
  const root = await mkdtemp(join(tmpdir(), 'wright-agents-example-'));
  const directory = join(root, 'repo');
  try {
    await mkdir(directory);
    await createSampleRepository(directory);
    const output = await runAgentsExample({
      apiKey: 'test-key',
      baseUrl: server.baseUrl,
      directory,
      dataDirectory: join(root, 'data'),
    });
    // The two subagents ran at the same time, so their lines may come in any order.
    const nested = output.lines.filter((line) => line.startsWith('  '));
    expect(nested.sort()).toEqual(['  code-finder: grep → ok', '  test-finder: glob → ok']);
    expect(output.lines.filter((line) => !line.startsWith('  '))).toEqual([
      'task → ok',
      'task → ok',
      'edit_file → ok',
      'done: 5880 tokens, 3360 of them by subagents',
    ]);
    // Seven requests of 840 tokens: three of the parent, two of each subagent.
    expect(server.requests).toHaveLength(7);
    expect(output).toMatchObject({ status: 'done', totalTokens: 7 * 840, subagentTokens: 4 * 840 });
    expect(await readFile(join(directory, 'src/slugify.js'), 'utf8')).toContain('/[^a-z0-9]+/g');
    // Each agent got its own tools: the Claude names mapped to Wright's, both read-only.
    const toolsOf = (marker: string) =>
      server.requests
        .find((request) => JSON.stringify(request.body.messages).includes(marker))
        ?.body.tools.map((tool: { function: { name: string } }) => tool.function.name);
    expect(toolsOf('Where is slugify defined')).toEqual(['read_file', 'grep', 'glob']);
    expect(toolsOf('Which tests cover slugify')).toEqual(['read_file', 'grep', 'glob']);
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
});

it('docs/agents.md shows this example, copied exactly', async () => {
  const docs = await readFile(new URL('../../../docs/agents.md', import.meta.url), 'utf8');
  const sources = await Promise.all(
    ['../delegate.ts', '../agent-files/wright/test-finder.md', '../agent-files/claude/code-finder.md'].map(
      (file) => readFile(new URL(file, import.meta.url), 'utf8'),
    ),
  );
  const check = checkDocSnippets(docs, sources[0] ?? '');
  expect(check.problems).toEqual([]);
  expect(check.count).toBe(2);
  // The agent files on the page are the example's files.
  expect(docs).toContain(`\`\`\`markdown\n${sources[1]}\`\`\``);
  expect(docs).toContain(`\`\`\`markdown\n${sources[2]}\`\`\``);
});

it('pnpm start runs the example offline and says so', async () => {
  const stdout = await runStartOffline(new URL('..', import.meta.url));
  expect(stdout).toMatch(/^OFFLINE \(scripted GLM server on 127\.0\.0\.1, no model is called\)/);
  expect(stdout).toMatch(/edit_file → ok\ndone: 5880 tokens, 3360 of them by subagents\n$/);
});
