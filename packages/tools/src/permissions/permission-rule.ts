import nodePath from 'node:path';
import { wrightError } from '@wright/core';
import picomatch from 'picomatch';
import { parsePatch } from '../patch/parse-patch.js';

/**
 * One allow or deny rule. String form: `tool` or `tool(pattern)`, e.g. `shell(git status*)`, `write_file(src/**)`.
 * The pattern is a command pattern for tools taking a `command`, a path glob (picomatch) for tools taking paths.
 */
export type PermissionRule =
  | string
  | {
      /** Tool name; `*` wildcards allowed (`github__*`, `*`). */
      tool: string;
      /** Command pattern for shell-like tools: `*` matches anything, so `npm test*` is a prefix rule. */
      command?: string;
      /** Path glob (picomatch, relative to the workspace root) for path-taking tools. */
      path?: string;
    };

/** A rule in normalised form. */
export type CompiledRule = {
  /** The rule as written, for reasons. */
  label: string;
  matchesTool: (name: string) => boolean;
  matchesCommand?: (command: string) => boolean;
  matchesPath?: (path: string) => boolean;
};

/** Turns a rule into matchers; throws an invalid-options error for malformed rules. */
export function compileRule(rule: PermissionRule): CompiledRule {
  if (typeof rule === 'string') {
    const match = /^([^()\s]+)(?:\((.*)\))?$/s.exec(rule.trim());
    if (!match)
      throw wrightError(
        'invalid-options',
        `Invalid permission rule ${JSON.stringify(rule)}: use tool or tool(pattern).`,
      );
    const pattern = match[2];
    return {
      label: rule,
      matchesTool: wildcard(match[1]!),
      ...(pattern !== undefined
        ? { matchesCommand: wildcard(pattern.trim()), matchesPath: pathGlob(pattern.trim()) }
        : {}),
    };
  }
  if (typeof rule !== 'object' || rule === null || typeof rule.tool !== 'string') {
    throw wrightError(
      'invalid-options',
      `Invalid permission rule ${JSON.stringify(rule)}: it needs a tool name.`,
    );
  }
  const label = `${rule.tool}${rule.command ? `(${rule.command})` : rule.path ? `(${rule.path})` : ''}`;
  return {
    label,
    matchesTool: wildcard(rule.tool),
    ...(rule.command !== undefined ? { matchesCommand: wildcard(rule.command.trim()) } : {}),
    ...(rule.path !== undefined ? { matchesPath: pathGlob(rule.path) } : {}),
  };
}

/**
 * Whether allow rules cover a call. Each part of a compound command (`a && b; c | d`) must be covered by some rule,
 * and commands with substitutions (`$(...)`, backticks) are never covered, so `git status*` cannot smuggle in
 * `git status; rm -rf .`. Likewise every path the call touches must be covered.
 */
export function rulesCover(rules: CompiledRule[], toolName: string, input: unknown): boolean {
  const forTool = rules.filter((rule) => rule.matchesTool(toolName));
  if (forTool.length === 0) return false;
  if (forTool.some((rule) => !rule.matchesCommand && !rule.matchesPath)) return true;
  const command = stringField(input, 'command');
  if (command !== undefined) {
    if (/\$\(|`|<\(|>\(/.test(command)) return false;
    const parts = splitCommand(command);
    return parts.length > 0 && parts.every((part) => forTool.some((rule) => rule.matchesCommand?.(part)));
  }
  const paths = pathsOf(toolName, input);
  return paths.length > 0 && paths.every((path) => forTool.some((rule) => rule.matchesPath?.(path)));
}

/** Whether any part of a call matches a (deny) rule: one matching sub-command or path is enough. */
export function ruleTouches(rule: CompiledRule, toolName: string, input: unknown): boolean {
  if (!rule.matchesTool(toolName)) return false;
  if (!rule.matchesCommand && !rule.matchesPath) return true;
  const command = stringField(input, 'command');
  if (command !== undefined && rule.matchesCommand) {
    return [command.trim(), ...splitCommand(command)].some((part) => rule.matchesCommand!(part));
  }
  const paths = pathsOf(toolName, input);
  return rule.matchesPath !== undefined && paths.some((path) => pathVariants(path).some(rule.matchesPath!));
}

// Without the root, an absolute path cannot be made relative: a deny rule is checked against each of its tails.
function pathVariants(path: string): string[] {
  if (!path.startsWith('/')) return [path];
  const segments = path.split('/').filter((segment) => segment !== '');
  return [path, ...segments.map((_segment, index) => segments.slice(index).join('/'))];
}

/** The sub-commands of a command line, split on `;`, `&&`, `||`, `|`, `&`, newlines, `$(`, backticks and parentheses. */
export function splitCommand(command: string): string[] {
  return command
    .split(/&&|\|\||\$\(|[;|&\n`()]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Workspace paths a call touches: its `path` argument, or every file of an `apply_patch` patch. */
export function pathsOf(toolName: string, input: unknown): string[] {
  const path = stringField(input, 'path');
  if (path !== undefined) return [normalisePath(path)];
  const patch = stringField(input, 'patch');
  if (toolName === 'apply_patch' && patch !== undefined) {
    try {
      return parsePatch(patch).files.flatMap((file) =>
        [file.path, file.renamedFrom]
          .filter((entry): entry is string => entry !== undefined)
          .map(normalisePath),
      );
    } catch {
      return [];
    }
  }
  return [];
}

// `src/../.env` and `./.env` must meet the same rules as `.env`.
function normalisePath(path: string): string {
  const normalised = nodePath.posix.normalize(path);
  return normalised.replace(/^(\.\/)+/, '').replace(/\/$/, '');
}

function stringField(input: unknown, name: string): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value = (input as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function wildcard(pattern: string): (text: string) => boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const expression = new RegExp(`^${source}$`, 's');
  return (text) => expression.test(text.trim());
}

function pathGlob(pattern: string): (path: string) => boolean {
  const matcher = picomatch(pattern, { dot: true });
  return (path) => matcher(path);
}
