import { eventually, processesWith } from '@wright/testing';

import { afterEach, describe, expect, it } from 'vitest';
import { sampleFiles } from '../../../src/demo/sample-repo.js';
import { parseJsonLines, useCliTest } from '../cli-harness.js';
import { readJournals } from '../run-helpers.js';

const cli = useCliTest({ files: sampleFiles });
const leftovers: number[] = [];
afterEach(() => {
  // Should a test fail, do not leave its sleeps behind on the machine.
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
});

/** Pids of this machine's live processes whose command line contains `marker`. */
const pidsWith = (marker: string) => processesWith(marker).map((found) => found.pid);

describe('SIGTERM and SIGHUP stop a run like Ctrl-C', () => {
  for (const [signal, exitCode] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal}: aborts, kills the foreground and background shell process groups, flushes the journal, exits ${exitCode}`, async () => {
      // Unique sleep durations mark this test's processes on the machine.
      const unique = `${process.pid}${Math.floor(Math.random() * 1000)}`;
      const background = `sleep 1000.${unique}1`;
      const foreground = `sleep 1000.${unique}2`;
      await cli.startServer({
        turns: [
          {
            toolCalls: [
              { name: 'shell', arguments: { command: background, background: true } },
              { name: 'shell', arguments: { command: `${foreground}; echo never` } },
            ],
          },
          { content: 'never reached' },
        ],
      });
      const { child, done } = cli.startTask(['--approval', 'full', '--json', 'start two sleeps']);
      const started = await eventually(
        () => pidsWith(background).length > 0 && pidsWith(foreground).length > 0,
        60_000,
      );
      leftovers.push(...pidsWith(background), ...pidsWith(foreground));
      expect(started).toBe(true);

      child.kill(signal);
      const result = await done;
      expect(result.signal).toBeNull();
      expect(result.exitCode).toBe(exitCode);
      const events = parseJsonLines(result.stdout);
      expect(events.at(-1)).toMatchObject({ type: 'result', status: 'interrupted', exitCode });
      const journals = await readJournals(cli.scratch.home);
      expect(journals[0]?.at(-1)).toMatchObject({ type: 'run-end', reason: 'aborted' });
      const gone = await eventually(
        () => pidsWith(background).length === 0 && pidsWith(foreground).length === 0,
        // The kill is sent before the CLI exits, but on a loaded machine the sandbox's processes take a moment to
        // be reaped; a sleep left behind would still be there long after this wait.
        30_000,
      );
      expect(pidsWith(background)).toEqual([]);
      expect(pidsWith(foreground)).toEqual([]);
      expect(gone).toBe(true);
    });
  }
});
