import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { isWrightError } from '@wright/core';
import { createRedisTaskQueue, type TaskQueue, type TaskRecord } from '@wright/queue';
import {
  countStates,
  formatResultsTable,
  type QueuedResultLine,
  toResultLines,
} from '@wright/queue/internal';
import { readTasksFile } from '@wright/runner';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, flagValue, stringValue } from '../command-definition.js';
import { exitCodes, usageFailure } from '../exit-codes.js';
import { printJson, printText } from '../render/print-text.js';
import { colorEnabled, createStyle } from '../render/style.js';
import { own, trusted, untrusted, untrustedLine } from '../render/terminal-text.js';
import { batchExitCode } from './execute-batch.js';
import { watchInterrupts } from './interrupts.js';
import { durationFlag, wholeNumberFlag } from './queue-flags.js';

/** `wright batch tasks.jsonl --queue URL`: submits the tasks, then follows them until they settle (or detaches). */
export async function executeQueuedBatch(
  input: CommandInput,
  context: CliContext,
  url: string,
): Promise<number> {
  const tasksPath = resolve(context.cwd, input.positionals[0] ?? '');
  const batch = stringValue(input, 'name') ?? basename(tasksPath).replace(/\.jsonl$/, '');
  const policy = {
    attempts: wholeNumberFlag(input, 'attempts', 3, 'batch'),
    backoffMs: durationFlag(input, 'backoff', 30_000, 'batch'),
  };
  const tasks = await readTasksFile(tasksPath).catch((error: unknown) => {
    if (!isWrightError(error)) throw error;
    throw usageFailure(`wright batch: ${error.message.split('\n').join('; ')}`, 'fix the tasks file');
  });
  return withQueue(url, async (queue) => {
    const report = await queue.enqueue(
      tasks.map((task) => ({ ...task, id: task.id ?? '', batch })),
      policy,
    );
    const existing =
      report.existing.length > 0 ? `, ${report.existing.length} already on the queue (left as they are)` : '';
    say(context.stderr, `wright batch: ${report.added.length} task(s) added to batch "${batch}"${existing}`);
    if (flagValue(input, 'detach')) {
      say(
        context.stderr,
        `wright batch: follow it with 'wright batch status --queue ${url} --name ${batch}'`,
      );
      return exitCodes.ok;
    }
    const ids = new Set(tasks.map((task) => task.id));
    const records = await followBatch(queue, batch, ids, input, context);
    if (records === undefined) {
      say(context.stderr, 'wright batch: stopped following; the tasks go on (wright batch status)');
      return exitCodes.interrupted;
    }
    const lines = toResultLines(records);
    await writeResults(input, context, lines);
    if (!flagValue(input, 'json'))
      printText(context.stdout, own`\n${untrusted(formatResultsTable(lines))}\n`);
    return batchExitCode(lines);
  });
}

/** `wright batch status`: counts by state, and each unsettled or dead task. */
export async function executeBatchStatus(
  input: CommandInput,
  context: CliContext,
  url: string,
): Promise<number> {
  return withQueue(url, async (queue) => {
    const batchName = stringValue(input, 'name');
    const records = await queue.records(batchName === undefined ? {} : { batch: batchName });
    const { counts, settled } = countStates(records);
    if (flagValue(input, 'json')) {
      printJson(context.stdout, { total: records.length, settled, ...counts });
      return exitCodes.ok;
    }
    say(context.stdout, `${formatCounts(records.length, counts)}${settled ? ' (settled)' : ''}`);
    for (const record of records) {
      if (record.state === 'completed' || record.state === 'waiting') continue;
      const attempts = record.attempts.map((attempt) => `#${attempt.attempt} ${attempt.outcome}`).join(', ');
      say(context.stdout, `  ${record.id}: ${record.state}${attempts ? ` (${attempts})` : ''}`);
    }
    return exitCodes.ok;
  });
}

/** `wright batch results`: every task's result line with its attempts, as JSONL or a table. */
export async function executeBatchResults(
  input: CommandInput,
  context: CliContext,
  url: string,
): Promise<number> {
  const format = stringValue(input, 'format') ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'table') {
    throw usageFailure(`wright batch results: --format must be jsonl or table (got '${format}')`);
  }
  return withQueue(url, async (queue) => {
    const batchName = stringValue(input, 'name');
    const lines = toResultLines(await queue.records(batchName === undefined ? {} : { batch: batchName }));
    await writeResults(input, context, lines);
    if (format === 'table') printText(context.stdout, own`${untrusted(formatResultsTable(lines))}\n`);
    else for (const line of lines) printJson(context.stdout, line);
    return exitCodes.ok;
  });
}

async function withQueue(url: string, work: (queue: TaskQueue) => Promise<number>): Promise<number> {
  let queue: TaskQueue;
  try {
    queue = createRedisTaskQueue({ url });
  } catch (error) {
    if (isWrightError(error)) throw usageFailure(`wright batch: ${error.message}`);
    throw error;
  }
  try {
    return await work(queue);
  } finally {
    await queue.close();
  }
}

/** Polls the batch until every task of `ids` has settled; undefined when interrupted. */
async function followBatch(
  queue: TaskQueue,
  batch: string,
  ids: Set<string | undefined>,
  input: CommandInput,
  context: CliContext,
): Promise<TaskRecord[] | undefined> {
  const json = flagValue(input, 'json');
  const style = createStyle(!json && colorEnabled(context.stdout, context.env));
  const interrupts = watchInterrupts();
  const reported = new Set<string>();
  let lastLine = '';
  try {
    for (;;) {
      const records = (await queue.records({ batch })).filter((record) => ids.has(record.id));
      const { counts, settled } = countStates(records);
      for (const line of toResultLines(records)) {
        if ((line.state !== 'completed' && line.state !== 'dead') || reported.has(line.id)) continue;
        reported.add(line.id);
        if (json) printJson(context.stdout, line);
        else {
          const mark =
            line.state === 'completed' && line.status === 'done'
              ? style.green(trusted('✓'))
              : style.red(trusted('✗'));
          const attempts = trusted(line.attempts.length > 1 ? ` · ${line.attempts.length} attempts` : '');
          printText(
            context.stdout,
            own`[${reported.size}/${records.length}] ${mark} ${untrustedLine(line.id)} ${untrustedLine(String(line.status))}${attempts}\n`,
          );
        }
      }
      const status = formatCounts(records.length, counts);
      if (!json && status !== lastLine) {
        printText(context.stderr, own`${style.dim(untrustedLine(status))}\n`);
        lastLine = status;
      }
      if (settled) return records;
      if (interrupts.signal.aborted) return undefined;
      await new Promise((done) => setTimeout(done, 500));
    }
  } finally {
    interrupts.dispose();
  }
}

function formatCounts(total: number, counts: ReturnType<typeof countStates>['counts']): string {
  const parts = [`${counts.completed} completed`, `${counts.active} running`, `${counts.waiting} waiting`];
  if (counts.delayed > 0) parts.push(`${counts.delayed} retrying`);
  if (counts.dead > 0) parts.push(`${counts.dead} dead`);
  return `${total} tasks: ${parts.join(', ')}`;
}

async function writeResults(
  input: CommandInput,
  context: CliContext,
  lines: QueuedResultLine[],
): Promise<void> {
  const path = stringValue(input, 'results');
  if (path === undefined) return;
  await writeFile(resolve(context.cwd, path), lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
}

/** One line of text built from task ids, batch names and queue data: sanitised like any workspace text. */
function say(stream: NodeJS.WritableStream, line: string): void {
  printText(stream, own`${untrustedLine(line)}\n`);
}
