import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SettingFlags } from '@wright/agent';
import { type CommandInput, stringValue } from '../command-definition.js';
import { usageFailure } from '../exit-codes.js';

/** The setting flags shared by run, chat and batch. */
export function settingFlags(input: CommandInput): SettingFlags {
  const flags: SettingFlags = {};
  const pairs: [keyof SettingFlags, string][] = [
    ['provider', 'provider'],
    ['model', 'model'],
    ['baseUrl', 'base-url'],
    ['thinking', 'thinking'],
    ['approval', 'approval'],
    ['maxSteps', 'max-steps'],
    ['lsp', 'lsp'],
    ['sandbox', 'sandbox'],
    ['network', 'network'],
  ];
  for (const [key, name] of pairs) {
    const value = stringValue(input, name);
    if (value !== undefined) flags[key] = value;
  }
  return flags;
}

/** `--cwd` resolved against the start directory; it must be an existing directory. */
export async function workspaceDirectory(input: CommandInput, startDirectory: string): Promise<string> {
  const directory = resolve(startDirectory, stringValue(input, 'cwd') ?? '.');
  const stats = await stat(directory).catch(() => undefined);
  if (stats?.isDirectory() !== true) {
    throw usageFailure(`wright: --cwd ${directory} is not a directory`, 'pass an existing directory');
  }
  return directory;
}

/** A positive number from a flag, or undefined. */
export function positiveNumber(input: CommandInput, name: string): number | undefined {
  const text = stringValue(input, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (Number.isFinite(value) && value > 0) return value;
  throw usageFailure(`wright: --${name} must be a positive number (got '${text}')`);
}

/** A duration flag: a number with a unit (`ms`, `s`, `m`, `h`); a bare number means seconds. */
export function durationMs(input: CommandInput, name: string): number | undefined {
  const text = stringValue(input, name);
  if (text === undefined) return undefined;
  const milliseconds = parseDuration(text);
  if (milliseconds !== undefined) return milliseconds;
  throw usageFailure(
    `wright: --${name} must be a duration like 30s, 5m or 1h (got '${text}')`,
    'give a number with s, m or h (a bare number means seconds)',
  );
}

const unitMilliseconds: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of `30s`, `5m`, `1.5h`, `250ms` or `90` (seconds); undefined when it is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (match === null || !(Number(match[1]) > 0)) return undefined;
  return Math.round(Number(match[1]) * (unitMilliseconds[match[2] ?? 's'] ?? 1000));
}
