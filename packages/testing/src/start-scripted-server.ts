import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyTurnQuirks } from './apply-turn-quirks.js';
import {
  completionBody,
  type ReplyMeta,
  resolveToolCalls,
  streamChunks,
  wireUsage,
} from './completion-chunks.js';
import { type Quirk, type ServerProfileName, serverProfiles } from './quirks.js';
import type { RecordedRequest, ScriptedTurn, TurnScript } from './scripted-turn.js';
import { holdOpen, sseFrames, writeQuirked } from './write-sse.js';

export type ScriptedServerOptions = {
  /** Served in order, one per POST `.../chat/completions`. */
  turns: TurnScript[];
  /** `vllm` sends reasoning under `reasoning` instead of `reasoning_content`; default `zai`. */
  dialect?: 'zai' | 'vllm';
  /**
   * Makes every turn arrive the way this back-end sends it (its quirks, see `serverProfiles`) and serves `baseUrl`
   * under its path (`/v1` for self-hosted ones). Default `zai`: the documented shapes.
   */
  profile?: ServerProfileName;
  /** When true, the last turn repeats instead of erroring when the script runs out. */
  loop?: boolean;
  /** When set, requests without `Authorization: Bearer <apiKey>` get HTTP 401 with code 1001. */
  apiKey?: string;
  /**
   * Conversations with scripts of their own: a request whose first user message contains `match` is answered with
   * the next turn of that conversation's `turns` (the first matching conversation wins), every other request from
   * `turns`. Lets agents that run at the same time (a parent and its subagents) each follow their own script
   * whatever order their requests arrive in. A function turn gets the conversation's own index.
   */
  conversations?: ScriptedConversation[];
};

/** A conversation served from its own script (see `ScriptedServerOptions.conversations`). */
export type ScriptedConversation = {
  /** Text the conversation's first user message contains. */
  match: string;
  /** Served in order, one per request of the conversation. */
  turns: TurnScript[];
};

export type ScriptedServer = {
  /**
   * `http://127.0.0.1:PORT/api/paas/v4` (or the profile's path); POST `${baseUrl}/chat/completions`. Any path ending
   * in `/chat/completions` works.
   */
  baseUrl: string;
  /** The random port bound on 127.0.0.1. */
  port: number;
  /** Every request received, in arrival order (also rejected ones). */
  requests: RecordedRequest[];
  /** Appends turns to the script. */
  push(...turns: TurnScript[]): void;
  /** Closes the listener and destroys every open socket (so a hanging reply ends too). */
  close(): Promise<void>;
};

