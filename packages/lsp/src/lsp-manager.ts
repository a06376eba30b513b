import nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { LanguageServerDefinition } from './language-servers.js';
import { connectServer, type ServerConnection, type SpawnServer } from './server-connection.js';

/** What the manager reports as servers start and diagnostics arrive. */
export type LspEvent =
  | { type: 'lsp-start'; server: string; root: string; ok: boolean; reason?: string }
  | {
      type: 'diagnostics';
      server: string;
      path: string;
      errors: number;
      warnings: number;
      newErrors: number;
    };

/** One diagnostic, workspace-relative and 1-based, as the model sees it. */
export type FileDiagnostic = {
  path: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  message: string;
  code?: string;
  /** The tool that reported it (`typescript`, `Pyright`, ...). */
  source?: string;
  /** True when it was not there before the change. */
  isNew: boolean;
};

/** Diagnostics after one change, for the tool result. */
export type DiagnosticsReport = {
  /** Servers that answered, by name. */
  servers: string[];
  /** Files whose server could not give diagnostics, with the reason. */
  unavailable: Array<{ path: string; reason: string }>;
  /** Diagnostics of the changed files and of other files published during the wait. */
  diagnostics: FileDiagnostic[];
  /** Changed files the servers checked. */
  checked: string[];
};

/** Options of `createLspManager`. */
export type LspManagerOptions = {
  servers: LanguageServerDefinition[];
  spawnServer: SpawnServer;
  /** The longest a change waits for diagnostics once its server has answered before; default 5 s. */
  waitMs?: number;
  /**
   * The longest the first change a server sees waits, counted from when the server is up: loading a project takes
   * a while. Default 30 s.
   */
  firstWaitMs?: number;
  /** Whether warnings are reported too (errors always are). */
  warnings?: boolean;
  onEvent?: (event: LspEvent) => void;
};

type PullDiagnostics = NonNullable<LanguageServerDefinition['pullDiagnostics']>;

// Other open files asked for their diagnostics after an edit, at most: each costs the server a check.
const otherFilesPulled = 10;

/** A server that cannot be used, and why; `missing` when it is not installed at all (then edits say nothing). */
export type UnavailableServer = { unavailable: string; missing?: boolean };

/** Language servers for any number of workspace roots: started lazily by file type, one per (server, root). */
export type LspManager = {
  /**
   * Syncs the changed files (absolute paths under `root`) and collects their diagnostics. Never throws. `before`
   * gives what each file held before the change (null: it did not exist): a file the server has not seen yet is
   * then checked in that state first, so the problems it already had are not reported as new.
   */
  diagnose(
    root: string,
    absolutePaths: string[],
    signal?: AbortSignal,
    before?: ReadonlyMap<string, string | null>,
  ): Promise<DiagnosticsReport>;
  /**
   * Syncs a file to its server and waits (bounded like a first edit) until the server has published diagnostics for
   * it, so that navigation requests see a loaded project.
   */
  prepare(root: string, absolutePath: string): Promise<ServerConnection | UnavailableServer | undefined>;
  /** True when some server of the table serves this file name. */
  serves(fileName: string): boolean;
  /** The running server for a file, started if needed; undefined when none serves it. */
  serverFor(root: string, absolutePath: string): Promise<ServerConnection | UnavailableServer | undefined>;
  close(): Promise<void>;
};

