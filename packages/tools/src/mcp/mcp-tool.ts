import { createHash } from 'node:crypto';
import type { AnyTool, JsonSchema, ToolEffect, ToolResult } from '@wright/core';
import { redactSecrets } from '@wright/core';
import { errorForModel } from '../define-tool.js';
import { checkJsonInput } from './check-json-input.js';

/** The part of an MCP tool listing Wright uses. */
export type McpToolInfo = {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: JsonSchema;
  annotations?: {
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    openWorldHint?: boolean;
    title?: string;
  };
};

/** Calls a tool on the server. */
export type McpCall = (
  name: string,
  input: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<{ content?: unknown[]; structuredContent?: unknown; isError?: boolean }>;

/**
 * `<server>__<tool>`, with characters outside `[a-zA-Z0-9_-]` replaced by `_`; names over 64 characters are cut
 * and end with a hash of the full name, so they stay unique.
 */
export function mcpToolName(server: string, tool: string): string {
  const name = `${server}__${tool}`.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (name.length <= 64) return name;
  const hash = createHash('sha256').update(`${server}__${tool}`).digest('hex').slice(0, 8);
  return `${name.slice(0, 55)}_${hash}`;
}

/**
 * Annotations → effect. Read-only tools are `read` unless they reach an open world (`network`). Other tools are
 * `network` unless `openWorldHint: false`; closed-world ones are `write` when `destructiveHint: false`, else
 * `execute`. Missing hints take the MCP defaults (not read-only, destructive, open world), so an unannotated tool
 * is `network` and needs approval outside `full` mode.
 */
export function effectFromAnnotations(annotations: McpToolInfo['annotations'] = {}): ToolEffect {
  if (annotations.readOnlyHint === true) return annotations.openWorldHint === true ? 'network' : 'read';
  if (annotations.openWorldHint !== false) return 'network';
  return annotations.destructiveHint === false ? 'write' : 'execute';
}

/** Wraps one MCP tool as a Wright tool; `secrets` are scrubbed from its results and errors. */
export function createMcpTool(
  server: string,
  info: McpToolInfo,
  secrets: readonly string[],
  call: McpCall,
): AnyTool {
  const parameters: JsonSchema = { ...(info.inputSchema ?? {}), type: 'object' };
  if (parameters.properties === undefined) parameters.properties = {};
  return {
    name: mcpToolName(server, info.name),
    description:
      info.description?.trim() ||
      info.title ||
      info.annotations?.title ||
      `${info.name} (from MCP server ${server})`,
    effect: effectFromAnnotations(info.annotations),
    parameters,
    parse: (input) => checkJsonInput(parameters, input),
    describe: async (input) => ({ title: `${server}: ${info.name}`, detail: JSON.stringify(input, null, 2) }),
    async run(input, context): Promise<ToolResult> {
      try {
        const result = await call(info.name, input as Record<string, unknown>, context.signal);
        const output = redactSecrets(contentText(result), secrets);
        return { output, ...(result.isError ? { isError: true } : {}) };
      } catch (error) {
        return {
          isError: true,
          output: redactSecrets(`MCP server ${server} failed: ${errorForModel(error)}`, secrets),
        };
      }
    },
  };
}

/** Joins the text of an MCP result; other content is named, structured content is shown as JSON. */
export function contentText(result: { content?: unknown[]; structuredContent?: unknown }): string {
  const parts = (result.content ?? []).map((item) => {
    const block = item as {
      type?: string;
      text?: string;
      mimeType?: string;
      uri?: string;
      resource?: { uri?: string; text?: string };
    };
    if (block.type === 'text') return block.text ?? '';
    if (block.type === 'image' || block.type === 'audio')
      return `[${block.type} content, ${block.mimeType ?? 'unknown type'}]`;
    if (block.type === 'resource') return block.resource?.text ?? `[resource ${block.resource?.uri ?? ''}]`;
    if (block.type === 'resource_link') return `[resource link ${block.uri ?? ''}]`;
    return `[${block.type ?? 'unknown'} content]`;
  });
  if (parts.length === 0 && result.structuredContent !== undefined)
    return JSON.stringify(result.structuredContent, null, 2);
  return parts.length > 0 ? parts.join('\n') : '(no content)';
}
