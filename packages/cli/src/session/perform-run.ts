import { join } from 'node:path';
import type { Settings } from '@wright/agent';
import { type CodingRunOptions, createCodingAgent, type SubagentOptions } from '@wright/agent';
import type { ApprovalDecision, ApprovalRequest, ErrorData, ModelClient, SandboxOptions } from '@wright/core';
import { childEnvironment, createGlmClient } from '@wright/core';
import type { TaskResult, TaskStatus } from '@wright/runner';
import type { ShellToolOptions } from '@wright/tools';
import type { ResultStatus } from '../cli-events.js';
import { exitCodes } from '../exit-codes.js';
import type { ResultEvent, RunOutput } from '../render/run-output.js';
import { untrustedLine } from '../render/terminal-text.js';
import { buildConfiguredTools } from './build-tools.js';
import { clientLimits } from './client-limits.js';
import { describeRunError } from './describe-run-error.js';
import { languageServersFor, type RunLanguageServers } from './language-servers.js';
import type { ModelAccess } from './model-access.js';
import { pathProtection } from './path-protection.js';
import { createRunApprover } from './run-approver.js';
import { secretPolicy } from './secret-policy.js';

/** Everything one run needs, already validated. */
export type RunRequest = {
  task: string;
  /** The user's directory (the workspace in place, or the repository a worktree is made from). */
  cwd: string;
  settings: Settings;
  access: ModelAccess;
  check?: string | undefined;
  /** A session id prefix or `last`. */
  resume?: string | undefined;
  /** The id of a new session (default: a fresh one); ignored when resuming. */
  sessionId?: string | undefined;
  /** What the tools see of the workspace (an editor's file system); default the runner's workspace. */
  adaptWorkspace?: CodingRunOptions['adaptWorkspace'];
  worktree: boolean;
  dataDirectory: string;
  output: RunOutput;
  signal: AbortSignal;
  /** Asks the person at the terminal when the permission policy says `ask`; absent: the policy decides. */
  approve?: (request: ApprovalRequest) => Promise<ApprovalDecision>;
  /** A compaction threshold (share of the context window) for this prompt: chat's `/compact`. */
  compactionThreshold?: number | undefined;
  /** The sandbox of shell and check commands (from `announceSandbox`). */
  sandbox: SandboxOptions;
  /** True for a chat's later messages: the session already started, so `session_start` hooks do not fire again. */
  continues?: boolean | undefined;
  /** Chat in a terminal: asks before re-running one sandbox-blocked command outside the sandbox. */
  askToRunUnsandboxed?: ShellToolOptions['askToRunUnsandboxed'];
  /** Language servers kept across runs (chat's prompts), closed by the caller; default: started for this run. */
  languageServers?: RunLanguageServers | undefined;
};

const statusByTask: Record<TaskStatus, { status: ResultStatus; exitCode: number }> = {
  done: { status: 'finished', exitCode: exitCodes.ok },
  'check-failed': { status: 'check-failed', exitCode: exitCodes.checkFailed },
  'budget-exceeded': { status: 'budget', exitCode: exitCodes.budget },
  aborted: { status: 'interrupted', exitCode: exitCodes.interrupted },
  error: { status: 'error', exitCode: exitCodes.failure },
  stopped: { status: 'error', exitCode: exitCodes.failure },
};

/**
 * Runs one task through the runner (workspace, journal, checkpoints, check rounds), streaming every event to the
 * output, and returns the result event. Provider and workspace failures become a result with status `error`
 * (and one line on stderr); it throws only for programmer errors.
 */
