import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type ClientCapabilities,
  type ClientContext,
  client,
  methods,
  ndJsonStream,
  type ReadTextFileRequest,
  type RequestPermissionRequest,
  type RequestPermissionResponse,
  type SessionNotification,
  type WriteTextFileRequest,
} from '@agentclientprotocol/sdk';
import { binPath } from '../cli-harness.js';

type Schema = { safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown } };

// The SDK's generated validators: the same zod schemas its handlers parse with (not exported, so loaded by path).
const sdkEntry = fileURLToPath(import.meta.resolve('@agentclientprotocol/sdk'));
const validators = (await import(
  pathToFileURL(join(dirname(sdkEntry), '..', 'schema', 'zod.gen.js')).href
)) as Record<string, Schema>;

/** Response schemas of the agent's methods, and param schemas of what the agent sends. */
const responseSchemas: Record<string, string> = {
  initialize: 'zInitializeResponse',
  authenticate: 'zAuthenticateResponse',
  'session/new': 'zNewSessionResponse',
  'session/load': 'zLoadSessionResponse',
  'session/set_mode': 'zSetSessionModeResponse',
  'session/set_config_option': 'zSetSessionConfigOptionResponse',
  'session/prompt': 'zPromptResponse',
};
const agentMessageSchemas: Record<string, string> = {
  'session/update': 'zSessionNotification',
  'session/request_permission': 'zRequestPermissionRequest',
  'fs/read_text_file': 'zReadTextFileRequest',
  'fs/write_text_file': 'zWriteTextFileRequest',
};

/** One JSON-RPC message as it crossed the wire. */
export type WireMessage = { direction: 'in' | 'out'; message: Record<string, unknown> };

export type FakeEditor = {
  /** The SDK's client-side context, to call the agent. */
  agent: ClientContext;
  /** Every session/update, in arrival order. */
  updates: SessionNotification[];
  /** Every permission request the agent sent. */
  permissionRequests: RequestPermissionRequest[];
  reads: ReadTextFileRequest[];
  writes: WriteTextFileRequest[];
  /** Every message both ways, raw. */
  wire: WireMessage[];
  /** Messages that broke the protocol or the SDK's schemas; a strict editor expects none. */
  violations: string[];
  /** The agent's stderr so far. */
  stderr(): string;
  /** Sends a raw line to the agent's stdin (for malformed input). */
  sendRaw(line: string): void;
  /** The agent process id. */
  pid: number;
  /** Closes stdin and waits for the agent to exit; resolves with its exit code. */
  close(): Promise<number | null>;
};

export type FakeEditorOptions = {
  cwd: string;
  env: Record<string, string>;
  args?: string[];
  capabilities?: ClientCapabilities;
  /** Answers permission requests; default: reject once. */
  permission?: (
    request: RequestPermissionRequest,
  ) => RequestPermissionResponse | Promise<RequestPermissionResponse>;
  /** Serves fs/read_text_file (when the capability is advertised). */
  readTextFile?: (request: ReadTextFileRequest) => string | Promise<string>;
  /** Serves fs/write_text_file (when the capability is advertised). */
  writeTextFile?: (request: WriteTextFileRequest) => void | Promise<void>;
};

/**
 * Starts `wright acp` as a child process and connects the SDK's client to it over its stdio, checking every message
 * both ways: stdout holds JSON-RPC 2.0 messages only, and every agent message (responses to our requests, updates,
 * requests) passes the SDK's schema for it without losing or changing a field.
 */
