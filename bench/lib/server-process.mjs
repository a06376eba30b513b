import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server-child.mjs');

/** Starts the scripted session server in a child process; `close()` ends it. */
export function startServerProcess() {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`scripted server process exited (${code})`)));
    child.once('message', (message) => {
      child.removeAllListeners('exit');
      resolve({
        baseUrl: message.baseUrl,
        close: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.disconnect();
          }),
      });
    });
  });
}
