import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { median } from '../lib/stats.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';

const targetText = '< 150 ms over node -e 0';

/** Suite 5: how long the CLI takes to start, next to a bare `node -e 0`. */
export const suite = {
  id: 'startup',
  title: 'Start-up',
  async run(context) {
    const runs = context.quick ? 5 : 21;
    const bin = path.join(context.repoRoot, 'packages/cli/dist/bin.js');
    const commands = { floor: ['-e', '0'] };
    const rows = [];
    const missing = {};
    for (const args of [['--version'], ['run', '--help']]) {
      const name = `wright ${args.join(' ')}`;
      const check = existsSync(bin)
        ? spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' })
        : undefined;
      if (check === undefined || check.status !== 0 || check.stdout.trim() === '') {
        missing[name] =
          check === undefined
            ? 'packages/cli/dist/bin.js not built'
            : `exit ${check.status}: ${check.stderr.trim()}`;
      } else commands[name] = [bin, ...args];
    }
    // Interleaved, so a change in machine load hits every command alike.
    const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
    for (const args of Object.values(commands)) spawnSync(process.execPath, args, { stdio: 'ignore' });
    for (let index = 0; index < runs; index++) {
      for (const [name, args] of Object.entries(commands)) samples[name].push(timeOnce(args));
    }
    const floorMs = median(samples.floor);
    context.log(`node -e 0: ${floorMs.toFixed(1)} ms`);
    const baseline = { name: 'node -e 0', value: floorMs };
    const details = { runs, samplesMs: samples };
    for (const measure of ['wright --version', 'wright run --help']) {
      const common = { suite: 'startup', measure, unit: 'ms', better: 'lower', subject: measure, baseline };
      if (missing[measure] !== undefined) {
        rows.push(missingRow({ ...common, target: { text: targetText, met: null }, why: missing[measure] }));
        continue;
      }
      const value = median(samples[measure]);
      const overheadMs = value - floorMs;
      context.log(`${measure}: ${value.toFixed(1)} ms (overhead ${overheadMs.toFixed(1)} ms)`);
      rows.push(
        makeRow({
          ...common,
          value,
          target: { text: targetText, met: overheadMs < 150 },
          note: `overhead ${overheadMs.toFixed(1)} ms`,
        }),
      );
    }
    return { rows, details };
  },
};

/** Wall time of one `node <args>` run in milliseconds. */
function timeOnce(args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  return Math.round(elapsed * 10) / 10;
}
