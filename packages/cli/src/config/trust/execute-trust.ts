import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  findProjectConfig,
  projectConfigFile,
  readConfigFile,
  readTrustedProjects,
  revokeProject,
  trustProject,
  trustStoreFile,
  withoutGatedSettings,
} from '@wright/agent';
import type { CliContext } from '../../cli-context.js';
import { type CommandInput, flagValue } from '../../command-definition.js';
import { CliFailure, exitCodes, usageFailure } from '../../exit-codes.js';
import { printText } from '../../render/print-text.js';
import { fileName, trusted } from '../../render/terminal-text.js';

/** `wright trust`: trust the project config found from a directory, `--list` trusted ones, or `--revoke`. */
export async function executeTrust(input: CommandInput, context: CliContext): Promise<number> {
  const storeFile = trustStoreFile(context.env);
  if (flagValue(input, 'list')) {
    if (flagValue(input, 'revoke'))
      throw usageFailure('wright trust: --list and --revoke do not go together');
    return listTrusted(storeFile, context);
  }
  const start = resolve(context.cwd, input.positionals[0] ?? '.');
  const directory = await realpath(start).catch(() => {
    throw usageFailure(`wright trust: ${start} does not exist`, 'pass a directory of the project');
  });
  const file = await findProjectConfig(directory);
  if (flagValue(input, 'revoke')) {
    const project = file === undefined ? directory : await realpath(dirname(dirname(file)));
    if (!(await revokeProject(storeFile, project))) {
      throw new CliFailure(
        exitCodes.failure,
        `wright trust: ${project} is not trusted`,
        'see `wright trust --list`',
      );
    }
    printText(context.stdout, trusted(`No longer trusting ${fileName(project)}.\n`));
    return exitCodes.ok;
  }
  if (file === undefined) {
    throw new CliFailure(
      exitCodes.failure,
      `wright trust: no .wright/config.json from ${directory} up to the repository root`,
      'trust is only needed for a project config; run it in the project',
    );
  }
  const read = await readConfigFile(file);
  if (read === undefined) throw new CliFailure(exitCodes.failure, `wright trust: ${file} disappeared`);
  const project = await realpath(dirname(dirname(file)));
  await trustProject(storeFile, project, read.sha256);
  const gated = withoutGatedSettings(read.config).removed;
  const effect =
    gated.length === 0
      ? 'it sets nothing that needs trust today'
      : `its trust-gated settings (${gated.join(', ')}) now take effect`;
  printText(
    context.stdout,
    trusted(
      `Trusted ${fileName(file)}: ${effect}. If the file changes, Wright ignores those settings until you trust it again.\n`,
    ),
  );
  return exitCodes.ok;
}

async function listTrusted(storeFile: string, context: CliContext): Promise<number> {
  const projects = await readTrustedProjects(storeFile);
  if (projects.length === 0) {
    printText(context.stdout, trusted('No trusted projects.\n'));
    return exitCodes.ok;
  }
  for (const entry of projects) {
    const current = await readFile(projectConfigFile(entry.path)).catch(() => undefined);
    const state =
      current === undefined
        ? 'config missing'
        : createHash('sha256').update(current).digest('hex') === entry.configSha256
          ? 'trusted'
          : 'changed since (not trusted until `wright trust` again)';
    printText(
      context.stdout,
      trusted(`${fileName(entry.path)}  ${state}  (since ${entry.trustedAt.slice(0, 10)})\n`),
    );
  }
  return exitCodes.ok;
}
