import { z } from 'zod';

/** The hook events, spelled as in config (`hooks.pre_tool_use`) and in each hook's `hook_event_name`. */
export const hookEvents = [
  'session_start',
  'user_prompt_submit',
  'pre_tool_use',
  'post_tool_use',
  'stop',
] as const;

/** One hook event's name. */
export type HookEvent = (typeof hookEvents)[number];

const hookCommand = z
  .object({
    type: z.literal('command'),
    command: z.string().min(1),
    timeout: z.number().positive().optional(),
  })
  .strict();

const hookMatcher = z
  .object({
    matcher: z
      .string()
      .optional()
      .refine(
        (matcher) => matcher === undefined || matcher === '*' || compiles(matcher),
        'expected a tool name, names joined by |, a regular expression, or *',
      ),
    hooks: z.array(hookCommand).min(1),
  })
  .strict();

/** The `hooks` config key, in Claude Code's shape with Wright's event names. */
export const hooksSchema = z
  .object(Object.fromEntries(hookEvents.map((event) => [event, z.array(hookMatcher).optional()])))
  .strict() as unknown as z.ZodType<HooksConfig>;

/** A command hook: run with the event's JSON document on stdin. */
export type HookCommand = {
  /** Always `command`. */
  type: 'command';
  /** A shell command line (run with bash, or sh), in the sandbox, in the workspace root. */
  command: string;
  /** Seconds before it is killed (a non-blocking error); default 60. */
  timeout?: number;
};

/**
 * A group of hooks and the tools (or, for `session_start`, the sources) it runs for: a regular expression matched
 * against the whole name (`shell|write_file`, `mcp__.*`); absent, empty or `*` for all.
 */
export type HookMatcher = { matcher?: string; hooks: HookCommand[] };

/** Hooks by event. */
export type HooksConfig = Partial<Record<HookEvent, HookMatcher[]>>;

/** Whether a matcher selects `name`: empty, absent and `*` select everything; otherwise a whole-name regex match. */
export function matcherSelects(matcher: string | undefined, name: string): boolean {
  if (matcher === undefined || matcher === '' || matcher === '*') return true;
  return new RegExp(`^(?:${matcher})$`).test(name);
}

/**
 * The commands configured for `event` whose matcher selects `name`, in config order (duplicates run once). Without a
 * name (`user_prompt_submit`, `stop`) matchers are ignored, as Claude Code does.
 */
export function hooksFor(config: HooksConfig, event: HookEvent, name?: string): HookCommand[] {
  const seen = new Set<string>();
  const commands: HookCommand[] = [];
  for (const group of config[event] ?? []) {
    if (name !== undefined && !matcherSelects(group.matcher, name)) continue;
    for (const hook of group.hooks) {
      if (seen.has(hook.command)) continue;
      seen.add(hook.command);
      commands.push(hook);
    }
  }
  return commands;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
