import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AnyTool, SecretPolicy } from '@wright/core';
import { childEnvironment, redactSecrets, wrightError } from '@wright/core';
import { createMcpTool, type McpToolInfo } from './mcp-tool.js';

/** An MCP server started as a child process, spoken to over stdio. */
export type McpStdioServerConfig = {
  /** Namespace of its tools (`<name>__<tool>`). */
  name: string;
  /** Executable to start. */
  command: string;
  /** Its arguments. */
  args?: string[];
  /**
   * Extra environment variables, passed as given (the user chose them), on top of a minimal environment (PATH, HOME,
   * USER, SHELL, TERM, LOGNAME) scrubbed like every child's. Values of credential-named entries are scrubbed from
   * the server's errors and results.
   */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
};

/** An MCP server reached over streamable HTTP. */
export type McpHttpServerConfig = {
  /** Namespace of its tools (`<name>__<tool>`). */
  name: string;
  /** Endpoint URL. */
  url: string;
  /** Extra HTTP headers (e.g. Authorization). */
  headers?: Record<string, string>;
};

/** One MCP server to connect to. */
export type McpServerConfig = McpStdioServerConfig | McpHttpServerConfig;

/** Connected servers: their tools, and a way to shut them all down. */
export type McpConnection = {
  /** Every server's tools, namespaced `<server>__<tool>`. */
  tools: AnyTool[];
  /** Closes every connection (stdio servers are stopped). */
  close(): Promise<void>;
};

/** What `connectMcpServers` takes besides the servers. */
export type ConnectOptions = {
  /** Client name announced to servers; default `wright`. */
  clientName?: string;
  /** Per tool call, in ms; default 120000. */
  timeoutMs?: number;
  /** Which environment variables are secret (removed from stdio servers' environment, scrubbed from errors). */
  secrets?: SecretPolicy;
};

/**
 * Connects to MCP servers with `@modelcontextprotocol/sdk` and wraps their tools. When any server fails, the ones
 * already connected are closed and the error names the failing server.
 */
export async function connectMcpServers(
  configs: McpServerConfig[],
  options: ConnectOptions = {},
): Promise<McpConnection> {
  const clients: Client[] = [];
  const tools: AnyTool[] = [];
  const close = async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
  };
  try {
    for (const config of configs) {
      const { client, tools: serverTools } = await connectOne(config, options);
      clients.push(client);
      for (const tool of serverTools) {
        if (tools.some((known) => known.name === tool.name)) {
          throw wrightError(
            'invalid-options',
            `MCP server "${config.name}": tool name ${tool.name} is taken; give the server another name.`,
          );
        }
        tools.push(tool);
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { tools, close };
}

async function connectOne(config: McpServerConfig, options: ConnectOptions) {
  // Loaded on first use: the SDK takes a few hundred milliseconds to import, which every CLI start would pay.
  const [{ Client }, { StdioClientTransport, getDefaultEnvironment }, { StreamableHTTPClientTransport }] =
    await Promise.all([
      import('@modelcontextprotocol/sdk/client/index.js'),
      import('@modelcontextprotocol/sdk/client/stdio.js'),
      import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    ]);
  const client = new Client({ name: options.clientName ?? 'wright', version: '0.1.0' });
  let stderr = '';
  const { env, secrets } = serverEnvironment(config, options.secrets, getDefaultEnvironment);
  try {
    if ('url' in config) {
      const transport = new StreamableHTTPClientTransport(new URL(config.url), {
        requestInit: { headers: config.headers ?? {} },
      });
      await client.connect(transport);
    } else {
      const transport = new StdioClientTransport({
        command: config.command,
        args: config.args ?? [],
        env,
        ...(config.cwd ? { cwd: config.cwd } : {}),
        stderr: 'pipe',
      });
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
      });
      await client.connect(transport);
    }
    const listed: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      listed.push(...(page.tools as McpToolInfo[]));
      cursor = page.nextCursor;
    } while (cursor);
    const timeout = options.timeoutMs ?? 120_000;
    const tools = listed.map((info) =>
      createMcpTool(
        config.name,
        info,
        secrets,
        async (name, input, signal) =>
          (await client.callTool({ name, arguments: input }, undefined, { signal, timeout })) as {
            content?: unknown[];
            isError?: boolean;
          },
      ),
    );
    return { client, tools };
  } catch (error) {
    await client.close().catch(() => undefined);
    const detail = stderr.trim()
      ? ` Its stderr ended with: ${stderr.trim().split('\n').slice(-3).join(' | ')}`
      : '';
    throw wrightError(
      'tool',
      redactSecrets(
        `MCP server "${config.name}" could not be used: ${(error as Error).message}.${detail}`,
        secrets,
      ),
    );
  }
}

// The scrubbed minimal environment (the SDK adds its own copy of the same names underneath) plus the server's own
// entries as given. The secrets to scrub: this process's, the credential values among a stdio server's entries,
// and every header value of an HTTP server.
function serverEnvironment(
  config: McpServerConfig,
  policy: SecretPolicy | undefined,
  minimal: () => Record<string, string>,
): { env: Record<string, string>; secrets: string[] } {
  const secrets = childEnvironment(policy).secrets;
  if ('url' in config) {
    const headers = Object.values(config.headers ?? {}).filter((value) => value.length >= 8);
    return { env: {}, secrets: [...secrets, ...headers] };
  }
  const own = config.env ?? {};
  const env = childEnvironment({ ...policy, base: minimal(), set: own }).env;
  return { env, secrets: [...secrets, ...childEnvironment({ ...policy, base: own }).secrets] };
}
