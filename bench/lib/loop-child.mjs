// Child process of the loop-overhead suite: one warm-up session, then `runs` measured sessions of one loop.
// argv: subject, baseUrl, steps, calls, runs. Reports CPU and wall milliseconds per session.
import { benchTool, runAiSdkSession, runFloorSession, runWrightSession } from './agent-loops.mjs';
import { answerParent } from './child.mjs';
import { sessionPrompt } from './scripted-session.mjs';
import { collectGarbage, measure } from './timing.mjs';

const [subject, baseUrl, steps, calls, runs] = process.argv.slice(2);

const loops = {
  wright: async (options) => runWrightSession({ ...options, core: await import('@wright/core') }),
  'ai-sdk-generate': (options) => runAiSdkSession({ ...options, streaming: false }),
  'ai-sdk-stream': (options) => runAiSdkSession({ ...options, streaming: true }),
  floor: (options) => runFloorSession(options),
};

answerParent(async () => {
  const loop = loops[subject];
  if (loop === undefined) throw new Error(`unknown loop ${subject}`);
  const tool = benchTool();
  const session = (id, count) =>
    loop({ baseUrl, steps: count, tool, prompt: sessionPrompt({ id, steps: count, calls: Number(calls) }) });
  await session(`${subject}-warm-${process.pid}`, 20);
  const samples = [];
  for (let index = 0; index < Number(runs); index++) {
    collectGarbage();
    const { cpuMs, wallMs, result } = await measure(() =>
      session(`${subject}-${process.pid}-${index}`, Number(steps)),
    );
    samples.push({ cpuMs, wallMs, steps: result.steps });
  }
  return { samples };
});
