import {
  type ClientCapabilities,
  methods,
  PROTOCOL_VERSION,
  type SessionNotification,
  type SessionUpdate,
} from '@agentclientprotocol/sdk';
import { type FakeEditor, startFakeEditor } from './fake-editor.js';

/** Initializes the connection and opens a session in `cwd`; resolves with its id. */
export async function openSession(
  editor: FakeEditor,
  cwd: string,
  clientCapabilities: ClientCapabilities = {},
): Promise<string> {
  await editor.agent.request(methods.agent.initialize, {
    protocolVersion: PROTOCOL_VERSION,
    clientCapabilities,
  });
  const session = await editor.agent.request(methods.agent.session.new, { cwd, mcpServers: [] });
  return session.sessionId;
}

/** Sends a text prompt; resolves with the stop reason. */
export async function prompt(editor: FakeEditor, sessionId: string, text: string): Promise<string> {
  const response = await editor.agent.request(methods.agent.session.prompt, {
    sessionId,
    prompt: [{ type: 'text', text }],
  });
  return response.stopReason;
}

/** The updates of one kind, in order. */
export function updatesOf<Kind extends SessionUpdate['sessionUpdate']>(
  updates: SessionNotification[],
  kind: Kind,
): Extract<SessionUpdate, { sessionUpdate: Kind }>[] {
  return updates.flatMap(({ update }) =>
    update.sessionUpdate === kind ? [update as Extract<SessionUpdate, { sessionUpdate: Kind }>] : [],
  );
}

/**
 * Resolves once `condition` holds, checking every 20 ms (fails after `timeoutMs`: generous, as the agent is a CLI
 * process on a machine that may be loaded).
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True while a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The fake editors of one test file: `start()` opens one in the folder `where()` names, against the scripted server at
 * its `baseUrl` (with a test key); `closeAll()`, for `afterEach`, closes every one started.
 */
export function editorPool(where: () => { cwd: string; env: Record<string, string>; baseUrl?: string }) {
  const editors: FakeEditor[] = [];
  return {
    start(args: string[] = []): FakeEditor {
      const { cwd, env, baseUrl } = where();
      const editor = startFakeEditor({
        cwd,
        env: { ...env, ZAI_API_KEY: 'test-key', WRIGHT_BASE_URL: baseUrl ?? '' },
        args,
      });
      editors.push(editor);
      return editor;
    },
    async closeAll(): Promise<void> {
      for (const editor of editors.splice(0)) await editor.close();
    },
  };
}
