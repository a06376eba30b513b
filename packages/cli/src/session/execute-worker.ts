import { mkdir } from 'node:fs/promises';
import nodePath from 'node:path';
import { dataDirectory, loadSettings } from '@wright/agent';
import { isWrightError } from '@wright/core';
import { createRedisTaskQueue, type QueuedTask } from '@wright/queue';
import {
  type AttemptOutcome,
  limitModelConcurrency,
  modelLimitKey,
  saveAttemptArtefacts,
} from '@wright/queue/internal';
import { createSessionStore, prepareTaskDirectory, runBatchTask } from '@wright/runner';
import type { CliContext } from '../cli-context.js';
import { type CommandInput, stringValue } from '../command-definition.js';
import { terminalTrust } from '../config/trust/terminal-trust.js';
import { exitCodes, usageFailure } from '../exit-codes.js';
import { formatCost, formatDuration } from '../render/format-numbers.js';
import { printText } from '../render/print-text.js';
import { own, untrustedLine } from '../render/terminal-text.js';
import { announceSandbox } from '../sandbox/resolve-sandbox.js';
import { createBatchTaskSetup } from './batch-task-setup.js';
import { durationFlag, queueAddress, wholeNumberFlag } from './queue-flags.js';
import { settingFlags, workspaceDirectory } from './run-flags.js';

const codingPlans = new Set(['zai-coding', 'bigmodel-coding']);

/** `wright worker`: takes tasks from the queue until told to stop. */
export async function executeWorker(input: CommandInput, context: CliContext): Promise<number> {
  const url = queueAddress(input, context.env);
  if (url === undefined)
    throw usageFailure('wright worker: no queue', 'pass --queue redis://HOST:PORT/DB or set WRIGHT_QUEUE');
  const cwd = await workspaceDirectory(input, context.cwd);
  const concurrency = wholeNumberFlag(input, 'concurrency', 2, 'worker');
  const lockDurationMs = durationFlag(input, 'lock-duration', 30_000, 'worker');
  const graceMs = durationFlag(input, 'grace', 60_000, 'worker');
  const resultsDirectory = stringValue(input, 'results-dir');
  const settings = await loadSettings({
    env: context.env,
    projectDirectory: cwd,
    flags: settingFlags(input),
    trust: terminalTrust(context),
  });
  const modelConcurrency = stringValue(input, 'model-concurrency')
    ? wholeNumberFlag(input, 'model-concurrency', 1, 'worker')
    : codingPlans.has(settings.provider)
      ? 1
      : undefined;
  let queue: ReturnType<typeof createRedisTaskQueue>;
  try {
    queue = createRedisTaskQueue({ url });
  } catch (error) {
    if (isWrightError(error)) throw usageFailure(`wright worker: ${error.message}`);
    throw error;
  }
  const data = dataDirectory(context.env);
  // Lines quote task ids and error messages: sanitised like any workspace text.
  const log = (line: string) => printText(context.stdout, own`${untrustedLine(line)}\n`);
  const sandbox = await announceSandbox(settings, context.env, (line) =>
    printText(context.stderr, own`${untrustedLine(line)}\n`),
  );
  const setupPromise = createBatchTaskSetup({
    settings,
    sandbox,
    cwd,
    ...(modelConcurrency === undefined
      ? {}
      : {
          wrapModel: (model) =>
            limitModelConcurrency(
              model,
              queue.semaphore(
                modelLimitKey({
                  provider: settings.provider,
                  baseUrl: settings.baseUrl,
                  apiKey: settings.apiKey,
                }),
                modelConcurrency,
              ),
            ),
        }),
  });
  const setup = await setupPromise.catch(async (error: unknown) => {
    await queue.close();
    throw error;
  });

  const handler = async (task: QueuedTask, attempt: { attempt: number; signal: AbortSignal }) => {
    const diffPath = nodePath.join(data, 'queue', task.batch, task.id, `attempt-${attempt.attempt}.patch`);
    await mkdir(nodePath.dirname(diffPath), { recursive: true });
    const result = await runBatchTask({
      ...setup,
      dataDirectory: data,
      task,
      id: task.id,
      diffPath,
      signal: attempt.signal,
    });
    const outcome: AttemptOutcome = { result };
    if (resultsDirectory !== undefined) {
      const journalPath =
        result.sessionId === ''
          ? undefined
          : (
              await createSessionStore({ dataDirectory: data, cwd: await prepareTaskDirectory(task, data) })
            ).journalPath(result.sessionId);
      outcome.artefacts = await saveAttemptArtefacts({
        resultsDirectory: nodePath.resolve(cwd, resultsDirectory),
        batch: task.batch,
        id: task.id,
        attempt: attempt.attempt,
        result,
        ...(journalPath === undefined ? {} : { journalPath }),
      });
    }
    return outcome;
  };

  const worker = queue.startWorker({
    handler,
    concurrency,
    lockDurationMs,
    ...(stringValue(input, 'name') === undefined ? {} : { name: stringValue(input, 'name') }),
    onEvent(event) {
      if (event.type === 'worker-error')
        printText(context.stderr, own`wright worker: queue error: ${untrustedLine(event.message)}\n`);
      else if (event.type === 'attempt-start') log(`started ${event.id} (attempt ${event.attempt})`);
      else {
        const result = event.result;
        const summary = result
          ? ` · ${result.status} · ${result.steps} steps · ${formatCost(result.cost)} · ${formatDuration(result.durationMs)}`
          : '';
        const cause = result?.error ? `: ${result.error.message.split('\n')[0]}` : '';
        log(`${event.outcome} ${event.id} (attempt ${event.attempt})${summary}${cause}`);
      }
    },
  });
  log(`wright worker: taking tasks from ${url.replace(/:[^:@/]*@/, ':***@')} (${concurrency} at once)`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = () => {
      if (stopping) {
        // A second signal: hand running tasks back now.
        void worker.stop({ graceMs: 0 });
        return;
      }
      stopping = true;
      log(
        `wright worker: stopping; ${worker.running()} running task(s) get ${formatDuration(graceMs)} to finish`,
      );
      void worker.stop({ graceMs }).then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  await setup.close();
  await queue.close();
  log('wright worker: stopped');
  return exitCodes.ok;
}