export function createLspManager(options: LspManagerOptions): LspManager {
  const waitMs = options.waitMs ?? 5_000;
  const firstWaitMs = Math.max(waitMs, options.firstWaitMs ?? 30_000);
  // Servers that have published diagnostics at least once: their project is loaded.
  const warm = new WeakSet<ServerConnection>();
  const connections = new Map<string, Promise<ServerConnection | UnavailableServer>>();
  // What each file's diagnostics were before a change, to tell new ones from old.
  const baselines = new Map<string, Diagnostic[]>();

  const definitionFor = (path: string) =>
    options.servers.find((server) => server.extensions.includes(nodePath.extname(path).toLowerCase()));

  const serverFor: LspManager['serverFor'] = async (root, absolutePath) => {
    const definition = definitionFor(absolutePath);
    if (definition === undefined) return undefined;
    const key = `${definition.name}\0${root}`;
    let started = connections.get(key);
    if (started === undefined) {
      started = (async () => {
        const launch = await definition.launch(root);
        if (launch === undefined) {
          const reason = `no ${definition.name} language server is installed`;
          options.onEvent?.({ type: 'lsp-start', server: definition.name, root, ok: false, reason });
          return { unavailable: reason, missing: true };
        }
        const connection = await connectServer({
          definition,
          launch,
          root,
          spawnServer: options.spawnServer,
          initializeTimeoutMs: Math.max(waitMs, 10_000),
        });
        const failure = connection.failure();
        options.onEvent?.({
          type: 'lsp-start',
          server: definition.name,
          root,
          ok: failure === undefined,
          ...(failure === undefined ? {} : { reason: failure }),
        });
        return connection;
      })();
      connections.set(key, started);
    }
    return started;
  };

  return {
    serverFor,
    serves: (fileName) => definitionFor(fileName) !== undefined,
    async prepare(root, absolutePath) {
      const server = await serverFor(root, absolutePath);
      if (server === undefined || 'unavailable' in server) return server;
      const sequence = await server.sync(absolutePath);
      const pull = definitionFor(absolutePath)?.pullDiagnostics;
      const uri = pathToFileURL(absolutePath).href;
      // A warm server needs no wait, unless it can say cheaply what the file has now (the baseline of its next edit).
      if (warm.has(server) && (pull === undefined || baselines.has(uri))) return server;
      const limit = warm.has(server) ? waitMs : firstWaitMs;
      const loaded =
        pull === undefined
          ? await server.waitForDiagnostics(absolutePath, sequence, Date.now() + limit)
          : await pull(server.request, uri, limit).then(
              (diagnostics) => {
                // What the file has now is the baseline its next edit is compared with.
                baselines.set(uri, diagnostics);
                return true;
              },
              () => false,
            );
      if (loaded) warm.add(server);
      return server;
    },
    async diagnose(root, absolutePaths, signal, before) {
      const report: DiagnosticsReport = { servers: [], unavailable: [], diagnostics: [], checked: [] };
      const started = Date.now();
      const waits: Array<Promise<void>> = [];
      // Per server: the publication sequence before the change, and what was pulled (servers that answer asks).
      const touched = new Map<
        ServerConnection,
        { sequence: number; pull?: PullDiagnostics; pulled?: Map<string, Diagnostic[]> }
      >();
      for (const absolutePath of absolutePaths) {
        const relative = nodePath.relative(root, absolutePath).split(nodePath.sep).join('/');
        const server = await serverFor(root, absolutePath);
        // LSP is on by default "where a server exists": a file type without an installed server gets no note.
        if (server === undefined || ('unavailable' in server && server.missing === true)) continue;
        if ('unavailable' in server || !server.alive()) {
          const reason =
            'unavailable' in server ? server.unavailable : (server.failure() ?? 'the server stopped');
          report.unavailable.push({ path: relative, reason: reason ?? 'the server stopped' });
          continue;
        }
        const pull = definitionFor(absolutePath)?.pullDiagnostics;
        const uri = pathToFileURL(absolutePath).href;
        const limit = warm.has(server) ? waitMs : firstWaitMs;
        const deadline = Math.max(started + waitMs, Date.now() + limit);
        if (pull === undefined)
          baselines.set(uri, server.published.get(uri)?.diagnostics ?? baselines.get(uri) ?? []);
        else {
          const previous = before?.get(absolutePath);
          if (typeof previous === 'string' && !baselines.has(uri))
            await checkPreviousText(server, pull, absolutePath, previous, deadline, baselines);
        }
        const sequence = await server.sync(absolutePath);
        const entry = touched.get(server) ?? {
          sequence,
          ...(pull === undefined ? {} : { pull, pulled: new Map<string, Diagnostic[]>() }),
        };
        touched.set(server, entry);
        const outcome: Promise<string | undefined> =
          pull === undefined
            ? server
                .waitForDiagnostics(absolutePath, sequence, deadline)
                .then((arrived) =>
                  arrived
                    ? undefined
                    : server.alive()
                      ? `${server.name} published no diagnostics within ${limit} ms`
                      : (server.failure() ?? 'the server stopped'),
                )
            : pull(server.request, uri, deadline - Date.now()).then(
                (diagnostics) => {
                  entry.pulled?.set(uri, diagnostics);
                  return undefined;
                },
                (error: Error) => (server.alive() ? error.message : (server.failure() ?? error.message)),
              );
        waits.push(
          outcome.then((reason) => {
            if (reason === undefined) {
              warm.add(server);
              report.checked.push(relative);
            } else report.unavailable.push({ path: relative, reason });
          }),
        );
      }
      await Promise.race([Promise.all(waits), abortPromise(signal)]);
      for (const [server, entry] of touched) {
        if (entry.pull !== undefined && entry.pulled !== undefined && !signal?.aborted)
          await pullOtherFiles(server, entry.pull, entry.pulled, started + waitMs);
        report.servers.push(server.name);
        const fresh =
          entry.pulled ??
          new Map(
            [...server.published]
              .filter(([, published]) => published.sequence > entry.sequence)
              .map(([uri, published]) => [uri, published.diagnostics]),
          );
        for (const [uri, diagnostics] of fresh) {
          const path = uriToRelative(uri, root);
          if (path === undefined) continue;
          const found = collect(diagnostics, baselines.get(uri) ?? [], path, options.warnings === true);
          report.diagnostics.push(...found);
          baselines.set(uri, diagnostics);
          options.onEvent?.({
            type: 'diagnostics',
            server: server.name,
            path,
            errors: found.filter((item) => item.severity === 'error').length,
            warnings: found.filter((item) => item.severity === 'warning').length,
            newErrors: found.filter((item) => item.severity === 'error' && item.isNew).length,
          });
        }
      }
      return report;
    },
    async close() {
      const all = await Promise.all(connections.values());
      connections.clear();
      await Promise.all(all.map((server) => ('unavailable' in server ? undefined : server.close())));
    },
  };
}

