import type { AnyTool, ToolResult } from '@wright/core';
import { createShellTools } from '@wright/tools';
import type { createTestKit } from './tool-context.js';

type TestKit = Awaited<ReturnType<typeof createTestKit>>;

/** The shell tools of `kit`, called by name with raw input the way the loop calls them (parse, then run). */
export function shellCaller(kit: TestKit, options: Parameters<typeof createShellTools>[1]) {
  const list = createShellTools(kit.state, options);
  const tools: Record<string, AnyTool> = Object.fromEntries(list.map((tool) => [tool.name, tool]));
  return async (name: string, input: Record<string, unknown>): Promise<ToolResult> => {
    const tool = tools[name]!;
    const parsed = tool.parse(input);
    if (!parsed.ok) throw new Error(parsed.message);
    return tool.run(parsed.value, kit.context);
  };
}

/** A number-like marker no other test's command line contains. */
export const unique = () =>
  `${Math.floor(Math.random() * 900 + 100)}.${Math.floor(Math.random() * 9000 + 1000)}`;
