import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeSandbox } from '@wright/core';
import { runCommand } from '@wright/tools';
import { median } from '../lib/stats.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';

const targetText = '< 15 ms added per call (median)';

/**
 * Suite 8: what the sandbox adds to one shell call. The same command (`true`) runs through the shell tool's own
 * `runCommand`, once unconfined and once in `workspace-write` with the network off (bwrap, fresh PID, IPC and
 * network namespaces, the default hidden paths), interleaved so machine load hits both alike.
 */
export const suite = {
  id: 'sandbox',
  title: 'Sandbox cost per shell call',
  async run(context) {
    const runs = context.quick ? 7 : 61;
    const common = { suite: 'sandbox', measure: 'shell call, workspace-write', unit: 'ms', better: 'lower' };
    const probe = await probeSandbox();
    if (!probe.available) {
      return {
        rows: [
          missingRow({
            ...common,
            subject: 'bwrap',
            target: { text: targetText, met: null },
            why: probe.reason,
          }),
        ],
      };
    }
    const root = mkdtempSync(path.join(tmpdir(), 'wright-bench-sandbox-'));
    mkdirSync(path.join(root, '.git'));
    const outputDirectory = path.join(root, 'outputs');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root };
    const call = async (sandbox) => {
      const started = performance.now();
      const outcome = await runCommand({
        command: 'true',
        cwd: root,
        env,
        timeoutMs: 30_000,
        outputDirectory,
        sandbox,
      });
      const elapsed = performance.now() - started;
      if (outcome.exitCode !== 0) throw new Error(`true exited ${outcome.exitCode}: ${outcome.output.text}`);
      return elapsed;
    };
    const confined = { mode: 'workspace-write', network: 'off' };
    try {
      for (let index = 0; index < 3; index++) {
        await call(undefined);
        await call(confined);
      }
      const plain = [];
      const sandboxed = [];
      const added = [];
      for (let index = 0; index < runs; index++) {
        // Alternate which goes first, so neither always gets the warmer machine.
        const first = index % 2 === 0;
        const a = first ? await call(undefined) : await call(confined);
        const b = first ? await call(confined) : await call(undefined);
        const [plainMs, sandboxMs] = first ? [a, b] : [b, a];
        plain.push(plainMs);
        sandboxed.push(sandboxMs);
        added.push(sandboxMs - plainMs);
      }
      const plainMedian = median(plain);
      const sandboxMedian = median(sandboxed);
      const addedMedian = median(added);
      context.log(
        `unconfined ${plainMedian.toFixed(1)} ms, sandboxed ${sandboxMedian.toFixed(1)} ms, added (paired median) ${addedMedian.toFixed(1)} ms`,
      );
      return {
        rows: [
          makeRow({
            ...common,
            subject: `runCommand('true') in bwrap (${probe.version ?? 'bwrap'})`,
            value: sandboxMedian,
            baseline: { name: 'same call unconfined', value: plainMedian },
            target: { text: targetText, met: addedMedian < 15 },
            note: `added ${addedMedian.toFixed(1)} ms (median of ${runs} paired differences)`,
          }),
        ],
        details: { runs, plainMs: plain, sandboxedMs: sandboxed, addedMs: added, bwrap: probe.version },
      };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
