import type { CliContext } from '../cli-context.js';
import type { CommandInput } from '../command-definition.js';
import { CliFailure, exitCodes } from '../exit-codes.js';

// Placeholder until the package this command needs has landed.
export async function executeDemo(_input: CommandInput, _context: CliContext): Promise<number> {
  throw new CliFailure(exitCodes.failure, 'wright: not available yet');
}
