import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AnyTool, Approver, ModelClient, SandboxOptions, SecretPolicy } from '@wright/core';
import { type RunTaskOptions, runTask, type TaskBudget, type TaskResult, type TaskRun } from '@wright/runner';
import { failedTaskResult } from '@wright/runner/internal';
import {
  type ApprovalMode,
  type BuiltinToolsOptions,
  createBackgroundProcesses,
  createBuiltinTools,
  createPermissionPolicy,
  type PermissionRule,
} from '@wright/tools';
import { createCommandHooks } from './hooks/command-hooks.js';
import type { HooksConfig } from './hooks/hooks-config.js';
import { buildSystemPrompt } from './prompts/build-system-prompt.js';
import { discoverSkills } from './skills/discover-skills.js';
import { createSkillTool } from './skills/skill-tool.js';
import { prepareSubagents, type SubagentOptions, withTaskWarnings } from './subagents/prepare-subagents.js';

/** What `createCodingAgent` takes. Only `cwd` and `model` are required; the rest default to what `wright run` does. */
export type CodingAgentOptions = {
  /** The project directory: the workspace itself (in place), or the repository a worktree is made from. */
  cwd: string;
  /** The model, e.g. `createGlmClient({ apiKey })` from @wright/core. */
  model: ModelClient;
  /** Where sessions, checkpoints and ledgers are kept. Default `~/.local/share/wright`, as the CLI without WRIGHT_HOME. */
  dataDirectory?: string;
  /** `in-place` (default) edits `cwd`; `worktree` works in a git worktree on branch `wright/<session>`. */
  mode?: 'in-place' | 'worktree';
  /** What tools may do without asking (default `auto-edit`: reads and edits; commands and network need approval). */
  approval?: { mode?: ApprovalMode; allow?: PermissionRule[]; deny?: PermissionRule[] };
  /** Asks a person when the policy says ask. Without it such calls are refused with a reason the model reads. */
  ask?: Approver;
  /** Replaces the permission policy altogether (then `approval` and `ask` are not used). */
  approve?: Approver;
  /** Tools added after the built-in ones (your own, plugins, MCP tools). */
  tools?: AnyTool[];
  /**
   * Transforms each run's final tool list, e.g. `withDiagnostics` from @wright/lsp to add language-server
   * diagnostics to edit results.
   */
  wrapTools?: (tools: AnyTool[]) => AnyTool[];
  /** Options of the built-in tools (shell timeouts, grep engine, ...). The secret policy is added to the shell's. */
  builtinTools?: Omit<BuiltinToolsOptions, 'processes'>;
  /** Environment variables that are secret for every child process; default: ZAI_API_KEY and credential names. */
  secrets?: SecretPolicy;
  /** Budgets over a whole task, check rounds included. */
  budget?: TaskBudget;
  /** A command run when the agent finishes (`npm test`); failures go back to the agent. */
  check?: string;
  /** The system prompt. Default: Wright's coding prompt followed by every AGENTS.md from the repository root down. */
  system?: string;
  /** Other loop options (thinking, prices, compaction, ...). */
  agent?: RunTaskOptions['agent'];
  /** Protected paths (default: core's, `.git`, `.wright`, `.env*`). */
  protection?: RunTaskOptions['protection'];
  /**
   * The sandbox of every shell, background shell and check command (`{ mode: 'workspace-write' }` is what
   * `wright run` uses by default); absent, commands run unconfined. See docs/security.md.
   */
  sandbox?: SandboxOptions;
  /**
   * Skills (docs/skills.md): found in the project's `.wright/skills/`, `.agents/skills/`, `.claude/skills/` and in
   * `userDirectory/skills/` when a run starts, listed by name and description in the system prompt of a new session,
   * and loaded with the `skill` tool (always offered, so the tool list never changes). `false` turns both off.
   */
  skills?: { userDirectory?: string } | false;
  /**
   * Subagents: the `task` tool with the agents of `.wright/agents/`, `.claude/agents/` and `userDirectory`, its
   * limits and budgets (docs/agents.md). On by default; `false` leaves the tool out.
   */
  subagents?: SubagentOptions | false;
  /**
   * User hooks (config `hooks`, Claude Code's shape): commands run in `sandbox` with the scrubbed environment on
   * `session_start`, `user_prompt_submit`, `pre_tool_use`, `post_tool_use` and `stop`. See docs/hooks.md. Pass only
   * trusted config (the user's, or a trusted project's).
   */
  hooks?: HooksConfig;
};

/** Options of one `run`. */
export type CodingRunOptions = {
  /** Continue a stored session (`last` or an id prefix) with the task as the next user message. */
  resume?: string;
  /** Cancels the run (`reason: 'aborted'`). */
  signal?: AbortSignal;
  /** The id of a new session (default: a fresh sortable id); ignored when resuming. */
  sessionId?: string;
  /** What the tools see of the workspace (an editor's file system, say); see `RunTaskOptions.adaptWorkspace`. */
  adaptWorkspace?: RunTaskOptions['adaptWorkspace'];
  /** Overrides the agent's `check` for this run. */
  check?: string;
  /** Loop options for this run, over the agent's. */
  agent?: RunTaskOptions['agent'];
  /**
   * True when this run continues a conversation this process already started (a chat's next message):
   * `session_start` hooks do not fire again.
   */
  continues?: boolean;
};

