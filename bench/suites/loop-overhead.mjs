import path from 'node:path';
import { runChild } from '../lib/child.mjs';
import { startServerProcess } from '../lib/server-process.mjs';
import { median } from '../lib/stats.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';
import { loadPiece } from '../lib/wright.mjs';

const names = {
  wright: 'Wright runAgent + createGlmClient',
  floor: 'hand-written fetch-and-parse loop (floor)',
  'ai-sdk-generate': 'AI SDK generateText (openai-compatible, non-streaming)',
  'ai-sdk-stream': 'AI SDK streamText (openai-compatible, SSE)',
};

/**
 * Suite 1: the client-side CPU time per step of a 200-step session with 3 no-op tool calls per step. The scripted
 * server runs in its own process, so the CPU time of the client process is the framework's own time (waiting for
 * the model costs no CPU). Each loop runs in fresh child processes, interleaved over rounds.
 */
export const suite = {
  id: 'loop',
  title: 'Loop overhead',
  async run(context) {
    const steps = context.quick ? 20 : 200;
    const rounds = 2;
    const runsPerChild = context.quick ? 1 : 2;
    const calls = 3;
    const child = path.join(context.benchDir, 'lib/loop-child.mjs');
    const [client, runAgent] = await Promise.all([
      loadPiece('@wright/core', 'createGlmClient'),
      loadPiece('@wright/core', 'runAgent'),
    ]);
    const why = client.why ?? runAgent.why;
    const subjects = Object.keys(names).filter((subject) => subject !== 'wright' || why === undefined);
    const samples = Object.fromEntries(
      subjects.map((subject) => [subject, { cpuMsPerStep: [], wallMsPerStep: [] }]),
    );
    const server = await startServerProcess();
    try {
      for (let round = 0; round < rounds; round++) {
        for (const subject of subjects) {
          const result = await runChild(child, [subject, server.baseUrl, steps, calls, runsPerChild]);
          for (const sample of result.samples) {
            samples[subject].cpuMsPerStep.push(sample.cpuMs / sample.steps);
            samples[subject].wallMsPerStep.push(sample.wallMs / sample.steps);
          }
          context.log(
            `${subject}: ${result.samples.map((sample) => (sample.cpuMs / sample.steps).toFixed(2)).join(', ')} CPU ms/step`,
          );
        }
      }
    } finally {
      await server.close();
    }
    const figures = Object.fromEntries(
      Object.entries(samples).map(([subject, values]) => [
        subject,
        {
          cpuMsPerStep: median(values.cpuMsPerStep),
          wallMsPerStep: median(values.wallMsPerStep),
          samplesCpuMsPerStep: values.cpuMsPerStep,
          samplesWallMsPerStep: values.wallMsPerStep,
        },
      ]),
    );
    const rows = [];
    for (const baseline of ['floor', 'ai-sdk-generate', 'ai-sdk-stream']) {
      const target =
        baseline === 'floor'
          ? { text: 'within 1.3× of the floor' }
          : baseline === 'ai-sdk-generate'
            ? { text: 'ahead of the AI SDK' }
            : undefined;
      const common = {
        suite: 'loop',
        measure: `client CPU per step (${steps} steps × ${calls} calls)`,
        unit: 'ms',
        better: 'lower',
        subject: names.wright,
        baseline: { name: names[baseline], value: figures[baseline].cpuMsPerStep },
      };
      if (figures.wright === undefined) {
        rows.push(missingRow({ ...common, target: target && { ...target, met: null }, why }));
        continue;
      }
      const ratio = figures.wright.cpuMsPerStep / figures[baseline].cpuMsPerStep;
      if (target) target.met = baseline === 'floor' ? ratio <= 1.3 : ratio < 1;
      rows.push(makeRow({ ...common, value: figures.wright.cpuMsPerStep, target }));
    }
    return { rows, details: { steps, calls, rounds, runsPerChild, figures } };
  },
};
