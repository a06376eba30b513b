import { type AgentContext, type McpServer, RequestError } from '@agentclientprotocol/sdk';
import type { Settings } from '@wright/agent';
import type { McpServerConfig } from '@wright/agent/internal';
import type { ModelAccess } from '../session/model-access.js';

/** One ACP session: a Wright session in one directory, with its own mode, thinking and "always" rules. */
export type AcpSession = {
  /** The ACP session id, which is the Wright session id (so `session/load` finds it after a restart). */
  id: string;
  /** The editor's working directory: the workspace. */
  cwd: string;
  /** This session's settings: config files and flags, then the editor's MCP servers, mode and thinking. */
  settings: Settings;
  access: ModelAccess;
  /** True once a prompt has run (or the session was loaded): the next prompt resumes the stored session. */
  stored: boolean;
  /** The session's cost so far (USD) on this connection. */
  cost: number;
  /** The running prompt's abort controller; absent between prompts. */
  running?: AbortController;
  /** The editor connection, to send updates and requests for this session. */
  client: AgentContext;
};

/**
 * The editor's MCP servers as Wright's config entries, by name: stdio servers with their environment, HTTP servers
 * with their headers. Names are made safe for tool names (`<server>__<tool>`); a clash gets a number.
 */
export function editorMcpServers(servers: McpServer[], configured: Record<string, McpServerConfig>) {
  const result: Record<string, McpServerConfig> = {};
  for (const server of servers) {
    const base = server.name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'editor';
    let name = base;
    for (let index = 2; name in result || name in configured; index++) name = `${base}_${index}`;
    if ('type' in server && server.type === 'sse') {
      throw RequestError.invalidParams(
        { mcpServer: server.name },
        `MCP server ${server.name} uses the SSE transport, which Wright does not support; use its HTTP endpoint`,
      );
    }
    if ('type' in server && server.type === 'http') {
      result[name] = {
        url: server.url,
        headers: Object.fromEntries(server.headers.map((h) => [h.name, h.value])),
      };
    } else if ('command' in server) {
      result[name] = {
        command: server.command,
        args: server.args,
        env: Object.fromEntries(server.env.map((variable) => [variable.name, variable.value])),
      };
    }
  }
  return result;
}
