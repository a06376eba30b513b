import type { RunStopReason } from '@wright/core';
import type { ResultStatus } from '../cli-events.js';
import { exitCodes } from '../exit-codes.js';

/** The status and exit code of a run that stopped for `reason` (with the check's outcome, when one ran). */
export function runStatus(
  reason: RunStopReason,
  checkPassed?: boolean,
): { status: ResultStatus; exitCode: number } {
  switch (reason) {
    case 'aborted':
      return { status: 'interrupted', exitCode: exitCodes.interrupted };
    case 'max-steps':
    case 'token-budget':
    case 'cost-budget':
    case 'time-budget':
      return { status: 'budget', exitCode: exitCodes.budget };
    case 'done':
      return checkPassed === false
        ? { status: 'check-failed', exitCode: exitCodes.checkFailed }
        : { status: 'finished', exitCode: exitCodes.ok };
    default:
      return { status: 'error', exitCode: exitCodes.failure };
  }
}