/**
 * The baseline of a file the server has not seen: it is opened with the text it held before the change and asked
 * for its diagnostics (the change itself then arrives as an edit). When the server cannot answer in time, no
 * baseline is kept and the file's problems all count as new, as they would without the earlier text.
 */
async function checkPreviousText(
  server: ServerConnection,
  pull: PullDiagnostics,
  absolutePath: string,
  text: string,
  deadline: number,
  baselines: Map<string, Diagnostic[]>,
): Promise<void> {
  if (!(await server.openWith(absolutePath, text))) return;
  const uri = pathToFileURL(absolutePath).href;
  const diagnostics = await pull(server.request, uri, Math.max(1, deadline - Date.now())).catch(
    () => undefined,
  );
  if (diagnostics !== undefined) baselines.set(uri, diagnostics);
}

/**
 * Errors an edit causes in other files: the other files open on the server (the most recently synced first, at most
 * `otherFilesPulled`), asked until the deadline. A file that cannot be asked is skipped.
 */
async function pullOtherFiles(
  server: ServerConnection,
  pull: PullDiagnostics,
  pulled: Map<string, Diagnostic[]>,
  deadline: number,
): Promise<void> {
  const others = server
    .openDocuments()
    .filter((uri) => !pulled.has(uri))
    .slice(-otherFilesPulled);
  for (const uri of others.reverse()) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return;
    const diagnostics = await pull(server.request, uri, remaining).catch(() => undefined);
    if (diagnostics !== undefined) pulled.set(uri, diagnostics);
  }
}

/** Errors (and warnings when asked), marked new when their message and code were not in the baseline. */
function collect(
  diagnostics: Diagnostic[],
  baseline: Diagnostic[],
  path: string,
  warnings: boolean,
): FileDiagnostic[] {
  const before = new Map<string, number>();
  for (const item of baseline) before.set(identity(item), (before.get(identity(item)) ?? 0) + 1);
  const result: FileDiagnostic[] = [];
  for (const item of diagnostics) {
    const severity =
      item.severity === 1 || item.severity === undefined
        ? 'error'
        : item.severity === 2
          ? 'warning'
          : undefined;
    if (severity === undefined || (severity === 'warning' && !warnings)) continue;
    const seen = before.get(identity(item)) ?? 0;
    if (seen > 0) before.set(identity(item), seen - 1);
    result.push({
      path,
      line: item.range.start.line + 1,
      column: item.range.start.character + 1,
      severity,
      message: item.message,
      ...(item.code === undefined ? {} : { code: String(item.code) }),
      ...(item.source === undefined ? {} : { source: item.source }),
      isNew: seen === 0,
    });
  }
  return result;
}

// Line numbers move with every edit; the message and code say whether it is the same problem.
function identity(item: Diagnostic): string {
  return `${item.severity ?? 1}\0${item.code ?? ''}\0${item.message}`;
}

function uriToRelative(uri: string, root: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const relative = nodePath.relative(root, fileURLToPath(uri));
  if (relative.startsWith('..') || nodePath.isAbsolute(relative)) return undefined;
  return relative.split(nodePath.sep).join('/');
}

function abortPromise(signal?: AbortSignal): Promise<void> {
  if (signal === undefined) return new Promise(() => undefined);
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
