import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node.js';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { LanguageServerDefinition, ServerLaunch } from './language-servers.js';

/** Diagnostics of one file as last published, with the publication's sequence number. */
export type PublishedDiagnostics = { diagnostics: Diagnostic[]; sequence: number };

/** A started language server for one workspace root. */
export type ServerConnection = {
  readonly name: string;
  readonly root: string;
  /** False once the process exited or failed to start. */
  alive(): boolean;
  /** Why it is not alive, when it is not. */
  failure(): string | undefined;
  /** Sends the file's current text (didOpen the first time, then didChange) and didSave; returns the sequence before. */
  sync(absolutePath: string): Promise<number>;
  /**
   * Opens a file that is not open yet with the given text (what it held before a change), so its diagnostics can be
   * asked before the change is synced. False when it was already open or the server is gone.
   */
  openWith(absolutePath: string, text: string): Promise<boolean>;
  /** Resolves once the file has diagnostics published after `sequence` (then a short settle), or at the deadline. */
  waitForDiagnostics(absolutePath: string, sequence: number, deadline: number): Promise<boolean>;
  /** Diagnostics by file URI, as last published. */
  published: ReadonlyMap<string, PublishedDiagnostics>;
  /** URIs of the files open on the server, the most recently synced last. */
  openDocuments(): string[];
  /** A request with a time limit; rejects on timeout or when the server is gone. */
  request<Result>(method: string, params: unknown, timeoutMs: number): Promise<Result>;
  /** `shutdown` and `exit`, then kill whatever is left. */
  close(): Promise<void>;
};

/**
 * How a server process is started: the sandboxed, scrubbed spawn of the host (`spawnSandboxedServer`). It may
 * reject (the sandbox is unavailable) or return a process that fails to start; either becomes the server's failure.
 */
export type SpawnServer = (launch: ServerLaunch, root: string) => ChildProcess | Promise<ChildProcess>;

/**
 * Starts a server and initializes it (bounded by `initializeTimeoutMs`). A server that cannot start, exits, or does
 * not answer `initialize` in time yields a connection that is not alive and says why; nothing ever throws to the
 * tool that asked.
 */