export async function performRun(request: RunRequest): Promise<ResultEvent> {
  const { settings, access, output } = request;
  const modelFor = (modelId: string) =>
    createGlmClient({
      provider: access.provider,
      model: modelId,
      ...(access.apiKey === undefined ? {} : { apiKey: access.apiKey }),
      ...(access.baseUrl === undefined ? {} : { baseUrl: access.baseUrl }),
      ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
      redact: childEnvironment(secretPolicy(settings)).secrets,
      ...clientLimits(settings),
    });
  const model = modelFor(access.model);
  const configured = await buildConfiguredTools({ settings, cwd: request.cwd });
  const ownServers =
    request.languageServers === undefined
      ? await languageServersFor(settings, request.sandbox, (event) =>
          output.event({ ...event, time: Date.now() }),
        )
      : undefined;
  const servers = request.languageServers ?? ownServers;
  const approve = createRunApprover({
    settings,
    ...(request.approve === undefined ? {} : { ask: request.approve }),
    emit: (event) => output.event(event),
  });
  // The same preset embedders use: coding prompt with AGENTS.md, built-in tools, workspace, checkpoints, loop.
  const agent = createCodingAgent({
    cwd: request.cwd,
    model,
    dataDirectory: request.dataDirectory,
    mode: request.worktree ? 'worktree' : 'in-place',
    approve,
    tools: configured.list,
    ...(servers === undefined ? {} : { wrapTools: servers.wrap }),
    secrets: secretPolicy(settings),
    protection: pathProtection(settings),
    subagents: subagentOptions(settings, modelFor),
    sandbox: request.sandbox,
    hooks: settings.hooks,
    builtinTools: {
      webFetch: settings.webFetch,
      ...(request.askToRunUnsandboxed === undefined
        ? {}
        : { shell: { askToRunUnsandboxed: request.askToRunUnsandboxed } }),
    },
    skills: settings.configDirectory === undefined ? {} : { userDirectory: settings.configDirectory },
    budget: {
      ...(settings.maxSteps === undefined ? {} : { maxSteps: settings.maxSteps }),
      ...(settings.maxTokens === undefined ? {} : { maxTotalTokens: settings.maxTokens }),
      ...(settings.maxCostUsd === undefined ? {} : { maxCostUsd: settings.maxCostUsd }),
      ...(settings.maxDurationMs === undefined ? {} : { maxDurationMs: settings.maxDurationMs }),
    },
    agent: {
      thinking: settings.thinking,
      prices: settings.prices,
      ...(settings.maxReasoningChars === undefined ? {} : { maxReasoningChars: settings.maxReasoningChars }),
    },
  });
  try {
    const task = agent.run(request.task, {
      signal: request.signal,
      ...(request.resume === undefined ? {} : { resume: request.resume }),
      ...(request.sessionId === undefined || request.resume !== undefined
        ? {}
        : { sessionId: request.sessionId }),
      ...(request.adaptWorkspace === undefined ? {} : { adaptWorkspace: request.adaptWorkspace }),
      ...(request.check === undefined ? {} : { check: request.check }),
      ...(request.continues ? { continues: true } : {}),
      ...(request.compactionThreshold === undefined
        ? {}
        : { agent: { compaction: { threshold: request.compactionThreshold } } }),
    });
    for await (const event of task) output.event(event);
    const result = await task.result;
    const changedFiles = await task.workspace
      .then(async (workspace) =>
        (await workspace.diffCheckpoints(0, 'current')).files.map((file) => file.path),
      )
      .catch(() => undefined);
    return toResultEvent(result, request, changedFiles);
  } finally {
    await Promise.all([configured.close(), ownServers?.close()]);
  }
}

/** The `task` tool's settings from config: off with `subagents.enabled: false`. */
function subagentOptions(
  settings: Settings,
  modelFor: (modelId: string) => ModelClient,
): SubagentOptions | false {
  const { enabled, maxDepth, maxPerTurn, maxSteps, maxTokens, maxDurationMs } = settings.subagents;
  if (!enabled) return false;
  const { configDirectory } = settings;
  return {
    modelFor,
    ...(configDirectory === undefined ? {} : { userDirectory: join(configDirectory, 'agents') }),
    ...(maxDepth === undefined ? {} : { maxDepth }),
    ...(maxPerTurn === undefined ? {} : { maxPerTurn }),
    budget: {
      ...(maxSteps === undefined ? {} : { maxSteps }),
      ...(maxTokens === undefined ? {} : { maxTotalTokens: maxTokens }),
      ...(maxDurationMs === undefined ? {} : { maxDurationMs }),
    },
  };
}

function toResultEvent(
  result: TaskResult,
  request: RunRequest,
  changedFiles: string[] | undefined,
): ResultEvent {
  const mapped = statusByTask[result.status];
  const event: ResultEvent = {
    type: 'result',
    time: Date.now(),
    status: mapped.status,
    exitCode: mapped.exitCode,
    reason: result.reason,
    text: result.text,
    steps: result.steps,
    usage: result.usage,
    cacheHitRate:
      result.usage.inputTokens === 0 ? 0 : result.usage.cachedInputTokens / result.usage.inputTokens,
    cost: result.cost,
    durationMs: result.durationMs,
  };
  if (result.sessionId !== '') event.sessionId = result.sessionId;
  if (result.check !== null) event.check = { command: result.check.command, passed: result.check.passed };
  if (changedFiles !== undefined) event.changedFiles = changedFiles;
  if (result.status === 'error' || result.status === 'stopped') {
    const error: ErrorData = result.error ?? {
      code: 'unknown',
      message: `the run stopped: ${result.reason}${result.summary ? ` (${result.summary.split('\n')[0]})` : ''}`,
      retryable: false,
    };
    const line = describeRunError(error, request.access, request.settings.apiKeyEnv);
    event.error = {
      code: error.code,
      message: line,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
    request.output.warn(untrustedLine(line));
  }
  return event;
}
