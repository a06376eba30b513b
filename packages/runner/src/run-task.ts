import type {
  AnyTool,
  Message,
  ModelClient,
  Plan,
  RunAgentOptions,
  RunStopReason,
  SandboxOptions,
  SecretPolicy,
  Usage,
  Workspace,
} from '@wright/core';
import { addUsage, createSessionJournal, emptyUsage, loadSession, runAgent } from '@wright/core';
import { createEventStream } from './event-stream.js';
import { failedTaskResult } from './failed-task-result.js';
import { readJournalLines } from './journal-file.js';
import { type OpenWorkspaceOptions, openWorkspace, type RunnerWorkspace } from './open-workspace.js';
import { repairSession } from './repair-session.js';
import { runCheck } from './run-check.js';
import type { CheckSummary, RunnerEvent, TaskResult } from './runner-events.js';
import { createSessionStore } from './session-store.js';
import { createStepJournal } from './step-journal.js';
import { checkFeedback, remainingBudget, type TaskBudget, taskStatus } from './task-budget.js';

/** Options of `runTask`. */
export type RunTaskOptions = {
  /** The directory to work in (for a resumed session, the session's own directory is used). */
  cwd: string;
  /** Wright's data directory (sessions, snapshots, worktrees). */
  dataDirectory: string;
  model: ModelClient;
  tools?: AnyTool[];
  /** The task, or (when resuming) the next user message. */
  prompt?: string;
  /** New sessions only; default `in-place`. A resumed session keeps its mode. */
  mode?: 'in-place' | 'worktree';
  /** `last` or a session id (prefix) to continue; its interrupted step, if any, is repaired first. */
  resume?: string;
  /** Id for a new session; default a fresh sortable id. */
  sessionId?: string;
  system?: string;
  /** A shell command run in the workspace root when the agent finishes; failures go back to the agent. */
  check?: string;
  /** How many times the check may run; default 3. */
  maxCheckRounds?: number;
  /** Per check run; default 10 minutes. */
  checkTimeoutMs?: number;
  /** Characters of check output kept and sent back; default 4000. */
  checkOutputChars?: number;
  /**
   * Which environment variables are secret: removed from the check command's environment and scrubbed from its
   * output (see `childEnvironment` in @wright/core). Default: `ZAI_API_KEY` and the built-in credential names.
   */
  secrets?: SecretPolicy;
  /**
   * The sandbox the check command runs in (the workspace or worktree root is the writable one); absent means none.
   * Pass the same to the shell tools (`createBuiltinTools({ shell: { sandbox } })`) so both run alike.
   */
  sandbox?: SandboxOptions;
  snapshots?: OpenWorkspaceOptions['snapshots'];
  /** Protected paths and the allow rules that open them (see `PathProtection`); default core's defaults. */
  protection?: OpenWorkspaceOptions['protection'];
  /**
   * What the tools see of the workspace: an adapter over the runner's (an editor's file system, say) whose writes
   * must still end in the runner workspace's `applyChanges`, so the ledger and checkpoints record them. Default: the
   * runner's workspace itself.
   */
  adaptWorkspace?: (workspace: RunnerWorkspace) => Workspace;
  /** Budgets over the whole task, every check round included. */
  budget?: TaskBudget;
  /** Other loop options (thinking, approval, compaction, prices, ...). */
  agent?: Omit<
    RunAgentOptions,
    | 'model'
    | 'tools'
    | 'workspace'
    | 'messages'
    | 'plan'
    | 'prompt'
    | 'sessionId'
    | 'journal'
    | 'system'
    | 'signal'
    | keyof TaskBudget
  >;
  signal?: AbortSignal;
};

/** A task as it runs: the event stream (agent events plus the runner's), the result and the workspace. */
export type TaskRun = AsyncIterable<RunnerEvent> & {
  result: Promise<TaskResult>;
  /** Resolves once the workspace is open (rejects if it could not be opened). */
  workspace: Promise<RunnerWorkspace>;
};

