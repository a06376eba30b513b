import {
  methods,
  type PromptResponse,
  RequestError,
  type SessionUpdate,
  type StopReason,
} from '@agentclientprotocol/sdk';
import type { RunStopReason } from '@wright/core';
import type { ResultEvent, RunOutput } from '../render/run-output.js';
import { createStyle } from '../render/style.js';
import { resolveSandbox } from '../sandbox/resolve-sandbox.js';
import { performRun } from '../session/perform-run.js';
import type { AcpSession } from './acp-session.js';
import { createEditorApprover } from './ask-permission.js';
import { createEditorWorkspace, type EditorFiles } from './editor-workspace.js';
import { createUpdateMapper } from './session-updates.js';
import { createToolCallTracker } from './tool-call-tracker.js';

const stopReasons: Partial<Record<RunStopReason, StopReason>> = {
  done: 'end_turn',
  aborted: 'cancelled',
  'max-steps': 'max_turn_requests',
  'cost-budget': 'max_turn_requests',
  'time-budget': 'max_turn_requests',
  'token-budget': 'max_tokens',
  'content-filter': 'refusal',
};

/**
 * Runs one prompt of a session through the CLI's run machinery (runner, journal, checkpoints, tools, permission
 * policy), streaming its events to the editor as session updates. Resolves with the stop reason; a provider or
 * workspace failure rejects with a JSON-RPC error whose message is the CLI's one-line cause and fix.
 */
export async function runPrompt(options: {
  session: AcpSession;
  task: string;
  dataDirectory: string;
  /** The editor's file system, when it offers one. */
  files: EditorFiles;
  log: (line: string) => void;
}): Promise<PromptResponse> {
  const { session, task } = options;
  const controller = new AbortController();
  session.running = controller;
  const tracker = createToolCallTracker();
  const mapper = createUpdateMapper({
    root: session.cwd,
    model: session.access.model,
    tracker,
    costBefore: session.cost,
  });
  const send = (update: SessionUpdate) =>
    session.client
      .notify(methods.client.session.update, { sessionId: session.id, update })
      .catch((error: unknown) => options.log(`wright acp: could not send an update: ${String(error)}`));
  let workspaceReader: ((path: string) => Promise<Uint8Array | null>) | undefined;
  const warnings: string[] = [];
  const output: RunOutput = {
    json: true,
    style: createStyle(false),
    event: (event) => {
      for (const update of mapper.map(event)) void send(update);
    },
    print: () => {},
    warn: (line) => {
      warnings.push(line);
      options.log(line);
    },
    finish: () => {},
    totals: () => undefined,
    interact: (ask) => ask(),
  };
  try {
    const result = await performRun({
      task,
      cwd: session.cwd,
      settings: session.settings,
      access: session.access,
      ...(session.stored ? { resume: session.id } : { sessionId: session.id }),
      worktree: false,
      dataDirectory: options.dataDirectory,
      // The editor's agent runs commands in the same sandbox as `wright run` (settings from the session's folder).
      sandbox: resolveSandbox(session.settings, process.env),
      output,
      signal: controller.signal,
      approve: createEditorApprover({
        client: session.client,
        sessionId: session.id,
        root: session.cwd,
        tracker,
        rules: session.settings.approvalRules,
        readText: async (path) => {
          const bytes = workspaceReader === undefined ? null : await workspaceReader(path).catch(() => null);
          return bytes === null ? null : new TextDecoder().decode(bytes);
        },
        signal: controller.signal,
      }),
      adaptWorkspace: (workspace) => {
        const adapted = createEditorWorkspace({
          workspace,
          files: options.files,
          onChanges: (origin, changes) => tracker.recordChanges(origin, changes),
        });
        workspaceReader = adapted.readFile;
        return adapted;
      },
    });
    if (result.sessionId !== undefined) session.stored = true;
    session.cost = mapper.cost();
    return finish(result, warnings, send);
  } finally {
    session.running = undefined;
  }
}

async function finish(
  result: ResultEvent,
  warnings: string[],
  send: (update: SessionUpdate) => Promise<void>,
): Promise<PromptResponse> {
  const meta = {
    wright: {
      sessionId: result.sessionId,
      reason: result.reason,
      steps: result.steps,
      usage: result.usage,
      cacheHitRate: result.cacheHitRate,
      cost: result.cost,
      durationMs: result.durationMs,
      changedFiles: result.changedFiles,
    },
  };
  // Stops that are not failures of the run machinery: the turn ends, and the editor is told why.
  const stoppedByLoop = ['loop-detected', 'invalid-output', 'hook-stopped'].includes(result.reason ?? '');
  if (result.status === 'error' && !stoppedByLoop) {
    const message = result.error?.message ?? warnings[0] ?? 'wright: the run failed';
    const data = { code: result.error?.code, ...meta };
    throw result.error?.code === 'auth'
      ? RequestError.authRequired(data, message)
      : new RequestError(-32603, message, data);
  }
  const reason = result.reason === undefined ? undefined : stopReasons[result.reason];
  if (reason === undefined) {
    // Loop guard or invalid structured output: the turn ends, and the editor is told why.
    await send({
      sessionUpdate: 'agent_message_chunk',
      content: { type: 'text', text: `\n\n(Wright stopped: ${stopText(result)})` },
    });
  }
  return { stopReason: reason ?? 'end_turn', _meta: meta };
}

/** Why a run stopped, for the editor: a hook's own reason, else the stop reason. */
function stopText(result: ResultEvent): string {
  if (result.reason === 'hook-stopped' && result.error !== undefined) return result.error.message;
  return `${result.reason ?? 'unknown reason'}.`;
}
