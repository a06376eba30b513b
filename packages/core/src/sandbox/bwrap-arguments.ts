import { sep } from 'node:path';
import type { SandboxNetwork } from './sandbox-options.js';

/** A path to hide, and whether it is a directory (shown empty) or a file (read as empty). */
export type HiddenPath = { path: string; kind: 'directory' | 'file' };

/** Everything `bwrapArguments` needs, every path absolute, real (no symlinks) and existing. */
export type BwrapPlan = {
  /** `workspace-write` binds the workspace writable; `read-only` binds it read-only. */
  mode: 'read-only' | 'workspace-write';
  /** `off` adds a fresh network namespace with only loopback. */
  network: SandboxNetwork;
  /** The workspace (or worktree) root. */
  workspaceRoot: string;
  /** Where the command starts. */
  cwd: string;
  /** Paths inside the workspace kept read-only in `workspace-write` (its `.git` and `.wright`). */
  protectedPaths: string[];
  /** Paths hidden from the command (credential stores, Wright's own folders). */
  hiddenPaths: HiddenPath[];
  /** Extra writable paths (the tool cache, configured ones). */
  writablePaths: string[];
  /** Paths under /tmp made visible again read-only after /tmp is replaced (the home folder, when it is there). */
  visiblePaths: string[];
  /**
   * Folders shown read-only at another place: `source` (real) appears at `destination`, a place inside a hidden
   * folder (a worktree's link to the checkout's `node_modules`, beside the worktree in Wright's data folder).
   */
  linkedFolders: Array<{ source: string; destination: string }>;
};

/**
 * The bwrap arguments (without the command) that confine one command. The whole filesystem is bound read-only,
 * then /dev, /proc (of a fresh PID namespace) and /tmp (a fresh tmpfs) are replaced. Then the workspace, the
 * writable paths, the protected paths and the hidden paths are mounted shallowest first, so a deeper mount always
 * lies over a shallower one: a hidden folder inside a writable one stays hidden, a workspace inside a hidden folder
 * stays usable, and `.git` stays read-only inside the writable workspace. At one path, a protected or hidden mount
 * goes last.
 */
export function bwrapArguments(plan: BwrapPlan): string[] {
  const args = ['--die-with-parent', '--new-session', '--unshare-pid', '--unshare-ipc'];
  if (plan.network === 'off') args.push('--unshare-net');
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp');
  for (const path of plan.visiblePaths) {
    if (isInside(path, '/tmp')) args.push('--ro-bind', path, path);
  }
  const mounts: Mount[] = [
    {
      path: plan.workspaceRoot,
      rank: 0,
      args: [
        plan.mode === 'workspace-write' ? '--bind' : '--ro-bind',
        plan.workspaceRoot,
        plan.workspaceRoot,
      ],
    },
    ...plan.writablePaths.map((path) => ({ path, rank: 0, args: ['--bind', path, path] })),
    ...(plan.mode === 'workspace-write' ? plan.protectedPaths : []).map((path) => ({
      path,
      rank: 1,
      args: ['--ro-bind', path, path],
    })),
    ...plan.hiddenPaths.map((hidden) => ({ path: hidden.path, rank: 2, args: hideArguments(hidden) })),
    ...plan.linkedFolders.map((linked) => ({
      path: linked.destination,
      rank: 0,
      args: ['--ro-bind', linked.source, linked.destination],
    })),
  ];
  mounts.sort((left, right) => depth(left.path) - depth(right.path) || left.rank - right.rank);
  for (const mount of mounts) args.push(...mount.args);
  // A tmpfs mask stays writable until remounted; remount last, once the mounts inside it exist.
  for (const hidden of plan.hiddenPaths) {
    if (hidden.kind === 'directory') args.push('--remount-ro', hidden.path);
  }
  args.push('--chdir', plan.cwd);
  return args;
}

type Mount = { path: string; rank: number; args: string[] };

function depth(path: string): number {
  return path.split(sep).filter((part) => part !== '').length;
}

function hideArguments(hidden: HiddenPath): string[] {
  return hidden.kind === 'directory' ? ['--tmpfs', hidden.path] : ['--ro-bind', '/dev/null', hidden.path];
}

/** True when `path` is `parent` or inside it. */
export function isInside(path: string, parent: string): boolean {
  if (parent === sep) return path.startsWith(sep);
  return path === parent || path.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}