/** Runs one task: workspace, agent loop with journal and checkpoints, check rounds. Never rejects. */
export function runTask(options: RunTaskOptions): TaskRun {
  const stream = createEventStream<RunnerEvent>();
  let resolveWorkspace!: (workspace: RunnerWorkspace) => void;
  let rejectWorkspace!: (error: unknown) => void;
  const workspacePromise = new Promise<RunnerWorkspace>((resolve, reject) => {
    resolveWorkspace = resolve;
    rejectWorkspace = reject;
  });
  workspacePromise.catch(() => undefined);
  const result = execute(options, stream.push, resolveWorkspace)
    .catch((error) => {
      rejectWorkspace(error);
      const failed = failedTaskResult({
        ...(options.sessionId === undefined ? {} : { sessionId: options.sessionId }),
        ...(options.mode === undefined ? {} : { mode: options.mode }),
        cwd: options.cwd,
        error,
      });
      stream.push({ type: 'task-end', sessionId: failed.sessionId, time: Date.now(), result: failed });
      return failed;
    })
    .finally(() => stream.close());
  return {
    [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator](),
    result,
    workspace: workspacePromise,
  };
}

async function execute(
  options: RunTaskOptions,
  emit: (event: RunnerEvent) => void,
  onWorkspace: (workspace: RunnerWorkspace) => void,
): Promise<TaskResult> {
  const startedAt = Date.now();
  const store = await createSessionStore({ dataDirectory: options.dataDirectory, cwd: options.cwd });
  const resumed = options.resume !== undefined;
  const sessionId = resumed
    ? await store.resolve(options.resume!)
    : options.sessionId
      ? (await store.initialize(options.sessionId)).id
      : await store.create();
  const meta = await store.readMeta(sessionId);
  const mode = resumed ? (meta.mode ?? 'in-place') : (options.mode ?? 'in-place');
  const workspace = await openWorkspace({
    cwd: resumed ? (meta.cwd ?? options.cwd) : options.cwd,
    mode,
    sessionId,
    dataDirectory: options.dataDirectory,
    ...(options.snapshots ? { snapshots: options.snapshots } : {}),
    ...(options.protection ? { protection: options.protection } : {}),
  });
  onWorkspace(workspace);
  const toolWorkspace = options.adaptWorkspace?.(workspace) ?? workspace;
  const time = () => Date.now();
  emit({
    type: 'task-start',
    sessionId,
    time: time(),
    mode,
    root: workspace.root,
    ...(workspace.branch ? { branch: workspace.branch } : {}),
    resumed,
  });

  const journalPath = store.journalPath(sessionId);
  let messages: Message[] = [];
  // The model's plan, carried from the journal and from one check round to the next (compaction re-injects it).
  let plan: Plan | undefined;
  if (resumed) {
    const repair = await repairSession(workspace, journalPath);
    if (repair) {
      const { droppedEvents, revertedFiles, restoredStep, warnings } = repair;
      emit({
        type: 'repair',
        sessionId,
        time: time(),
        droppedEvents,
        revertedFiles,
        warnings,
        ...(restoredStep !== undefined ? { restoredStep } : {}),
      });
    }
    const journal = await readJournalLines(journalPath);
    if (journal.events.length > 0) {
      const loaded = await loadSession(journalPath);
      messages = loaded.messages;
      plan = loaded.plan;
    }
  }
  const title = meta.title || (options.prompt ?? '').split('\n')[0]!.slice(0, 200);
  await store.updateMeta(sessionId, { status: 'running', title, pid: process.pid });

  const journal = await createSessionJournal(journalPath);
  // A forced undo may have saved a checkpoint numbered past the last turn: new steps come after it.
  // Not `listCheckpoints()`: a new session's step 0 is still being taken, and the first request need not wait.
  const latestCheckpoint = await workspace.latestStep();
  let stepOffset = Math.max(
    latestCheckpoint,
    (await readJournalLines(journalPath)).events.filter((event) => event.type === 'turn-end').length,
  );
  const tools = guardTools(options.tools ?? [], workspace);
  let prompt = options.prompt;
  let usage: Usage = emptyUsage();
  let cost = 0;
  let steps = 0;
  let check: CheckSummary | null = null;
  let last: Awaited<ReturnType<typeof runAgent>['result']> | undefined;
  // The budget that ran out before a round could start (the agent never ran, or a check round had nothing left).
  let exhausted: RunStopReason | undefined;
  try {
    while (true) {
      const remaining = remainingBudget(options.budget ?? {}, { steps, usage, cost, startedAt });
      if ('exhausted' in remaining) {
        exhausted = remaining.exhausted;
        break;
      }
      const budget = remaining.left;
      const stepJournal = createStepJournal({ journal, workspace, stepOffset, emit });
      const run = runAgent({
        ...options.agent,
        ...budget,
        model: options.model,
        tools,
        workspace: toolWorkspace,
        messages,
        ...(plan !== undefined ? { plan } : {}),
        ...(prompt !== undefined ? { prompt } : {}),
        ...(options.system !== undefined ? { system: options.system } : {}),
        sessionId,
        journal: stepJournal,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      last = await run.result;
      await stepJournal.settled();
      stepOffset = stepJournal.lastStep;
      usage = addUsage(usage, last.usage);
      cost += last.cost;
      steps += last.steps;
      messages = last.messages;
      plan = last.plan ?? plan;
      if (last.reason !== 'done' || options.check === undefined) break;

      const round: number = (check?.rounds ?? 0) + 1;
      emit({ type: 'check-start', sessionId, time: time(), command: options.check, round });
      const outcome = await runCheck({
        command: options.check,
        cwd: workspace.root,
        timeoutMs: options.checkTimeoutMs ?? 600_000,
        maxOutputChars: options.checkOutputChars ?? 4000,
        ...(options.secrets ? { secrets: options.secrets } : {}),
        sandbox: options.sandbox,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      emit({ type: 'check-end', sessionId, time: time(), command: options.check, round, ...outcome });
      check = {
        command: options.check,
        passed: outcome.passed,
        rounds: round,
        exitCode: outcome.exitCode,
        outputTail: outcome.outputTail,
      };
      if (outcome.passed || round >= (options.maxCheckRounds ?? 3) || options.signal?.aborted) break;
      prompt = checkFeedback(options.check, outcome.exitCode, outcome.timedOut, outcome.outputTail);
    }
  } finally {
    await journal.close();
  }

  const reason = last === undefined ? (exhausted ?? 'max-steps') : last.reason;
  const status = taskStatus(reason, check?.passed);
  const result: TaskResult = {
    sessionId,
    status,
    reason,
    text: last?.text ?? '',
    steps,
    sessionSteps: stepOffset,
    usage,
    cost,
    durationMs: Date.now() - startedAt,
    check,
    mode,
    root: workspace.root,
    ...(workspace.branch ? { branch: workspace.branch } : {}),
    ...(last?.summary !== undefined ? { summary: last.summary } : {}),
    ...(last?.error !== undefined ? { error: last.error } : {}),
  };
  await store.updateMeta(sessionId, {
    status: status === 'done' ? 'done' : status === 'error' ? 'failed' : 'stopped',
    reason: status === 'check-failed' ? 'check-failed' : reason,
    steps: stepOffset,
    ...(check ? { check: { command: check.command, passed: check.passed, rounds: check.rounds } } : {}),
  });
  emit({ type: 'task-end', sessionId, time: time(), result });
  return result;
}

/**
 * The tools as the loop gets them: each call first waits for the previous step's checkpoint (taken while the
 * model was being asked), and command-like tools (`execute`) are tracked, so what they change is this session's.
 */
function guardTools(tools: AnyTool[], workspace: RunnerWorkspace): AnyTool[] {
  return tools.map((tool) => {
    const run: AnyTool['run'] = async (input, context) => {
      await workspace.settled();
      if (tool.effect !== 'execute') return tool.run(input, context);
      const origin = { toolName: tool.name, callId: context.callId };
      return workspace.trackCommand(origin, () => tool.run(input, context));
    };
    return Object.assign(Object.create(Object.getPrototypeOf(tool) as object) as AnyTool, tool, { run });
  });
}
