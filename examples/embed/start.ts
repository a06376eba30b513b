// `pnpm --filter embed start`: the coding-agent preset on a fresh sample repository. With ZAI_API_KEY set it asks
// GLM-4.7 for real; without it, a scripted GLM server on 127.0.0.1 plays the model (and this says so).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedServer } from '@wright/testing';
import { liveOrOffline } from '../shared/live-or-offline.ts';
import { createGreetRepository, runCodingAgentExample } from './coding-agent.ts';
import { greetScript } from './greet-script.ts';

const directory = await mkdtemp(join(tmpdir(), 'wright-embed-'));
await createGreetRepository(directory);
const model = await liveOrOffline(process.env.ZAI_API_KEY, () => startScriptedServer({ turns: greetScript }));
console.log(`repository: ${directory}\n`);
try {
  const output = await runCodingAgentExample({
    ...model.connection,
    directory,
    dataDirectory: await mkdtemp(join(tmpdir(), 'wright-embed-data-')),
  });
  for (const line of output.lines) console.log(line);
  process.exitCode = output.status === 'done' ? 0 : 1;
} finally {
  await model.close();
}
