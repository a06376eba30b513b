// A scripted GLM server in its own process, so its CPU time never counts as the client's.
import { startScriptedServer } from '@wright/testing';
import { createSessionTurns } from './scripted-session.mjs';

const sessions = createSessionTurns();
const server = await startScriptedServer({ turns: [sessions.turn], loop: true });
sessions.attach(server);
process.send({ baseUrl: server.baseUrl });
process.on('disconnect', () => {
  server.close().then(() => process.exit(0));
});