/** A configured coding agent: each `run` is one task, with the same events `wright run --json` prints. */
export type CodingAgent = {
  /** Starts a task at once. Iterate the run for its events; `result` resolves with the outcome and never rejects. */
  run(task: string, options?: CodingRunOptions): TaskRun;
};

/**
 * What `wright run` does, in one call: the coding system prompt with AGENTS.md, the built-in tools behind a
 * permission policy, a git workspace with a journal and a checkpoint per step, check rounds, and the loop.
 */
export function createCodingAgent(options: CodingAgentOptions): CodingAgent {
  const dataDirectory = options.dataDirectory ?? join(homedir(), '.local', 'share', 'wright');
  const approve =
    options.approve ??
    createPermissionPolicy({
      mode: options.approval?.mode ?? 'auto-edit',
      rules: { allow: options.approval?.allow ?? [], deny: options.approval?.deny ?? [] },
      ...(options.ask === undefined ? {} : { ask: options.ask }),
    });
  return {
    run(task, runOptions = {}) {
      // Fresh tool state per task; background processes the task started are killed when it ends.
      const processes = createBackgroundProcesses();
      const shell = {
        ...options.builtinTools?.shell,
        ...(options.secrets?.secretEnv ? { secretEnv: [...options.secrets.secretEnv] } : {}),
        ...(options.secrets?.passEnv ? { passEnv: [...options.secrets.passEnv] } : {}),
        ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
      };
      const check = runOptions.check ?? options.check;
      const agentOptions = { ...options.agent, ...runOptions.agent };
      const sessionStart = runOptions.continues
        ? undefined
        : runOptions.resume === undefined
          ? 'startup'
          : 'resume';
      const hooks =
        options.hooks === undefined
          ? undefined
          : createCommandHooks(options.hooks, {
              sandbox: options.sandbox,
              secrets: options.secrets,
              sessionStart,
            });
      const run = deferredTask(
        async () => {
          const skills =
            options.skills === false
              ? undefined
              : await discoverSkills({ projectDirectory: options.cwd, ...options.skills });
          const all = [
            ...createBuiltinTools({ ...options.builtinTools, shell, processes }),
            ...(skills === undefined ? [] : [createSkillTool(skills.skills)]),
            ...(options.tools ?? []),
          ];
          const subagents =
            options.subagents === false
              ? undefined
              : await prepareSubagents({
                  settings: options.subagents ?? {},
                  projectDirectory: options.cwd,
                  model: options.model,
                  approve,
                  parentTools: all,
                  thinking: agentOptions.thinking,
                  prices: agentOptions.prices,
                });
          const listed = subagents === undefined ? all : [...all, subagents.tool];
          const tools = options.wrapTools ? options.wrapTools(listed) : listed;
          const system =
            options.system ??
            (await buildSystemPrompt(options.cwd, undefined, { skills: skills?.skills ?? [] }));
          return withTaskWarnings(
            runTask({
              cwd: options.cwd,
              dataDirectory,
              model: options.model,
              tools,
              prompt: task,
              mode: options.mode ?? 'in-place',
              system,
              agent: { ...agentOptions, approve, ...(hooks === undefined ? {} : { hooks }) },
              ...(runOptions.resume === undefined ? {} : { resume: runOptions.resume }),
              ...(runOptions.sessionId === undefined ? {} : { sessionId: runOptions.sessionId }),
              ...(runOptions.adaptWorkspace === undefined
                ? {}
                : { adaptWorkspace: runOptions.adaptWorkspace }),
              ...(check === undefined ? {} : { check }),
              ...(options.budget === undefined ? {} : { budget: options.budget }),
              ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
              ...(options.protection === undefined ? {} : { protection: options.protection }),
              ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
              ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }),
            }),
            [...(subagents?.notes ?? []), ...(skills?.problems ?? [])],
          );
        },
        (error) =>
          failedTaskResult({
            ...(options.mode === undefined ? {} : { mode: options.mode }),
            cwd: options.cwd,
            error,
          }),
      );
      run.result.finally(() => processes.killAll()).catch(() => undefined);
      return run;
    },
  };
}

/**
 * A TaskRun available at once whose task starts after an async preparation (reading AGENTS.md). A failed
 * preparation ends the run like runTask's own failures: an `error` result and a `task-end` event, never a rejection.
 */
function deferredTask(start: () => Promise<TaskRun>, failed: (error: unknown) => TaskResult): TaskRun {
  const started = start().catch((error: unknown) => failedRun(failed(error), error));
  const workspace = started.then((run) => run.workspace);
  workspace.catch(() => undefined);
  return {
    result: started.then((run) => run.result),
    workspace,
    async *[Symbol.asyncIterator]() {
      yield* await started;
    },
  };
}

function failedRun(result: TaskResult, error: unknown): TaskRun {
  const workspace = Promise.reject(error);
  workspace.catch(() => undefined);
  return {
    result: Promise.resolve(result),
    workspace,
    async *[Symbol.asyncIterator]() {
      yield { type: 'task-end', sessionId: result.sessionId, time: Date.now(), result };
    },
  };
}
