import { readFile } from 'node:fs/promises';
import { isQuirk, isServerProfileName, quirkNames, serverProfiles } from './quirks.js';
import type { ScriptedFault, ScriptedTurn, TurnScript } from './scripted-turn.js';

const turnKeys = new Set([
  'reasoning',
  'content',
  'toolCalls',
  'finishReason',
  'usage',
  'chunkSize',
  'chunkDelayMs',
  'fault',
  'quirks',
]);
const finishReasons = new Set([
  'stop',
  'tool_calls',
  'length',
  'sensitive',
  'network_error',
  'model_context_window_exceeded',
]);
const usageKeys = new Set(['promptTokens', 'completionTokens', 'cachedTokens', 'reasoningTokens']);
const faultKinds = new Set(['http-error', 'disconnect', 'stream-error', 'hang']);

/**
 * Reads a script from parsed JSON: an array of turns, or `{ "turns": [...], "profile"?: "vllm" }`. Each turn is a
 * plain `ScriptedTurn` (see README), `quirks` included; a `profile` adds that server profile's quirks to every turn.
 * Throws an Error naming the first bad field.
 */
export function scriptFromJson(value: unknown): TurnScript[] {
  const turns = Array.isArray(value) ? value : isObject(value) ? value.turns : undefined;
  if (!Array.isArray(turns))
    throw new Error('script: expected an array of turns or an object with a "turns" array');
  const profile = isObject(value) ? value.profile : undefined;
  if (profile !== undefined && !isServerProfileName(profile)) {
    fail('profile', `must be one of ${Object.keys(serverProfiles).join(', ')}`);
  }
  if (isObject(value)) {
    for (const key of Object.keys(value))
      if (key !== 'turns' && key !== 'profile') fail(key, 'is not a script field (turns, profile)');
  }
  const checked = turns.map((turn, index) => checkTurn(turn, `turns[${index}]`));
  if (profile === undefined) return checked;
  const added = serverProfiles[profile].quirks;
  return checked.map((turn) => ({ ...turn, quirks: [...added, ...(turn.quirks ?? [])] }));
}

/** Reads and checks a JSON script file (format: see `scriptFromJson` and the README). */
export async function loadScript(path: string): Promise<TurnScript[]> {
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`script ${path}: not valid JSON (${error instanceof Error ? error.message : error})`);
  }
  try {
    return scriptFromJson(value);
  } catch (error) {
    throw new Error(
      `script ${path}: ${error instanceof Error ? error.message.replace(/^script: /, '') : error}`,
    );
  }
}

function checkTurn(value: unknown, where: string): ScriptedTurn {
  if (!isObject(value)) fail(where, 'must be an object');
  for (const key of Object.keys(value))
    if (!turnKeys.has(key)) fail(`${where}.${key}`, 'is not a turn field');
  optionalString(value.reasoning, `${where}.reasoning`);
  optionalString(value.content, `${where}.content`);
  optionalNumber(value.chunkSize, `${where}.chunkSize`);
  optionalNumber(value.chunkDelayMs, `${where}.chunkDelayMs`);
  if (value.finishReason !== undefined && !finishReasons.has(value.finishReason as string)) {
    fail(`${where}.finishReason`, `must be one of ${[...finishReasons].join(', ')}`);
  }
  if (value.toolCalls !== undefined) {
    if (!Array.isArray(value.toolCalls)) fail(`${where}.toolCalls`, 'must be an array');
    value.toolCalls.forEach((call, index) => {
      checkToolCall(call, `${where}.toolCalls[${index}]`);
    });
  }
  if (value.usage !== undefined) {
    if (!isObject(value.usage)) fail(`${where}.usage`, 'must be an object');
    for (const [key, count] of Object.entries(value.usage)) {
      if (!usageKeys.has(key)) fail(`${where}.usage.${key}`, 'is not a usage field');
      optionalNumber(count, `${where}.usage.${key}`);
    }
  }
  if (value.fault !== undefined) checkFault(value.fault, `${where}.fault`);
  if (value.quirks !== undefined) {
    if (!Array.isArray(value.quirks)) fail(`${where}.quirks`, 'must be an array of quirk names');
    value.quirks.forEach((quirk, index) => {
      if (!isQuirk(quirk))
        fail(`${where}.quirks[${index}]`, `is not a quirk (one of ${quirkNames.join(', ')})`);
    });
  }
  return value as ScriptedTurn;
}

function checkToolCall(value: unknown, where: string): void {
  if (!isObject(value)) fail(where, 'must be an object');
  optionalString(value.id, `${where}.id`);
  if (typeof value.name !== 'string') fail(`${where}.name`, 'must be a string');
  if (typeof value.arguments !== 'string' && !isObject(value.arguments)) {
    fail(`${where}.arguments`, 'must be a JSON text string or an object');
  }
}

function checkFault(value: unknown, where: string): void {
  if (!isObject(value) || !faultKinds.has(value.kind as string)) {
    fail(`${where}.kind`, `must be one of ${[...faultKinds].join(', ')}`);
  }
  const fault = value as ScriptedFault;
  if (fault.kind === 'http-error') {
    if (typeof fault.status !== 'number') fail(`${where}.status`, 'must be a number');
    if (typeof fault.code !== 'string' && typeof fault.code !== 'number')
      fail(`${where}.code`, 'must be set');
    optionalString(fault.message, `${where}.message`);
    optionalString(fault.retryAfter, `${where}.retryAfter`);
  }
  if (fault.kind === 'disconnect' || fault.kind === 'stream-error') {
    if (typeof fault.afterChunks !== 'number') fail(`${where}.afterChunks`, 'must be a number');
  }
  if (fault.kind === 'stream-error') {
    if (typeof fault.code !== 'string' && typeof fault.code !== 'number')
      fail(`${where}.code`, 'must be set');
    optionalString(fault.message, `${where}.message`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, where: string): void {
  if (value !== undefined && typeof value !== 'string') fail(where, 'must be a string');
}

function optionalNumber(value: unknown, where: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    fail(where, 'must be a non-negative number');
  }
}

function fail(where: string, problem: string): never {
  throw new Error(`script: ${where} ${problem}`);
}
