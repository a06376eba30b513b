import { execFile } from 'node:child_process';

/** What `probeSandbox` found out about this host. */
export type SandboxProbe = {
  /** True when bwrap ran a command with every namespace and mount Wright uses. */
  available: boolean;
  /** The bwrap executable asked for (a path or a name on PATH). */
  bwrapPath: string;
  /** `bubblewrap 0.8.0`, when bwrap could be started. */
  version?: string;
  /** Why the sandbox cannot be used, in one line; absent when available. */
  reason?: string;
  /** How to fix the host, in one line; absent when available. */
  fix?: string;
};

/** The flags of a real sandboxed command, so the probe fails exactly when a command would. */
const probeArguments = [
  '--die-with-parent',
  '--new-session',
  '--unshare-pid',
  '--unshare-ipc',
  '--unshare-net',
  '--ro-bind',
  '/',
  '/',
  '--dev',
  '/dev',
  '--proc',
  '/proc',
  '--tmpfs',
  '/tmp',
  '--',
  'true',
];

// Per process and bwrap path: the host does not change while Wright runs, and a probe costs two process starts.
const probes = new Map<string, Promise<SandboxProbe>>();

/** Finds out (once per process for each bwrap path) whether bwrap can confine commands on this host. */
export function probeSandbox(bwrapPath = 'bwrap'): Promise<SandboxProbe> {
  let probe = probes.get(bwrapPath);
  if (probe === undefined) {
    probe = runProbe(bwrapPath);
    probes.set(bwrapPath, probe);
  }
  return probe;
}

async function runProbe(bwrapPath: string): Promise<SandboxProbe> {
  const version = await run(bwrapPath, ['--version']);
  if (version.error?.code === 'ENOENT' || version.error?.code === 'EACCES') {
    return {
      available: false,
      bwrapPath,
      reason: `bubblewrap (bwrap) was not found at ${JSON.stringify(bwrapPath)}`,
      fix: 'install bubblewrap (apt-get install bubblewrap, dnf install bubblewrap or pacman -S bubblewrap)',
    };
  }
  const trial = await run(bwrapPath, probeArguments);
  const versionText = version.stdout.trim() || undefined;
  if (trial.error === undefined) {
    return { available: true, bwrapPath, ...(versionText ? { version: versionText } : {}) };
  }
  const message = firstLine(trial.stderr) || trial.error.message;
  return {
    available: false,
    bwrapPath,
    ...(versionText ? { version: versionText } : {}),
    ...explainProbeFailure(message),
  };
}

/** Turns bwrap's own error into a reason and a fix for the host. */
export function explainProbeFailure(message: string): { reason: string; fix: string } {
  const namespaces =
    /uid map|user namespace|new namespace|Operation not permitted|Permission denied|No permissions|unshare/i;
  if (namespaces.test(message)) {
    return {
      reason: `this host does not let unprivileged users create the namespaces bwrap needs (bwrap: ${message})`,
      fix:
        'allow unprivileged user namespaces: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` ' +
        '(Ubuntu 23.10 and later) or `sudo sysctl -w kernel.unprivileged_userns_clone=1` (older Debian), ' +
        'and in a container run it with user namespaces allowed (e.g. docker --security-opt seccomp=unconfined)',
    };
  }
  return {
    reason: `bwrap could not start a sandboxed command (bwrap: ${message})`,
    fix: 'run `bwrap --ro-bind / / --unshare-net true` to see the error, and fix the host or the bwrap install',
  };
}

type Outcome = { stdout: string; stderr: string; error?: NodeJS.ErrnoException };

function run(file: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: 10_000, env: { PATH: process.env.PATH ?? '' } },
      (error, stdout, stderr) => {
        resolve({ stdout, stderr, ...(error ? { error: error as NodeJS.ErrnoException } : {}) });
      },
    );
  });
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}