export function startFakeEditor(options: FakeEditorOptions): FakeEditor {
  const child = spawn(process.execPath, [binPath, 'acp', ...(options.args ?? [])], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const wire: WireMessage[] = [];
  const violations: string[] = [];
  const pendingMethods = new Map<unknown, string>();

  const check = (message: Record<string, unknown>) => {
    if (message.jsonrpc !== '2.0') violations.push(`not JSON-RPC 2.0: ${JSON.stringify(message)}`);
    const method = typeof message.method === 'string' ? message.method : undefined;
    let schemaName: string | undefined;
    let value: unknown;
    if (method !== undefined) {
      schemaName = agentMessageSchemas[method];
      value = message.params;
      if (schemaName === undefined) violations.push(`unexpected agent method ${method}`);
    } else if ('result' in message) {
      const requested = pendingMethods.get(message.id);
      schemaName = requested === undefined ? undefined : responseSchemas[requested];
      value = message.result;
      if (requested === undefined) violations.push(`response to an unknown id: ${JSON.stringify(message)}`);
    } else if ('error' in message) {
      const error = message.error as { code?: unknown; message?: unknown } | undefined;
      if (typeof error?.code !== 'number' || typeof error.message !== 'string') {
        violations.push(`malformed error: ${JSON.stringify(message)}`);
      }
    }
    if (schemaName === undefined) return;
    const schema = validators[schemaName];
    const parsed = schema?.safeParse(value);
    if (parsed === undefined || !parsed.success) {
      violations.push(`${schemaName} rejects ${JSON.stringify(value)}: ${String(parsed?.error)}`);
    } else {
      const lost = lostFields(value, parsed.data, '');
      if (lost.length > 0)
        violations.push(`${schemaName} drops or changes ${lost.join(', ')} of ${JSON.stringify(value)}`);
    }
  };

  let buffered = '';
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        let newline = buffered.indexOf('\n');
        while (newline !== -1) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
          if (line.trim() === '') continue;
          let message: Record<string, unknown>;
          try {
            message = JSON.parse(line) as Record<string, unknown>;
          } catch {
            violations.push(`stdout line is not JSON: ${line}`);
            continue;
          }
          wire.push({ direction: 'in', message });
          check(message);
          controller.enqueue(new TextEncoder().encode(`${line}\n`));
        }
      });
      child.stdout.on('end', () => controller.close());
    },
  });
  const output = new WritableStream<Uint8Array>({
    write(chunk) {
      for (const line of new TextDecoder().decode(chunk).split('\n')) {
        if (line.trim() === '') continue;
        const message = JSON.parse(line) as Record<string, unknown>;
        wire.push({ direction: 'out', message });
        if (typeof message.method === 'string' && 'id' in message)
          pendingMethods.set(message.id, message.method);
      }
      return new Promise<void>((resolve, reject) => {
        if (!child.stdin.writable) return resolve();
        child.stdin.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
    },
  });

  const updates: SessionNotification[] = [];
  const permissionRequests: RequestPermissionRequest[] = [];
  const reads: ReadTextFileRequest[] = [];
  const writes: WriteTextFileRequest[] = [];
  let app = client({ name: 'fake-editor' })
    .onNotification(methods.client.session.update, ({ params }) => {
      updates.push(params);
    })
    .onRequest(methods.client.session.requestPermission, async ({ params }) => {
      permissionRequests.push(params);
      return options.permission
        ? options.permission(params)
        : { outcome: { outcome: 'selected', optionId: 'reject-once' } };
    });
  if (options.readTextFile !== undefined) {
    const read = options.readTextFile;
    app = app.onRequest(methods.client.fs.readTextFile, async ({ params }) => {
      reads.push(params);
      return { content: await read(params) };
    });
  }
  if (options.writeTextFile !== undefined) {
    const write = options.writeTextFile;
    app = app.onRequest(methods.client.fs.writeTextFile, async ({ params }) => {
      writes.push(params);
      await write(params);
      return {};
    });
  }
  const connection = app.connect(ndJsonStream(output, input));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    agent: connection.agent,
    updates,
    permissionRequests,
    reads,
    writes,
    wire,
    violations,
    stderr: () => stderr,
    sendRaw(line) {
      child.stdin.write(`${line}\n`);
    },
    pid: child.pid ?? -1,
    async close() {
      child.stdin.end();
      const code = await exited;
      connection.close();
      return code;
    },
  };
}

/** Fields of what was sent that the schema's parse dropped or changed (schema defaults it adds are fine). */
function lostFields(sent: unknown, parsed: unknown, path: string): string[] {
  if (sent === null || typeof sent !== 'object') return Object.is(sent, parsed) ? [] : [path || '(value)'];
  if (parsed === null || typeof parsed !== 'object') return [path || '(value)'];
  return Object.entries(sent as Record<string, unknown>).flatMap(([key, entry]) =>
    lostFields(entry, (parsed as Record<string, unknown>)[key], `${path}.${key}`),
  );
}
