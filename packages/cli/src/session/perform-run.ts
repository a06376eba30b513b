import type { ApprovalDecision, ApprovalRequest } from '@wright/core';
import type { Settings } from '../config/settings.js';
import { CliFailure, exitCodes } from '../exit-codes.js';
import type { ResultEvent, RunOutput } from '../render/run-output.js';
import type { ModelAccess } from './model-access.js';

/** Everything one run needs, already validated. */
export type RunRequest = {
  task: string;
  /** The user's directory (the workspace in place, or the repository a worktree is made from). */
  cwd: string;
  settings: Settings;
  access: ModelAccess;
  check?: string;
  /** A session id prefix or `last`. */
  resume?: string;
  worktree: boolean;
  dataDirectory: string;
  output: RunOutput;
  signal: AbortSignal;
  /** Asks the person at the terminal when the permission policy says `ask`; absent: the policy decides. */
  approve?: (request: ApprovalRequest) => Promise<ApprovalDecision>;
  /** Compact the conversation before this prompt (chat's `/compact`). */
  compactFirst?: boolean;
};

export async function performRun(_request: RunRequest): Promise<ResultEvent> {
  throw new CliFailure(exitCodes.failure, 'wright: not available yet');
}
