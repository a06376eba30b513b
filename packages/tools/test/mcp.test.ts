import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AnyTool } from '@wright/core';
import { connectMcpServers, type McpConnection } from '@wright/tools';
import { effectFromAnnotations, mcpToolName } from '@wright/tools/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestKit } from './tool-context.js';

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeAll(async () => {
  kit = await createTestKit();
});
afterAll(() => kit.cleanup());

const byName = (tools: AnyTool[], name: string) => {
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name} in ${tools.map((candidate) => candidate.name).join(', ')}`);
  return tool;
};

const everythingBin = path.resolve(
  import.meta.dirname,
  '../node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);

describe('MCP over stdio against @modelcontextprotocol/server-everything', () => {
  let connection: McpConnection;
  beforeAll(async () => {
    connection = await connectMcpServers([
      {
        name: 'everything',
        command: process.execPath,
        args: [everythingBin, 'stdio'],
        env: { WRIGHT_MCP_TEST: 'yes', MY_SERVICE_TOKEN: 'mcp-token-abcdef' },
      },
    ]);
  });
  afterAll(() => connection?.close());

  it('lists namespaced tools with effects from annotations', () => {
    const echo = byName(connection.tools, 'everything__echo');
    expect(echo).toMatchObject({ effect: 'read', description: 'Echoes back the input string' });
    expect(echo.parameters).toMatchObject({ type: 'object', required: ['message'] });
    expect(byName(connection.tools, 'everything__get-sum').effect).toBe('read');
    expect(byName(connection.tools, 'everything__toggle-simulated-logging').effect).not.toBe('read');
    for (const tool of connection.tools) expect(tool.name).toMatch(/^everything__[a-zA-Z0-9_-]{1,52}$/);
  });

  it('checks input minimally and calls tools', async () => {
    const sum = byName(connection.tools, 'everything__get-sum');
    expect(sum.parse({ a: 1 })).toEqual({ ok: false, message: 'Invalid arguments: `b` is required.' });
    expect(sum.parse({ a: 1, b: 'two' })).toEqual({
      ok: false,
      message: 'Invalid arguments: `b` must be a number, got string.',
    });
    const result = await sum.run({ a: 2, b: 3 }, kit.context);
    expect(result.isError).toBeUndefined();
    expect(result.output).toMatch(/5/);
    const echo = await byName(connection.tools, 'everything__echo').run({ message: 'hi there' }, kit.context);
    expect(echo).toEqual({ output: 'Echo: hi there' });
  });

  it('passes the configured env to the server process', async () => {
    const env = await byName(connection.tools, 'everything__get-env').run({}, kit.context);
    expect(env.output).toContain('"WRIGHT_MCP_TEST": "yes"');
    // The user's own entries are passed as given; a credential among them is scrubbed from what the model reads.
    expect(env.output).toContain('"MY_SERVICE_TOKEN": "[redacted]"');
    expect(env.output).not.toContain('mcp-token-abcdef');
  });

  it('reports a server that cannot start, naming it', async () => {
    await expect(
      connectMcpServers([{ name: 'broken', command: process.execPath, args: ['-e', 'process.exit(3)'] }]),
    ).rejects.toThrow(/^MCP server "broken" could not be used/);
  });
});

describe('MCP over streamable HTTP against an in-test SDK server', () => {
  let http: Server;
  let url: string;
  beforeAll(async () => {
    http = createServer(async (request, response) => {
      const server = new McpServer({ name: 'local', version: '1.0.0' });
      server.registerTool(
        'shout',
        {
          description: 'Upper-cases text.',
          inputSchema: { text: z.string() },
          annotations: { readOnlyHint: true, openWorldHint: false },
        },
        async ({ text }) => ({
          content: [
            { type: 'text', text: text.toUpperCase() },
            { type: 'text', text: '!' },
          ],
        }),
      );
      server.registerTool('fail', { description: 'Always fails.' }, async () => ({
        content: [{ type: 'text', text: 'it broke' }],
        isError: true,
      }));
      server.registerTool(
        'check.header',
        {
          description: 'Returns the x-token header.',
          annotations: { openWorldHint: false, destructiveHint: false },
        },
        async (extra) => ({
          content: [{ type: 'text', text: String(extra.requestInfo?.headers['x-token']) }],
        }),
      );
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      response.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(request, response);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  });
  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  it('lists, calls, joins text content and keeps isError', async () => {
    const connection = await connectMcpServers([
      { name: 'local', url, headers: { 'x-token': 'secret-123' } },
    ]);
    try {
      expect(connection.tools.map((tool) => [tool.name, tool.effect])).toEqual([
        ['local__shout', 'read'],
        ['local__fail', 'network'],
        ['local__check_header', 'write'],
      ]);
      expect(await byName(connection.tools, 'local__shout').run({ text: 'hey' }, kit.context)).toEqual({
        output: 'HEY\n!',
      });
      expect(await byName(connection.tools, 'local__fail').run({}, kit.context)).toEqual({
        output: 'it broke',
        isError: true,
      });
      // The server saw the header: it echoes its value, which comes back scrubbed like every configured secret.
      expect((await byName(connection.tools, 'local__check_header').run({}, kit.context)).output).toBe(
        '[redacted]',
      );
    } finally {
      await connection.close();
    }
  });
});

describe('MCP naming and effects', () => {
  it('sanitises and bounds names, keeping them unique', () => {
    expect(mcpToolName('my server', 'do.thing')).toBe('my_server__do_thing');
    const long = mcpToolName('server', 'x'.repeat(100));
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^[a-zA-Z0-9_-]{64}$/);
    expect(mcpToolName('server', `${'x'.repeat(99)}y`)).not.toBe(long);
  });

  it('maps annotations to effects', () => {
    expect(effectFromAnnotations({ readOnlyHint: true })).toBe('read');
    expect(effectFromAnnotations({ readOnlyHint: true, openWorldHint: true })).toBe('network');
    expect(effectFromAnnotations({})).toBe('network');
    expect(effectFromAnnotations(undefined)).toBe('network');
    expect(effectFromAnnotations({ openWorldHint: false })).toBe('execute');
    expect(effectFromAnnotations({ openWorldHint: false, destructiveHint: false })).toBe('write');
  });
});