export async function connectServer(options: {
  definition: LanguageServerDefinition;
  launch: ServerLaunch;
  root: string;
  spawnServer: SpawnServer;
  initializeTimeoutMs: number;
}): Promise<ServerConnection> {
  const { definition, launch, root } = options;
  let failure: string | undefined;
  let exited = false;
  let child: ChildProcess;
  try {
    child = await options.spawnServer(launch, root);
  } catch (error) {
    return failedConnection(
      definition.name,
      root,
      `${definition.name} language server could not start: ${(error as Error).message}`,
    );
  }
  const exitWaiters: Array<() => void> = [];
  child.on('error', (error) => {
    failure ??= `${definition.name} language server could not start: ${error.message}`;
    exited = true;
    for (const waiter of exitWaiters.splice(0)) waiter();
  });
  child.on('exit', (code, signal) => {
    failure ??= `${definition.name} language server exited (${signal ?? `code ${code}`})`;
    exited = true;
    for (const waiter of exitWaiters.splice(0)) waiter();
  });
  child.stderr?.resume();
  const connection: MessageConnection = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  connection.onError(() => undefined);
  child.stdin?.on('error', () => undefined);
  const published = new Map<string, PublishedDiagnostics>();
  const listeners = new Set<() => void>();
  let sequence = 0;
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    sequence += 1;
    published.set(params.uri, { diagnostics: params.diagnostics, sequence });
    for (const listener of listeners) listener();
  });
  // Servers ask for configuration and register capabilities; answer so they never wait on us.
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
    params.items.map(() => null),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();

  const versions = new Map<string, number>();
  const alive = () => !exited && failure === undefined;
  const request = <Result>(method: string, params: unknown, timeoutMs: number): Promise<Result> => {
    if (!alive())
      return Promise.reject(new Error(failure ?? `${definition.name} language server is not running`));
    return new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`${definition.name} language server did not answer ${method} within ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      const onExit = () => reject(new Error(failure ?? 'the language server exited'));
      exitWaiters.push(onExit);
      connection.sendRequest<Result>(method, params).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  };

  try {
    await request(
      'initialize',
      {
        // Not Wright's pid: inside the sandbox's PID namespace it names no process, and servers that watch their
        // parent would exit. Servers end when their stdin closes, and bwrap kills them when Wright goes.
        processId: null,
        rootUri: pathToFileURL(root).href,
        workspaceFolders: [{ uri: pathToFileURL(root).href, name: nodePath.basename(root) }],
        capabilities: {
          textDocument: {
            synchronization: { didSave: true, dynamicRegistration: false },
            publishDiagnostics: { relatedInformation: false, versionSupport: true },
            diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
            definition: { linkSupport: false },
            references: {},
            hover: { contentFormat: ['plaintext', 'markdown'] },
            documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          },
          workspace: { symbol: {}, configuration: true, workspaceFolders: true },
        },
        ...(launch.initializationOptions === undefined
          ? {}
          : { initializationOptions: launch.initializationOptions }),
      },
      options.initializeTimeoutMs,
    );
    await connection.sendNotification('initialized', {});
  } catch (error) {
    failure ??= `${definition.name} language server did not initialize: ${(error as Error).message}`;
    child.kill('SIGKILL');
  }

  return {
    name: definition.name,
    root,
    alive,
    failure: () => failure,
    published,
    request,
    openDocuments: () => [...versions.keys()],
    async openWith(absolutePath, text) {
      const uri = pathToFileURL(absolutePath).href;
      if (!alive() || versions.has(uri)) return false;
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: definition.languageId(absolutePath), version: 1, text },
      });
      versions.set(uri, 1);
      return true;
    },
    async sync(absolutePath) {
      const before = sequence;
      if (!alive()) return before;
      const uri = pathToFileURL(absolutePath).href;
      const text = await readFile(absolutePath, 'utf8').catch(() => undefined);
      let version = (versions.get(uri) ?? 0) + 1;
      if (text === undefined) {
        if (versions.has(uri))
          await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        versions.delete(uri);
        return before;
      }
      if (version === 1) {
        await connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: definition.languageId(absolutePath), version, text },
        });
        // The file was just edited, but the server may have read the old text from disk for files importing it;
        // pyright re-checks those only on a change, not on an open. The same text again is a change.
        version = 2;
      }
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
      versions.delete(uri);
      versions.set(uri, version);
      await connection.sendNotification('textDocument/didSave', { textDocument: { uri }, text });
      return before;
    },
    waitForDiagnostics(absolutePath, after, deadline) {
      const uri = pathToFileURL(absolutePath).href;
      return new Promise<boolean>((resolve) => {
        let settle: NodeJS.Timeout | undefined;
        const finish = (value: boolean) => {
          listeners.delete(check);
          clearTimeout(timer);
          clearTimeout(settle);
          resolve(value);
        };
        // Servers often publish twice (syntax, then types): after the first publication, wait briefly for more.
        const check = () => {
          if (!alive()) return finish(false);
          if ((published.get(uri)?.sequence ?? 0) <= after) return;
          clearTimeout(settle);
          settle = setTimeout(() => finish(true), 300);
        };
        const timer = setTimeout(
          () => finish((published.get(uri)?.sequence ?? 0) > after),
          Math.max(0, deadline - Date.now()),
        );
        exitWaiters.push(() => finish(false));
        listeners.add(check);
        check();
      });
    },
    async close() {
      if (alive()) {
        await request('shutdown', null, 2_000).catch(() => undefined);
        await connection.sendNotification('exit').catch(() => undefined);
      }
      connection.dispose();
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 1_000);
        await gone;
        clearTimeout(timer);
      }
    },
  };
}

/** A server that never started: not alive, says why, answers nothing. */
function failedConnection(name: string, root: string, failure: string): ServerConnection {
  return {
    name,
    root,
    alive: () => false,
    failure: () => failure,
    published: new Map(),
    openDocuments: () => [],
    request: () => Promise.reject(new Error(failure)),
    sync: async () => 0,
    openWith: async () => false,
    waitForDiagnostics: async () => false,
    close: async () => undefined,
  };
}
