import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChild } from '../lib/child.mjs';
import { generateSseStream } from '../lib/sse-corpus.mjs';
import { median } from '../lib/stats.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';
import { loadPiece } from '../lib/wright.mjs';

const subjects = ['wright', 'openai', 'eventsource-parser', 'eventsource-parser+JSON.parse'];
const names = {
  wright: "Wright's decoder (createGlmClient.stream)",
  openai: 'openai SDK stream iterator',
  'eventsource-parser': 'eventsource-parser alone (SSE only)',
  'eventsource-parser+JSON.parse': 'eventsource-parser + JSON.parse',
};

/** Suite 2: MB/s and peak memory decoding one 50 MB GLM SSE stream, each subject in fresh child processes. */
export const suite = {
  id: 'stream',
  title: 'Stream decoding',
  async run(context) {
    const megabytes = context.quick ? 5 : 50;
    const rounds = context.quick ? 1 : 2;
    const runsPerChild = 2;
    const child = path.join(context.benchDir, 'lib/decode-child.mjs');
    const client = await loadPiece('@wright/core', 'createGlmClient');
    const active = subjects.filter((subject) => subject !== 'wright' || client.value !== undefined);
    const samples = Object.fromEntries(
      active.map((subject) => [subject, { mbPerSecond: [], peakMb: [], peakAboveStartMb: [] }]),
    );
    // Generated once, here, so no child carries the garbage of generating it.
    const work = mkdtempSync(path.join(os.tmpdir(), 'wright-bench-sse-'));
    const input = path.join(work, 'stream.sse');
    const generated = generateSseStream(megabytes * 1e6);
    writeFileSync(input, generated.bytes);
    writeFileSync(`${input}.json`, JSON.stringify(generated.expected));
    try {
      for (let round = 0; round < rounds; round++) {
        for (const subject of active) {
          const result = await runChild(child, [subject, input, runsPerChild], { timeoutMs: 600_000 });
          checkCounts(subject, result);
          for (const seconds of result.secondsPerRun) {
            samples[subject].mbPerSecond.push(result.bytes / 1e6 / seconds);
          }
          samples[subject].peakMb.push(result.peakRssBytes / 1e6);
          samples[subject].peakAboveStartMb.push((result.peakRssBytes - result.rssBeforeBytes) / 1e6);
          const speeds = result.secondsPerRun.map((seconds) => (result.bytes / 1e6 / seconds).toFixed(1));
          context.log(
            `${subject}: ${speeds.join(', ')} MB/s, peak RSS ${(result.peakRssBytes / 1e6).toFixed(0)} MB`,
          );
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    const figures = Object.fromEntries(
      Object.entries(samples).map(([subject, values]) => [
        subject,
        {
          mbPerSecond: median(values.mbPerSecond),
          peakMb: median(values.peakMb),
          peakAboveStartMb: median(values.peakAboveStartMb),
          samplesMbPerSecond: values.mbPerSecond,
          samplesPeakMb: values.peakMb,
          samplesPeakAboveStartMb: values.peakAboveStartMb,
        },
      ]),
    );
    const rows = [];
    for (const baselineSubject of subjects.slice(1)) {
      const baselineFigures = figures[baselineSubject];
      const isOpenai = baselineSubject === 'openai';
      const target = isOpenai ? { text: 'ahead of the openai SDK', met: undefined } : undefined;
      const throughput = {
        suite: 'stream',
        measure: `throughput, ${megabytes} MB SSE`,
        unit: 'MB/s',
        better: 'higher',
        subject: names.wright,
        baseline: { name: names[baselineSubject], value: baselineFigures.mbPerSecond },
      };
      const memory = {
        suite: 'stream',
        measure: `peak RSS (process, ${megabytes} MB input held in memory)`,
        unit: 'MB',
        better: 'lower',
        subject: names.wright,
        baseline: { name: names[baselineSubject], value: baselineFigures.peakMb },
      };
      if (figures.wright === undefined) {
        rows.push(missingRow({ ...throughput, target, why: client.why }));
        rows.push(missingRow({ ...memory, why: client.why }));
        continue;
      }
      if (target) target.met = figures.wright.mbPerSecond > baselineFigures.mbPerSecond;
      rows.push(makeRow({ ...throughput, value: figures.wright.mbPerSecond, target }));
      rows.push(makeRow({ ...memory, value: figures.wright.peakMb }));
    }
    return { rows, details: { megabytes, rounds, runsPerChild, figures } };
  },
};

/** Every decoder must find the same content, or its speed means nothing. */
function checkCounts(subject, result) {
  if (subject === 'eventsource-parser') return;
  for (const [key, value] of Object.entries(result.expected)) {
    if (result.counts[key] !== value) {
      throw new Error(`${subject} decoded ${key} = ${result.counts[key]}, expected ${value}`);
    }
  }
}
