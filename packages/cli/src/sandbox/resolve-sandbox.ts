import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { dataDirectory, type Settings, userConfigFile } from '@wright/agent';
import { probeSandbox, type SandboxOptions } from '@wright/core';
import { defaultHiddenPaths } from '@wright/core/internal';

type Environment = Record<string, string | undefined>;

/**
 * The sandbox of a run, from the merged settings: the credential stores under HOME and Wright's own data and
 * config folders hidden (less the readable paths, plus the configured hidden ones), bwrap from `WRIGHT_BWRAP` or
 * config.
 */
export function resolveSandbox(settings: Settings, env: Environment): SandboxOptions {
  const home = env.HOME || homedir();
  const wrightFolders = [dataDirectory(env), dirname(userConfigFile(env))];
  const readable = new Set(settings.sandbox.readablePaths);
  const hiddenPaths = [...defaultHiddenPaths(home, wrightFolders), ...settings.sandbox.hiddenPaths].filter(
    (path) => !readable.has(path),
  );
  return {
    mode: settings.sandbox.mode,
    network: settings.sandbox.network,
    hiddenPaths,
    writablePaths: settings.sandbox.writablePaths,
    ...(settings.sandbox.bwrapPath === undefined ? {} : { bwrapPath: settings.sandbox.bwrapPath }),
    ...(settings.sandbox.cacheDirectory === undefined
      ? {}
      : { cacheDirectory: settings.sandbox.cacheDirectory }),
  };
}

/**
 * Says on stderr what the user must know before a run starts: that the sandbox is off (loudly), that it is
 * unavailable so shell commands will be refused (with the fix), or that a project file tried to widen it.
 * Probes the host (once per process). Resolves with the sandbox to use.
 */
export async function announceSandbox(
  settings: Settings,
  env: Environment,
  warn: (line: string) => void,
  options: { reportUnavailable?: boolean } = {},
): Promise<SandboxOptions> {
  for (const ignored of settings.sandbox.ignored) {
    warn(
      `wright: ignored ${ignored}: a project file cannot widen the sandbox (set it in your user config or with flags)`,
    );
  }
  const sandbox = resolveSandbox(settings, env);
  if (sandbox.mode === 'off') {
    warn(
      `wright: SANDBOX OFF (${settings.sandbox.modeSource}): commands the model runs have your full rights: your files, your network, your credentials`,
    );
    return sandbox;
  }
  const probe = await probeSandbox(sandbox.bwrapPath);
  if (!probe.available && options.reportUnavailable !== false) {
    warn(
      `wright: the sandbox is unavailable, so shell and check commands will be refused: ${probe.reason}. ` +
        `Fix: ${probe.fix}; or set WRIGHT_BWRAP to a working bwrap, or pass --sandbox off`,
    );
  }
  return sandbox;
}

/**
 * The demo's sandbox: the same as `run`'s when this host supports it; otherwise off, with a notice, so that the
 * newcomer path still works on a host that blocks user namespaces (it runs Wright's own sample repository).
 */
export async function demoSandbox(
  settings: Settings,
  env: Environment,
  warn: (line: string) => void,
): Promise<SandboxOptions> {
  const sandbox = resolveSandbox(settings, env);
  if (sandbox.mode === 'off') return sandbox;
  const probe = await probeSandbox(sandbox.bwrapPath);
  if (probe.available) return sandbox;
  warn(`wright demo: the sandbox is unavailable (${probe.reason}); the demo runs its commands without it`);
  return { mode: 'off' };
}

/** One line naming the sandbox in effect and why, for `wright sandbox`. */
export function describeSandbox(settings: Settings, sandbox: SandboxOptions): string {
  const source = settings.sandbox.modeSource === 'default' ? 'the default' : settings.sandbox.modeSource;
  if (sandbox.mode === 'off') return `off (from ${source}), network on`;
  return `${sandbox.mode} (from ${source}), network ${sandbox.network ?? 'off'}`;
}
