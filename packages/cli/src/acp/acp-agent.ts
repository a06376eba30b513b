import { stat } from 'node:fs/promises';
import nodePath from 'node:path';
import {
  type AgentApp,
  agent,
  type ClientCapabilities,
  methods,
  PROTOCOL_VERSION,
  RequestError,
} from '@agentclientprotocol/sdk';
import { loadSettings, type SettingFlags } from '@wright/agent';
import { isWrightError, loadSession } from '@wright/core';
import { createSessionStore, newSessionId } from '@wright/runner';
import { isCliFailure } from '../exit-codes.js';
import { resolveModelAccess } from '../session/model-access.js';
import { type AcpSession, editorMcpServers } from './acp-session.js';
import { advertiseCommands, commandPrompt } from './available-commands.js';
import type { EditorFiles } from './editor-workspace.js';
import { promptToTask } from './prompt-to-task.js';
import { replayUpdates } from './replay-session.js';
import { runPrompt } from './run-prompt.js';
import {
  isApprovalMode,
  isThinkingMode,
  sessionConfigOptions,
  sessionModes,
  thinkingOptionId,
} from './session-modes.js';

/** What the ACP agent needs from the process. */
export type AcpAgentOptions = {
  env: Record<string, string | undefined>;
  /** The directory `wright acp` started in (for `authenticate`, before any session names one). */
  startDirectory: string;
  /** Setting flags given to `wright acp`; they win over config files, as for `run`. */
  flags: SettingFlags;
  dataDirectory: string;
  version: string;
  /** A line on stderr. */
  log: (line: string) => void;
};

const authMethodId = 'zai-api-key';

/**
 * Wright as an ACP agent: initialize, authenticate, session/new, session/load, session/prompt, session/cancel,
 * session/set_mode and session/set_config_option; custom commands are advertised (`available_commands_update`) and
 * run as `/name args` prompts. Every prompt runs through the CLI's run machinery; sessions are
 * Wright sessions (same ids, same store), so `wright sessions`, `diff` and `undo` see them too.
 */
