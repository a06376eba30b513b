import type { ErrorData, RunStopReason, ToolEffect, Usage } from '@wright/core';

/** How a CLI run ended, in words; each maps to one exit code. */
export type ResultStatus = 'finished' | 'error' | 'usage-error' | 'budget' | 'check-failed' | 'interrupted';

/**
 * Events the CLI adds to the `--json` stream (see docs/events.md, "CLI events"). They carry `time` but no run
 * envelope (`seq`, `runId`): consumers checking the loop's protocol filter them out by `type`.
 */
export type CliEvent =
  | {
      type: 'approval-request';
      time: number;
      toolName: string;
      effect: ToolEffect;
      /** One line: what will run or change. */
      title: string;
      /** Exactly what will run (a command) or change (a diff). */
      detail?: string;
    }
  | {
      type: 'approval-decision';
      time: number;
      toolName: string;
      allowed: boolean;
      /** Who decided: the configured policy, or the person at the terminal. */
      by: 'policy' | 'user';
      reason?: string;
    }
  | {
      /** A language server started for a workspace root (or could not: `ok: false` with the reason). */
      type: 'lsp-start';
      time: number;
      server: string;
      root: string;
      ok: boolean;
      reason?: string;
    }
  | {
      /** Diagnostics of one file after an edit: counts of what the model was shown. */
      type: 'diagnostics';
      time: number;
      server: string;
      /** Workspace-relative. */
      path: string;
      errors: number;
      warnings: number;
      newErrors: number;
    }
  | {
      type: 'result';
      time: number;
      status: ResultStatus;
      /** The process exit code. */
      exitCode: number;
      sessionId?: string;
      /** Why the agent loop stopped, when it ran. */
      reason?: RunStopReason;
      /** The final answer. */
      text?: string;
      steps?: number;
      usage?: Usage;
      cacheHitRate?: number;
      /** US dollars. */
      cost?: number;
      durationMs?: number;
      /** The verification command's outcome, when `--check` was given. */
      check?: { command: string; passed: boolean };
      /** Files the run changed (workspace-relative). */
      changedFiles?: string[];
      /**
       * Why it failed: `code` is the ErrorData code, or `usage` (exit 2) or `internal` (a bug) for failures outside
       * the run; `message` is the one line printed on stderr.
       */
      error?: { code: ErrorData['code'] | 'usage' | 'internal'; message: string; hint?: string };
    };

/** Anything the CLI renders: loop events, runner events and CLI events; unknown types pass through. */
export type DisplayEvent = { type: string; [key: string]: unknown };
