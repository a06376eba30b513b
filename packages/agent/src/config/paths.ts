import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

type Environment = Record<string, string | undefined>;

/** Where sessions and other state live: `$WRIGHT_HOME`, `$XDG_DATA_HOME/wright`, or `~/.local/share/wright`. */
export function dataDirectory(env: Environment): string {
  if (nonEmpty(env.WRIGHT_HOME)) return env.WRIGHT_HOME;
  if (nonEmpty(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'wright');
  return join(homedir(), '.local', 'share', 'wright');
}

/** The user config file: `$XDG_CONFIG_HOME/wright/config.json` or `~/.config/wright/config.json`. */
export function userConfigFile(env: Environment): string {
  const base = nonEmpty(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'wright', 'config.json');
}

/** Trusted project configs (`wright trust`): `trusted-projects.json` beside the user config, outside every repository. */
export function trustStoreFile(env: Environment): string {
  return join(dirname(userConfigFile(env)), 'trusted-projects.json');
}

/** The project config file inside a project directory. */
export function projectConfigFile(projectDirectory: string): string {
  return join(projectDirectory, '.wright', 'config.json');
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
