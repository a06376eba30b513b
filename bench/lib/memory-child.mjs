// Child process of the memory suite: one long Wright session with large tool outputs; records the peak RSS
// (VmHWM) as the session passes each checkpoint. argv: baseUrl, steps, outputChars, checkpoints (comma list).
import { benchTool, runWrightSession } from './agent-loops.mjs';
import { answerParent } from './child.mjs';
import { currentRssBytes, peakRssBytes } from './memory.mjs';
import { sessionPrompt } from './scripted-session.mjs';
import { collectGarbage } from './timing.mjs';

const [baseUrl, steps, outputChars, checkpointList] = process.argv.slice(2);
const checkpoints = new Set(checkpointList.split(',').map(Number));

answerParent(async () => {
  const core = await import('@wright/core');
  const samples = [];
  const compactions = { 'tool-outputs': 0, summary: 0 };
  let turns = 0;
  const started = performance.now();
  const result = await runWrightSession({
    core,
    baseUrl,
    steps: Number(steps),
    tool: benchTool({ name: 'read_blob', outputChars: Number(outputChars) }),
    prompt: sessionPrompt({ id: `memory-${process.pid}`, steps: Number(steps), calls: 1 }),
    onEvent(event) {
      if (event.type === 'compaction-end') compactions[event.stage]++;
      if (event.type !== 'turn-end') return;
      turns++;
      const checkpoint = checkpoints.has(turns);
      if (turns % 50 === 0 || checkpoint) {
        // At checkpoints, what survives a full GC is what the session retains.
        if (checkpoint) collectGarbage();
        samples.push({
          step: turns,
          retainedHeapBytes: checkpoint ? process.memoryUsage().heapUsed : undefined,
          peakRssBytes: peakRssBytes(),
          rssBytes: currentRssBytes(),
          heapUsedBytes: process.memoryUsage().heapUsed,
          seconds: (performance.now() - started) / 1000,
        });
      }
    },
  });
  return {
    steps: result.steps,
    events: result.events,
    compactions,
    samples,
    finalPeakRssBytes: peakRssBytes(),
  };
});
