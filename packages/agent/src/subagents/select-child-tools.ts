import type { AnyTool, ToolEffect } from '@wright/core';
import type { AgentDefinition } from './agent-definition.js';

/** The name of the tool that starts subagents. */
export const taskToolName = 'task';

/** A subagent's tools and what was left out of its definition's list. */
export type ChildTools = { tools: AnyTool[]; notes: string[] };

/**
 * The subagent's tools, always drawn from the parent's (a definition can narrow them, never widen them):
 * no `tools` field gives the parent's read-only tools (effect `read`), `all` gives every tool of the parent, a list
 * gives those of its names the parent has. The parent's own `task` tool is never passed on; `nestedTask` (a `task`
 * tool one level deeper, present only while the depth limit allows) is added when the definition asks for `task`
 * or for `all`.
 */
export function selectChildTools(
  definition: Pick<AgentDefinition, 'name' | 'tools'>,
  parentTools: readonly AnyTool[],
  nestedTask: AnyTool | undefined,
): ChildTools {
  const own = parentTools.filter((tool) => tool.name !== taskToolName);
  const notes: string[] = [];
  const wanted = definition.tools;
  if (wanted === undefined) return { tools: own.filter((tool) => tool.effect === 'read'), notes };
  if (wanted === 'all') return { tools: nestedTask === undefined ? own : [...own, nestedTask], notes };
  const tools: AnyTool[] = [];
  for (const name of wanted) {
    if (name === taskToolName) {
      if (nestedTask !== undefined) tools.push(nestedTask);
      else
        notes.push(`agent "${definition.name}": task is left out (subagents may not start subagents here)`);
      continue;
    }
    const tool = own.find((candidate) => candidate.name === name);
    if (tool === undefined)
      notes.push(`agent "${definition.name}": ${name} is not a tool of this run; left out`);
    else if (!tools.includes(tool)) tools.push(tool);
  }
  return { tools, notes };
}

/**
 * What running a subagent does to the world, for scheduling and approval: `read` when every tool it gets only reads
 * (so several such subagents run at once), otherwise `write` (run alone, in order). A nested `task` tool counts as a
 * write, because its own subagents may write.
 */
export function childEffect(tools: readonly AnyTool[]): ToolEffect {
  return tools.every((tool) => tool.name !== taskToolName && tool.effect === 'read') ? 'read' : 'write';
}
