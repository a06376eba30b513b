import path from 'node:path';
import { runChild } from '../lib/child.mjs';
import { startServerProcess } from '../lib/server-process.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';
import { loadPiece } from '../lib/wright.mjs';

/**
 * Suite 6: peak RSS of one scripted 1,000-step Wright session (one tool call per step, each returning 20 KB),
 * read as the session passes 250, 500 and 1,000 steps, in a fresh process (the server runs in another).
 */
export const suite = {
  id: 'memory',
  title: 'Memory',
  async run(context) {
    const steps = context.quick ? 100 : 1000;
    const checkpoints = [steps / 4, steps / 2, steps];
    const outputChars = 20_000;
    const [client, runAgent] = await Promise.all([
      loadPiece('@wright/core', 'createGlmClient'),
      loadPiece('@wright/core', 'runAgent'),
    ]);
    const why = client.why ?? runAgent.why;
    const measure = (step) => `peak RSS after ${step} steps (20 KB tool outputs)`;
    if (why !== undefined) {
      return {
        rows: checkpoints.map((step) =>
          missingRow({
            suite: 'memory',
            measure: measure(step),
            unit: 'MB',
            subject: 'Wright runAgent',
            why,
          }),
        ),
      };
    }
    const server = await startServerProcess();
    let result;
    try {
      result = await runChild(path.join(context.benchDir, 'lib/memory-child.mjs'), [
        server.baseUrl,
        steps,
        outputChars,
        checkpoints.join(','),
      ]);
    } finally {
      await server.close();
    }
    const at = (step) => result.samples.find((sample) => sample.step === step);
    const [quarter, half, full] = checkpoints.map((step) => at(step).peakRssBytes / 1e6);
    const [heapQuarter, heapHalf, heapFull] = checkpoints.map((step) => at(step).retainedHeapBytes / 1e6);
    const growthFirst = heapHalf - heapQuarter;
    const growthSecond = heapFull - heapHalf;
    // Linear growth of the retained heap adds at most twice as much over the second half as over the quarter
    // before it (plus 5 MB of slack for allocator noise).
    const linear = growthSecond <= 2 * Math.max(growthFirst, 0) + 5;
    context.log(
      `peak RSS ${quarter.toFixed(0)} / ${half.toFixed(0)} / ${full.toFixed(0)} MB at ${checkpoints.join(' / ')} steps`,
    );
    const rows = [
      makeRow({
        suite: 'memory',
        measure: measure(checkpoints[0]),
        unit: 'MB',
        subject: 'Wright runAgent',
        value: quarter,
      }),
      makeRow({
        suite: 'memory',
        measure: measure(checkpoints[1]),
        unit: 'MB',
        subject: 'Wright runAgent',
        value: half,
        baseline: { name: `same run at ${checkpoints[0]} steps`, value: quarter },
      }),
      makeRow({
        suite: 'memory',
        measure: measure(checkpoints[2]),
        unit: 'MB',
        subject: 'Wright runAgent',
        value: full,
        baseline: { name: `same run at ${checkpoints[1]} steps`, value: half },
        target: { text: '< 300 MB, growth linear or better', met: full < 300 && linear },
        note: `heap after GC ${heapQuarter.toFixed(0)} / ${heapHalf.toFixed(0)} / ${heapFull.toFixed(0)} MB`,
      }),
    ];
    return { rows, details: { steps, outputChars, checkpoints, ...result } };
  },
};
