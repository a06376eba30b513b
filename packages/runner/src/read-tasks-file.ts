import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { wrightError } from '@wright/core';

/** One task of a batch. */
export type TaskSpec = {
  /** Names the task in results; default `task-<line>`. Unique within a batch. */
  id?: string;
  /**
   * The folder to work in. Relative paths are resolved against the tasks file's directory; with `repo`, it is a
   * folder inside the clone (default: the clone's root).
   */
  cwd: string;
  /** A git URL (or path) to clone instead of working in an existing folder; each attempt starts from a clean clone. */
  repo?: string;
  /** With `repo`: the branch, tag or commit to start from (default: the clone's default branch). */
  ref?: string;
  /** What to do. */
  prompt: string;
  /** A verification command run in the task's workspace. */
  check?: string;
  /** Limits for this task (all check rounds included). */
  budget?: {
    maxSteps?: number;
    maxCostUsd?: number;
    /** Input plus output tokens. */
    maxTokens?: number;
    maxDurationMs?: number;
  };
};

const taskKeys = new Set(['id', 'cwd', 'repo', 'ref', 'prompt', 'check', 'budget']);
const budgetKeys = new Set(['maxSteps', 'maxCostUsd', 'maxTokens', 'maxDurationMs']);

/**
 * Reads a tasks JSONL file: one JSON object per line; blank lines and lines starting with `#` are skipped. Every
 * bad line is reported (`tasks.jsonl:3: \`prompt\` must be a non-empty string`) in one `invalid-options` error.
 */
export async function readTasksFile(path: string): Promise<TaskSpec[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw wrightError('invalid-options', `Cannot read the tasks file ${path}: ${(error as Error).message}`);
  }
  return parseTasks(text, path);
}

/** Parses tasks JSONL text; `path` names the file in errors and anchors relative `cwd`s. */
export function parseTasks(text: string, path: string): TaskSpec[] {
  const tasks: TaskSpec[] = [];
  const errors: string[] = [];
  const ids = new Map<string, number>();
  const name = nodePath.basename(path);
  text.split(/\r?\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      errors.push(`${name}:${lineNumber}: not valid JSON (${(error as Error).message})`);
      return;
    }
    const problems = validateTask(value);
    if (problems.length > 0) {
      errors.push(...problems.map((problem) => `${name}:${lineNumber}: ${problem}`));
      return;
    }
    const task = value as TaskSpec;
    const id = task.id ?? `task-${lineNumber}`;
    const previous = ids.get(id);
    if (previous !== undefined) {
      errors.push(`${name}:${lineNumber}: id "${id}" is already used on line ${previous}`);
      return;
    }
    ids.set(id, lineNumber);
    tasks.push(
      task.repo === undefined
        ? { ...task, id, cwd: nodePath.resolve(nodePath.dirname(path), task.cwd) }
        : { ...task, id, cwd: task.cwd ?? '.' },
    );
  });
  if (errors.length > 0) {
    throw wrightError(
      'invalid-options',
      `The tasks file has ${errors.length} problem(s):\n${errors.join('\n')}`,
      {
        details: { errors },
      },
    );
  }
  if (tasks.length === 0) throw wrightError('invalid-options', `The tasks file ${path} holds no tasks.`);
  return tasks;
}

function validateTask(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['a task must be a JSON object'];
  const task = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(task)) {
    if (!taskKeys.has(key))
      problems.push(`unknown key \`${key}\` (expected id, cwd, repo, ref, prompt, check, budget)`);
  }
  const nonEmpty = (key: string, required: boolean) => {
    const field = task[key];
    if (field === undefined && !required) return;
    if (typeof field !== 'string' || field.trim() === '')
      problems.push(`\`${key}\` must be a non-empty string`);
  };
  nonEmpty('cwd', task.repo === undefined);
  nonEmpty('repo', false);
  nonEmpty('ref', false);
  if (task.ref !== undefined && task.repo === undefined) problems.push('`ref` needs `repo`');
  if (typeof task.ref === 'string' && task.ref.startsWith('-')) problems.push('`ref` may not start with "-"');
  if (typeof task.repo === 'string' && typeof task.cwd === 'string' && nodePath.isAbsolute(task.cwd))
    problems.push('with `repo`, `cwd` must be a folder inside the clone (a relative path)');
  nonEmpty('prompt', true);
  nonEmpty('id', false);
  nonEmpty('check', false);
  if (typeof task.id === 'string' && !/^[A-Za-z0-9._-]+$/.test(task.id)) {
    problems.push('`id` may only hold letters, digits, ".", "_" and "-"');
  }
  const budget = task.budget;
  if (budget !== undefined) {
    if (typeof budget !== 'object' || budget === null || Array.isArray(budget)) {
      problems.push('`budget` must be an object');
    } else {
      for (const [key, limit] of Object.entries(budget)) {
        if (!budgetKeys.has(key)) problems.push(`unknown budget key \`${key}\``);
        else if (typeof limit !== 'number' || !(limit > 0))
          problems.push(`\`budget.${key}\` must be a number > 0`);
      }
    }
  }
  return problems;
}
