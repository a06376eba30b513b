/** What failed to start, for `describeSpawnError`. */
export type SpawnAttempt = {
  /** The command line given to the shell. */
  command: string;
  /** The working directory it was to run in. */
  cwd?: string;
  /** The error code of the failed spawn (`E2BIG`, `ENOENT`, `EACCES`, ...), when there is one. */
  code?: string;
  /** The system's own message, used for codes without a sentence of their own. */
  message?: string;
};

/** The longest single argument Linux passes to a program (MAX_ARG_STRLEN, 32 pages); the shell gets one. */
const maximumArgumentBytes = 128 * 1024;

/**
 * One sentence saying why a command could not be started, in terms the model (or a person) can act on: a command
 * too long for the system (E2BIG) is not "killed by signal unknown". Used by the shell tools and the check.
 */
export function describeSpawnError(attempt: SpawnAttempt): string {
  const code = attempt.code ?? 'unknown error';
  switch (attempt.code) {
    case 'E2BIG': {
      const bytes = Buffer.byteLength(attempt.command);
      return `Could not start the command: command too long (E2BIG): ${bytes} bytes, more than the ${maximumArgumentBytes / 1024} KiB the system accepts for one command (with its environment). Write the script to a file and run the file instead.`;
    }
    case 'ENOENT':
      return `Could not start the command (ENOENT): the shell or the working directory${attempt.cwd === undefined ? '' : ` ${attempt.cwd}`} does not exist.`;
    case 'EACCES':
    case 'EPERM':
      return `Could not start the command (${code}): permission denied for the shell or the working directory${attempt.cwd === undefined ? '' : ` ${attempt.cwd}`}.`;
    case 'EAGAIN':
    case 'EMFILE':
    case 'ENFILE':
    case 'ENOMEM':
      return `Could not start the command (${code}): the system is out of processes, memory or file handles; try again later.`;
    default:
      return `Could not start the command (${code})${attempt.message === undefined ? '' : `: ${attempt.message}`}.`;
  }
}
