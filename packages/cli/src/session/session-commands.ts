import type { CliContext } from '../cli-context.js';
import type { CommandInput } from '../command-definition.js';
import { CliFailure, exitCodes } from '../exit-codes.js';

// Placeholders until @wright/runner's session store and checkpoints land.
export async function executeSessions(_input: CommandInput, _context: CliContext): Promise<number> {
  throw new CliFailure(exitCodes.failure, 'wright: not available yet');
}
export const executeShow = executeSessions;
export const executeDiff = executeSessions;
export const executeUndo = executeSessions;