/** Starts a fake GLM server on 127.0.0.1 that answers chat-completion requests from a script. */
export async function startScriptedServer(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const turns = [...options.turns];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let servedCount = 0;
  let mainServed = 0;
  let callCount = 0;
  const nextCallId = () => `call_${++callCount}`;
  const profile = serverProfiles[options.profile ?? 'zai'];
  if (profile === undefined)
    throw new Error(`scripted server: unknown profile ${JSON.stringify(options.profile)}`);
  const profileQuirks = profile.quirks;

  const conversations = (options.conversations ?? []).map((conversation) => ({ ...conversation, served: 0 }));

  function nextTurn(recorded: RecordedRequest): ScriptedTurn | undefined {
    servedCount++;
    const firstUser = firstUserMessage(recorded.body);
    const conversation = conversations.find((entry) => firstUser.includes(entry.match));
    if (conversation !== undefined) {
      const index = conversation.served++;
      const script = conversation.turns[index];
      if (script === undefined) return undefined;
      return typeof script === 'function' ? script(recorded, index) : script;
    }
    const index = mainServed++;
    const script = turns[index] ?? (options.loop ? turns[turns.length - 1] : undefined);
    if (script === undefined) return undefined;
    return typeof script === 'function' ? script(recorded, index) : script;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request);
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: flattenHeaders(request.headers),
      rawBody,
      body: parseJson(rawBody),
      time: Date.now(),
    };
    requests.push(recorded);
    const pathname = new URL(recorded.path, 'http://127.0.0.1').pathname;
    if (recorded.method !== 'POST' || !pathname.endsWith('/chat/completions')) {
      sendError(response, 404, '404', `scripted server: no route for ${recorded.method} ${pathname}`);
      return;
    }
    if (options.apiKey !== undefined && recorded.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendError(response, 401, '1001', 'scripted server: missing or wrong Authorization bearer token');
      return;
    }
    if (typeof recorded.body !== 'object' || recorded.body === null) {
      sendError(response, 400, '1210', 'scripted server: request body is not a JSON object');
      return;
    }
    const requestNumber = servedCount + 1;
    const turn = nextTurn(recorded);
    if (turn === undefined) {
      sendError(response, 500, '500', `scripted server: no turn left for request ${requestNumber}`);
      return;
    }
    await serveTurn(turn, recorded, response, requestNumber);
  }

  async function serveTurn(
    turn: ScriptedTurn,
    recorded: RecordedRequest,
    response: ServerResponse,
    requestNumber: number,
  ): Promise<void> {
    const fault = turn.fault;
    if (fault?.kind === 'http-error') {
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter };
      sendError(response, fault.status, fault.code, fault.message ?? `scripted error ${fault.code}`, headers);
      return;
    }
    const streaming = recorded.body.stream === true;
    const meta: ReplyMeta = {
      id: `scripted-${requestNumber}`,
      created: Math.floor(Date.now() / 1000),
      model: typeof recorded.body.model === 'string' ? recorded.body.model : 'glm-4.7',
      dialect: options.dialect ?? 'zai',
    };
    const quirks = new Set<Quirk>([...profileQuirks, ...(turn.quirks ?? [])]);
    const reply = applyTurnQuirks(turn, resolveToolCalls(turn, nextCallId), quirks);
    const usage = wireUsage(turn, reply.calls, recorded.rawBody);
    const closed = new AbortController();
    response.on('close', () => closed.abort());
    const pause = async (): Promise<boolean> => {
      if (!turn.chunkDelayMs) return !closed.signal.aborted;
      await sleep(turn.chunkDelayMs, undefined, { signal: closed.signal }).catch(() => undefined);
      return !closed.signal.aborted;
    };

    if (fault?.kind === 'hang') {
      response.writeHead(200, { 'Content-Type': streaming ? 'text/event-stream' : 'application/json' });
      response.flushHeaders();
      return;
    }
    if (!streaming) {
      if (fault?.kind === 'disconnect') {
        response.socket?.destroy();
        return;
      }
      if (fault?.kind === 'stream-error') {
        sendError(response, 500, fault.code, fault.message ?? `scripted error ${fault.code}`);
        return;
      }
      if (!(await pause())) return;
      const requestId = typeof recorded.body.request_id === 'string' ? recorded.body.request_id : meta.id;
      sendJson(response, 200, completionBody(reply, usage, meta, requestId, quirks));
      return;
    }

    const chunks = streamChunks(turn, reply, usage, meta, recorded.body.tool_stream === true, quirks);
    const frames = sseFrames(chunks, quirks);
    const limit = fault === undefined ? frames.length : Math.min(fault.afterChunks, frames.length);
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    response.flushHeaders();
    if (quirks.has('bare-error-line')) {
      response.end(`${JSON.stringify({ error: { code: '1214', message: 'scripted: invalid messages' } })}\n`);
      return;
    }
    const send = (text: string) => writeQuirked(response, text, quirks);
    for (let index = 0; index < limit; index++) {
      if (index > 0 && !(await pause())) return;
      await send(frames[index] as string);
      if (index === 0 && (await holdOpen(response, closed.signal, quirks))) return;
    }
    if (fault?.kind === 'disconnect') {
      response.socket?.destroy();
      return;
    }
    if (fault?.kind === 'stream-error') {
      const error = { error: { code: fault.code, message: fault.message ?? `scripted error ${fault.code}` } };
      await send(`data: ${JSON.stringify(error)}\n\n`);
      response.end();
      return;
    }
    await send(quirks.has('crlf') ? 'data: [DONE]\r\n\r\n' : 'data: [DONE]\n\n');
    response.end();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendError(response, 500, '500', `scripted server: ${error instanceof Error ? error.message : error}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}${profile.basePath}`,
    port,
    requests,
    push: (...more) => {
      turns.push(...more);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The text of the request's first user message ('' when there is none). */
function firstUserMessage(body: unknown): string {
  const messages = (body as { messages?: unknown } | undefined)?.messages;
  if (!Array.isArray(messages)) return '';
  const first = messages.find((message) => (message as { role?: unknown })?.role === 'user');
  const content = (first as { content?: unknown } | undefined)?.content;
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? JSON.stringify(content) : '';
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function sendError(
  response: ServerResponse,
  status: number,
  code: string | number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, { error: { code, message } }, headers);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