export function createAcpAgent(options: AcpAgentOptions): {
  app: AgentApp;
  /** Cancels every running prompt and resolves once they have stopped (their processes killed). */
  cancelAll(): Promise<void>;
} {
  const sessions = new Map<string, AcpSession>();
  const runs = new Set<Promise<unknown>>();
  let clientCapabilities: ClientCapabilities = {};

  const sessionFor = (sessionId: string): AcpSession => {
    const session = sessions.get(sessionId);
    if (session !== undefined) return session;
    throw new RequestError(
      -32002,
      `Resource not found: no session ${sessionId} on this connection; create one with session/new or open a stored one with session/load`,
      { sessionId },
    );
  };

  const settingsFor = async (cwd: string) => {
    try {
      const settings = await loadSettings({ env: options.env, projectDirectory: cwd, flags: options.flags });
      return { settings, access: resolveModelAccess(settings) };
    } catch (error) {
      // A bad config value (a usage WrightError from loadSettings) or a missing key (a CliFailure).
      if (!isCliFailure(error) && !isWrightError(error)) throw error;
      const hint = isCliFailure(error) ? error.hint : error.data.hint;
      const line = hint === undefined ? error.message : `${error.message}; ${hint}`;
      if (/no API key/.test(error.message)) throw RequestError.authRequired({ methodId: authMethodId }, line);
      throw RequestError.invalidParams({ cwd }, line);
    }
  };

  const checkDirectory = async (cwd: string) => {
    const info = await stat(cwd).catch(() => undefined);
    if (!nodePath.isAbsolute(cwd) || info?.isDirectory() !== true) {
      throw RequestError.invalidParams(
        { cwd },
        `cwd must be an absolute path to an existing directory (got ${cwd})`,
      );
    }
  };

  const editorFiles = (sessionId: string, client: AcpSession['client']): EditorFiles => ({
    ...(clientCapabilities.fs?.readTextFile === true
      ? {
          read: async (path: string) =>
            (await client.request(methods.client.fs.readTextFile, { sessionId, path })).content,
        }
      : {}),
    ...(clientCapabilities.fs?.writeTextFile === true
      ? {
          write: async (path: string, content: string) => {
            await client.request(methods.client.fs.writeTextFile, { sessionId, path, content });
          },
        }
      : {}),
  });

  const app = agent({ name: 'wright' })
    .onRequest(methods.agent.initialize, ({ params }) => {
      clientCapabilities = params.clientCapabilities ?? {};
      return {
        protocolVersion: Math.min(params.protocolVersion, PROTOCOL_VERSION),
        agentCapabilities: {
          loadSession: true,
          promptCapabilities: { image: false, audio: false, embeddedContext: true },
          mcpCapabilities: { http: true, sse: false },
        },
        authMethods: [
          {
            id: authMethodId,
            name: 'Z.AI API key',
            description:
              'Set ZAI_API_KEY (or the variable named by "apiKeyEnv" in ~/.config/wright/config.json) in the environment the editor starts `wright acp` with; keys: https://z.ai/manage-apikey/apikey-list',
          },
        ],
        agentInfo: { name: 'wright', title: 'Wright (GLM-4.7)', version: options.version },
      };
    })
    .onRequest(methods.agent.authenticate, async ({ params }) => {
      if (params.methodId !== authMethodId) {
        throw RequestError.invalidParams(
          { methodId: params.methodId },
          `unknown auth method; use ${authMethodId}`,
        );
      }
      await settingsFor(options.startDirectory);
      return {};
    })
    .onRequest(methods.agent.session.new, async ({ params, client }) => {
      await checkDirectory(params.cwd);
      const { settings, access } = await settingsFor(params.cwd);
      Object.assign(settings.mcpServers, editorMcpServers(params.mcpServers, settings.mcpServers));
      const id = newSessionId();
      const session: AcpSession = { id, cwd: params.cwd, settings, access, stored: false, cost: 0, client };
      sessions.set(id, session);
      // After the response (the SDK queues it within this tick's microtasks): the editor must know the id first.
      setImmediate(() => void advertiseCommands(session, options.log));
      return { sessionId: id, modes: sessionModes(settings), configOptions: sessionConfigOptions(settings) };
    })
    .onRequest(methods.agent.session.load, async ({ params, client }) => {
      await checkDirectory(params.cwd);
      const store = await createSessionStore({ dataDirectory: options.dataDirectory, cwd: params.cwd });
      const found = await store.resolve(params.sessionId).catch(() => undefined);
      if (found !== params.sessionId) {
        throw new RequestError(
          -32002,
          `Resource not found: no stored Wright session ${params.sessionId} for ${params.cwd}; see 'wright sessions' there`,
          { sessionId: params.sessionId },
        );
      }
      const { settings, access } = await settingsFor(params.cwd);
      Object.assign(settings.mcpServers, editorMcpServers(params.mcpServers, settings.mcpServers));
      const stored = await loadSession(store.journalPath(found));
      for (const update of replayUpdates(stored.messages, params.cwd, stored.plan)) {
        await client.notify(methods.client.session.update, { sessionId: found, update });
      }
      sessions.get(found)?.running?.abort();
      const session: AcpSession = {
        id: found,
        cwd: params.cwd,
        settings,
        access,
        stored: true,
        cost: 0,
        client,
      };
      sessions.set(found, session);
      await advertiseCommands(session, options.log);
      return { modes: sessionModes(settings), configOptions: sessionConfigOptions(settings) };
    })
    .onRequest(methods.agent.session.setMode, ({ params }) => {
      const session = sessionFor(params.sessionId);
      if (!isApprovalMode(params.modeId)) {
        throw RequestError.invalidParams(
          { modeId: params.modeId },
          `unknown mode ${params.modeId}; use read-only, auto-edit or full`,
        );
      }
      session.settings.approvalMode = params.modeId;
      return {};
    })
    .onRequest(methods.agent.session.setConfigOption, ({ params }) => {
      const session = sessionFor(params.sessionId);
      const value = params.value;
      if (params.configId !== thinkingOptionId || typeof value !== 'string' || !isThinkingMode(value)) {
        throw RequestError.invalidParams(
          { configId: params.configId },
          `unknown config option or value; the option is "${thinkingOptionId}" with on, off or auto`,
        );
      }
      session.settings.thinking = value;
      return { configOptions: sessionConfigOptions(session.settings) };
    })
    .onRequest(methods.agent.session.prompt, async ({ params }) => {
      const session = sessionFor(params.sessionId);
      // `/name args` as the first text runs the custom command `name`, as in chat.
      const [first, ...rest] = params.prompt;
      const command = first?.type === 'text' ? await commandPrompt(first.text, session) : undefined;
      if (session.running !== undefined) {
        throw RequestError.invalidRequest(
          { sessionId: session.id },
          'a prompt is already running in this session; wait for it or send session/cancel',
        );
      }
      const blocks =
        command === undefined ? params.prompt : [{ type: 'text' as const, text: command }, ...rest];
      const task = promptToTask(blocks, session.cwd);
      if (task === '')
        throw RequestError.invalidParams({ prompt: [] }, 'the prompt is empty; send a text block');
      const run = runPrompt({
        session,
        task,
        dataDirectory: options.dataDirectory,
        files: editorFiles(session.id, session.client),
        log: options.log,
      });
      runs.add(run);
      return run.finally(() => runs.delete(run));
    })
    .onNotification(methods.agent.session.cancel, ({ params }) => {
      sessions.get(params.sessionId)?.running?.abort();
    });

  return {
    app,
    async cancelAll() {
      for (const session of sessions.values()) session.running?.abort();
      await Promise.allSettled([...runs]);
    },
  };
}
