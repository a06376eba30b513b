import nodePath from 'node:path';
import { wrightError } from '@wright/core';
import picomatch from 'picomatch';
import { parsePatch } from '../patch/parse-patch.js';
import type { CommandAnalysis } from './analyse-command.js';
import {
  allowCovers,
  type CommandPattern,
  type DenyMatch,
  denyMatches,
  parseCommandPattern,
  redirectAllowed,
  type StepCounter,
} from './command-pattern.js';

/**
 * One allow or deny rule. String form: `tool` or `tool(pattern)`, e.g. `shell(git status*)`, `write_file(src/**)`,
 * `web_fetch(domain:docs.python.org)`. The pattern is a command pattern for tools taking a `command` (words, `*`
 * wildcards, a trailing `*` allowing more words, redirections it allows such as `> build.log`), a path glob
 * (picomatch) for tools taking paths, `domain:host` (`domain:*.example.com` for subdomains) for tools taking a `url`.
 */
export type PermissionRule =
  | string
  | {
      /** Tool name; `*` wildcards allowed (`github__*`, `*`). */
      tool: string;
      /** Command pattern for shell-like tools: words with `*` wildcards; a trailing `*` allows further words. */
      command?: string;
      /** Path glob (picomatch, relative to the workspace root) for path-taking tools. */
      path?: string;
      /** Host of a `url` argument: `example.com` exactly, `*.example.com` for its subdomains. */
      domain?: string;
    };

/** A rule in normalised form. */
export type CompiledRule = {
  /** The rule as written, for reasons. */
  label: string;
  matchesTool: (name: string) => boolean;
  /** The command pattern, split into words and redirections. */
  command?: CommandPattern;
  matchesPath?: (path: string) => boolean;
  /** Matches the host of a `url` argument. */
  matchesDomain?: (host: string) => boolean;
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
    const domain = /^\s*domain:(.*)$/s.exec(pattern ?? '')?.[1];
    if (domain !== undefined)
      return { label: rule, matchesTool: wildcard(match[1]!), matchesDomain: domainMatcher(rule, domain) };
    return {
      label: rule,
      matchesTool: wildcard(match[1]!),
      ...(pattern !== undefined
        ? { command: commandPattern(rule, pattern), matchesPath: pathGlob(pattern.trim()) }
        : {}),
    };
  }
  if (typeof rule !== 'object' || rule === null || typeof rule.tool !== 'string') {
    throw wrightError(
      'invalid-options',
      `Invalid permission rule ${JSON.stringify(rule)}: it needs a tool name.`,
    );
  }
  const label = `${rule.tool}${rule.command ? `(${rule.command})` : rule.path ? `(${rule.path})` : rule.domain ? `(domain:${rule.domain})` : ''}`;
  return {
    label,
    matchesTool: wildcard(rule.tool),
    ...(rule.domain !== undefined ? { matchesDomain: domainMatcher(label, rule.domain) } : {}),
    ...(rule.command !== undefined ? { command: commandPattern(label, rule.command) } : {}),
    ...(rule.path !== undefined ? { matchesPath: pathGlob(rule.path) } : {}),
  };
}

/**
 * Whether allow rules cover a call. For a command, every part must be covered by some rule: each command of a
 * compound, pipeline, subshell and substitution (`analysis.commands`), and each risky redirection (to a file or
 * `/dev/tcp`) by the rule covering its command. A command that does not parse, a bare `NAME=value` or a redirection
 * of a whole group is never covered. Every path the call touches must be covered likewise.
 */
