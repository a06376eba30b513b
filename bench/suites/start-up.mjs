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
    const floor = timeCommand(['-e', '0'], runs);
    context.log(`node -e 0: ${floor.medianMs.toFixed(1)} ms`);
    const baseline = { name: 'node -e 0', value: floor.medianMs };
    const rows = [];
    const details = { runs, floor };
    for (const args of [['--version'], ['run', '--help']]) {
      const measure = `wright ${args.join(' ')}`;
      const common = { suite: 'startup', measure, unit: 'ms', better: 'lower', subject: measure, baseline };
      const check = existsSync(bin)
        ? spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' })
        : undefined;
      if (check === undefined || check.status !== 0 || check.stdout.trim() === '') {
        const why =
          check === undefined
            ? 'packages/cli/dist/bin.js not built'
            : `exit ${check.status}: ${check.stderr.trim()}`;
        rows.push(missingRow({ ...common, target: { text: targetText, met: null }, why }));
        continue;
      }
      const timing = timeCommand([bin, ...args], runs);
      const overheadMs = timing.medianMs - floor.medianMs;
      details[measure] = { ...timing, overheadMs };
      context.log(`${measure}: ${timing.medianMs.toFixed(1)} ms (overhead ${overheadMs.toFixed(1)} ms)`);
      rows.push(
        makeRow({
          ...common,
          value: timing.medianMs,
          target: { text: targetText, met: overheadMs < 150 },
          note: `overhead ${overheadMs.toFixed(1)} ms`,
        }),
      );
    }
    return { rows, details };
  },
};

/** Median wall time of `node <args>` over `runs` runs, interleaving nothing else. */
function timeCommand(args, runs) {
  const samples = [];
  spawnSync(process.execPath, args, { stdio: 'ignore' });
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    samples.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  }
  return { medianMs: median(samples), samplesMs: samples.map((value) => Math.round(value * 10) / 10) };
}
