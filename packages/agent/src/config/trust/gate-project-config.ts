import type { ConfigFile } from '../config-schema.js';
import { withoutGatedSettings } from './gated-settings.js';
import { isTrusted, trustProject } from './trust-store.js';

/** A project config file as trust sees it. */
export type ProjectConfigSource = {
  /** The config file's path. */
  file: string;
  /** Real path of the project directory (the one holding `.wright/`): what trust is tied to. */
  project: string;
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
};

/** An untrusted project config that sets trust-gated settings. */
export type UntrustedProjectConfig = {
  /** The config file's path. */
  file: string;
  /** The gated settings it sets, as dotted paths (`plugins`, `approval.mode`, ...). */
  settings: string[];
};

/** How an app asks the user about an untrusted project config and hears what was left out. */
export type TrustPrompt = {
  /** Asked first; resolving true trusts this exact file (recorded in the trust store) and applies all of it. */
  ask?: (config: UntrustedProjectConfig) => Promise<boolean>;
  /** Told when the gated settings are left out (not trusted, or the answer was no). */
  ignored?: (config: UntrustedProjectConfig) => void;
};

/**
 * What of a project config applies. Without gated settings, with `trustAll`, or when the user trusted this project
 * with exactly this file (`wright trust`, or a yes from `prompt.ask`): all of it. Otherwise the config without its
 * gated settings, and `prompt.ignored` is told which.
 */
export async function gateProjectConfig(options: {
  config: ConfigFile;
  source: ProjectConfigSource;
  storeFile: string;
  prompt?: TrustPrompt;
  trustAll?: boolean;
}): Promise<ConfigFile> {
  const { config, source, storeFile, prompt } = options;
  const gated = withoutGatedSettings(config);
  if (gated.removed.length === 0 || options.trustAll === true) return config;
  if (await isTrusted(storeFile, source.project, source.sha256)) return config;
  const untrusted = { file: source.file, settings: gated.removed };
  if (prompt?.ask !== undefined && (await prompt.ask(untrusted))) {
    await trustProject(storeFile, source.project, source.sha256);
    return config;
  }
  prompt?.ignored?.(untrusted);
  return gated.config;
}