export function rulesCover(
  rules: CompiledRule[],
  toolName: string,
  input: unknown,
  analysis?: CommandAnalysis,
  counter: StepCounter = { steps: 0 },
): boolean {
  const forTool = rules.filter((rule) => rule.matchesTool(toolName));
  if (forTool.length === 0) return false;
  if (forTool.some((rule) => !rule.command && !rule.matchesPath && !rule.matchesDomain)) return true;
  const url = stringField(input, 'url');
  if (url !== undefined && stringField(input, 'command') === undefined) {
    const host = hostOf(url);
    return host !== undefined && forTool.some((rule) => rule.matchesDomain?.(host));
  }
  if (stringField(input, 'command') !== undefined) {
    if (forTool.some((rule) => rule.command?.any)) return true;
    if (analysis === undefined || !analysis.ok || analysis.looseAssignments) return false;
    const patterns = forTool.flatMap((rule) => (rule.command ? [rule.command] : []));
    if (analysis.commands.length === 0) return false;
    const shared = analysis.sharedRedirects;
    return (
      analysis.commands.every((command) =>
        patterns.some((pattern) => allowCovers(pattern, command, counter)),
      ) && shared.every((redirect) => patterns.some((pattern) => redirectAllowed(pattern, redirect, counter)))
    );
  }
  const paths = pathsOf(toolName, input);
  return paths.length > 0 && paths.every((path) => forTool.some((rule) => rule.matchesPath?.(path)));
}

/**
 * Whether any part of a call matches a (deny) rule: one matching command or path is enough. Commands are compared
 * in their effective form (wrappers such as `command`, `env`, `sudo`, `xargs` removed, `/usr/bin/git` read as
 * `git`, quotes and escapes resolved, `bash -c` scripts parsed). `maybe` when a command cannot be checked (it does
 * not parse, or its name or flags are only known at run time): the policy then denies too (fail closed).
 */
export function ruleTouches(
  rule: CompiledRule,
  toolName: string,
  input: unknown,
  analysis?: CommandAnalysis,
  counter: StepCounter = { steps: 0 },
): DenyMatch {
  if (!rule.matchesTool(toolName)) return 'none';
  if (!rule.command && !rule.matchesPath && !rule.matchesDomain) return 'match';
  if (rule.matchesDomain) {
    const url = stringField(input, 'url');
    if (url === undefined) return 'none';
    const host = hostOf(url);
    // A URL whose host cannot be read cannot be shown not to match: deny (fail closed).
    return host === undefined || rule.matchesDomain(host) ? 'match' : 'none';
  }
  if (stringField(input, 'command') !== undefined && rule.command) {
    if (rule.command.any) return 'match';
    if (analysis === undefined || !analysis.ok) return 'maybe';
    let result: DenyMatch = analysis.opaque !== undefined ? 'maybe' : 'none';
    for (const command of analysis.effective) {
      const match = denyMatches(rule.command, command, counter);
      if (match === 'match') return 'match';
      if (match === 'maybe') result = 'maybe';
    }
    return result;
  }
  const paths = pathsOf(toolName, input);
  return rule.matchesPath !== undefined && paths.some((path) => pathVariants(path).some(rule.matchesPath!))
    ? 'match'
    : 'none';
}

// Without the root, an absolute path cannot be made relative: a deny rule is checked against each of its tails.
function pathVariants(path: string): string[] {
  if (!path.startsWith('/')) return [path];
  const segments = path.split('/').filter((segment) => segment !== '');
  return [path, ...segments.map((_segment, index) => segments.slice(index).join('/'))];
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

function commandPattern(label: string, pattern: string): CommandPattern | undefined {
  try {
    return parseCommandPattern(pattern);
  } catch (error) {
    // A path glob such as `write_file(src/**)` is not a command; only a broken command pattern is an error.
    if (pattern.trim() === '') return undefined;
    throw wrightError(
      'invalid-options',
      `Invalid permission rule ${JSON.stringify(label)}: ${(error as Error).message}.`,
    );
  }
}

/** The lowercased host of an http(s) URL, without brackets; undefined when it does not parse. */
function hostOf(url: string): string | undefined {
  if (!URL.canParse(url.trim())) return undefined;
  return new URL(url.trim()).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

function domainMatcher(label: string, domain: string): (host: string) => boolean {
  const wanted = domain.trim().toLowerCase();
  if (wanted === '' || /[\s/()]/.test(wanted)) {
    throw wrightError(
      'invalid-options',
      `Invalid permission rule ${JSON.stringify(label)}: write domain:example.com or domain:*.example.com.`,
    );
  }
  if (wanted.startsWith('*.')) {
    const suffix = wanted.slice(1);
    return (host) => host.endsWith(suffix) && host.length > suffix.length;
  }
  return (host) => host === wanted;
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
