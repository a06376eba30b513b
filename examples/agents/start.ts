// `pnpm --filter @wright-examples/agents start`: a parent delegating to two named subagents on a fresh sample
// repository. With ZAI_API_KEY set it asks GLM-4.7 for real; without it, a scripted GLM server on 127.0.0.1 plays
// the model (and this says so).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedServer } from '@wright/testing';
import { createSampleRepository, runAgentsExample } from './delegate.ts';
import { parentTurns, subagentConversations } from './delegate-script.ts';

const directory = await mkdtemp(join(tmpdir(), 'wright-agents-'));
await createSampleRepository(directory);
const apiKey = process.env.ZAI_API_KEY;
const server = apiKey
  ? undefined
  : await startScriptedServer({ turns: parentTurns, conversations: subagentConversations });
console.log(
  server
    ? 'OFFLINE (scripted GLM server on 127.0.0.1, no model is called); set ZAI_API_KEY to ask GLM-4.7.'
    : 'LIVE: GLM-4.7 is called with your ZAI_API_KEY.',
);
console.log(`repository: ${directory}\n`);
try {
  const output = await runAgentsExample({
    apiKey: apiKey ?? 'offline',
    ...(server ? { baseUrl: server.baseUrl } : {}),
    directory,
    dataDirectory: await mkdtemp(join(tmpdir(), 'wright-agents-data-')),
  });
  for (const line of output.lines) console.log(line);
  process.exitCode = output.status === 'done' ? 0 : 1;
} finally {
  await server?.close();
}
