import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BwrapPlan, bwrapArguments, isInside } from '../../src/sandbox/bwrap-arguments.js';

const basePlan: BwrapPlan = {
  mode: 'workspace-write',
  network: 'off',
  workspaceRoot: '/home/ada/repo',
  cwd: '/home/ada/repo/src',
  protectedPaths: ['/home/ada/repo/.git', '/home/ada/repo/.wright'],
  hiddenPaths: [
    { path: '/home/ada/.ssh', kind: 'directory' },
    { path: '/home/ada/.npmrc', kind: 'file' },
  ],
  writablePaths: ['/tmp/wright-sandbox-cache-1000'],
  visiblePaths: ['/home/ada'],
  linkedFolders: [],
};

/** The index of the pair `flag source destination` (or `flag path`) in the argument list. */
function indexOf(args: string[], ...sequence: string[]): number {
  for (let index = 0; index <= args.length - sequence.length; index += 1) {
    if (sequence.every((value, offset) => args[index + offset] === value)) return index;
  }
  return -1;
}

describe('bwrapArguments', () => {
  it("shows a worktree's linked dependency folder read-only at its place, over Wright's hidden data folder", () => {
    const data = '/home/ada/.local/share/wright';
    const worktree = `${data}/worktrees/s1/repo`;
    const args = bwrapArguments({
      ...basePlan,
      workspaceRoot: worktree,
      cwd: worktree,
      protectedPaths: [`${worktree}/.git`],
      hiddenPaths: [{ path: data, kind: 'directory' }],
      linkedFolders: [
        { source: '/home/ada/repo/node_modules', destination: `${data}/worktrees/s1/node_modules` },
      ],
    });
    const mask = indexOf(args, '--tmpfs', data);
    const linked = indexOf(
      args,
      '--ro-bind',
      '/home/ada/repo/node_modules',
      `${data}/worktrees/s1/node_modules`,
    );
    expect(mask).toBeGreaterThan(-1);
    expect(linked).toBeGreaterThan(mask);
    expect(indexOf(args, '--bind', worktree, worktree)).toBeGreaterThan(mask);
  });

  it('confines a workspace-write command: namespaces, read-only root, fresh /dev, /proc and /tmp', () => {
    const args = bwrapArguments(basePlan);
    expect(args.slice(0, 5)).toEqual([
      '--die-with-parent',
      '--new-session',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-net',
    ]);
    const root = indexOf(args, '--ro-bind', '/', '/');
    expect(root).toBeGreaterThan(0);
    expect(indexOf(args, '--dev', '/dev')).toBeGreaterThan(root);
    expect(indexOf(args, '--proc', '/proc')).toBeGreaterThan(root);
    const tmp = indexOf(args, '--tmpfs', '/tmp');
    expect(tmp).toBeGreaterThan(root);
    const workspace = indexOf(args, '--bind', '/home/ada/repo', '/home/ada/repo');
    expect(workspace).toBeGreaterThan(tmp);
    expect(
      indexOf(args, '--bind', '/tmp/wright-sandbox-cache-1000', '/tmp/wright-sandbox-cache-1000'),
    ).toBeGreaterThan(tmp);
    expect(indexOf(args, '--ro-bind', '/home/ada/repo/.git', '/home/ada/repo/.git')).toBeGreaterThan(
      workspace,
    );
    expect(indexOf(args, '--ro-bind', '/home/ada/repo/.wright', '/home/ada/repo/.wright')).toBeGreaterThan(
      workspace,
    );
    expect(indexOf(args, '--tmpfs', '/home/ada/.ssh')).toBeGreaterThan(workspace);
    expect(indexOf(args, '--remount-ro', '/home/ada/.ssh')).toBeGreaterThan(
      indexOf(args, '--tmpfs', '/home/ada/.ssh'),
    );
    expect(indexOf(args, '--ro-bind', '/dev/null', '/home/ada/.npmrc')).toBeGreaterThan(workspace);
    expect(args.slice(-2)).toEqual(['--chdir', '/home/ada/repo/src']);
    // The home folder is not under /tmp: the read-only root already shows it.
    expect(indexOf(args, '--ro-bind', '/home/ada', '/home/ada')).toBe(-1);
  });

  it('keeps the host network with network on, and binds the workspace read-only in read-only mode', () => {
    const args = bwrapArguments({ ...basePlan, mode: 'read-only', network: 'on' });
    expect(args).not.toContain('--unshare-net');
    expect(args).toContain('--unshare-pid');
    expect(indexOf(args, '--ro-bind', '/home/ada/repo', '/home/ada/repo')).toBeGreaterThan(0);
    expect(indexOf(args, '--bind', '/home/ada/repo', '/home/ada/repo')).toBe(-1);
    // Nothing inside a read-only workspace needs re-protecting.
    expect(indexOf(args, '--ro-bind', '/home/ada/repo/.git', '/home/ada/repo/.git')).toBe(-1);
  });

  it('masks a hidden folder that contains the workspace before binding the workspace into it', () => {
    const args = bwrapArguments({
      ...basePlan,
      workspaceRoot: '/home/ada/.local/share/wright/worktrees/s1',
      cwd: '/home/ada/.local/share/wright/worktrees/s1',
      protectedPaths: [],
      hiddenPaths: [{ path: '/home/ada/.local/share/wright', kind: 'directory' }],
    });
    const mask = indexOf(args, '--tmpfs', '/home/ada/.local/share/wright');
    const bind = indexOf(
      args,
      '--bind',
      '/home/ada/.local/share/wright/worktrees/s1',
      '/home/ada/.local/share/wright/worktrees/s1',
    );
    expect(mask).toBeGreaterThan(0);
    expect(bind).toBeGreaterThan(mask);
    expect(indexOf(args, '--remount-ro', '/home/ada/.local/share/wright')).toBeGreaterThan(bind);
  });

  it('shows a home folder under /tmp again after replacing /tmp', () => {
    const args = bwrapArguments({ ...basePlan, visiblePaths: ['/tmp/test-home'] });
    expect(indexOf(args, '--ro-bind', '/tmp/test-home', '/tmp/test-home')).toBeGreaterThan(
      indexOf(args, '--tmpfs', '/tmp'),
    );
  });

  it('never lets a later mount uncover a hidden path or a protected one (any plan)', () => {
    const segment = fc.constantFrom('a', 'b', '.git', '.ssh', 'w');
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
    fc.assert(
      fc.property(
        path,
        fc.array(path, { maxLength: 4 }),
        fc.array(path, { maxLength: 3 }),
        (root, hidden, writable) => {
          const plan: BwrapPlan = {
            ...basePlan,
            workspaceRoot: root,
            cwd: root,
            protectedPaths: [`${root}/.git`],
            hiddenPaths: hidden.map((hiddenPath) => ({ path: hiddenPath, kind: 'directory' as const })),
            writablePaths: writable,
            visiblePaths: [],
          };
          const args = bwrapArguments(plan);
          const binds = [root, ...writable].map((bound) => ({
            bound,
            at: indexOf(args, '--bind', bound, bound),
          }));
          for (const hiddenPath of hidden) {
            const mask = indexOf(args, '--tmpfs', hiddenPath);
            for (const { bound, at } of binds) {
              // A hidden path inside (or at) a writable bind is masked after that bind; one containing it, before.
              if (isInside(hiddenPath, bound) && !isInside(bound, hiddenPath))
                expect(mask).toBeGreaterThan(at);
              if (isInside(bound, hiddenPath) && bound !== hiddenPath) expect(mask).toBeLessThan(at);
            }
          }
          const protectedAt = indexOf(args, '--ro-bind', `${root}/.git`, `${root}/.git`);
          for (const { bound, at } of binds)
            if (isInside(`${root}/.git`, bound)) expect(protectedAt).toBeGreaterThan(at);
        },
      ),
    );
  });
});

describe('isInside', () => {
  it('compares whole path segments', () => {
    expect(isInside('/a/b', '/a')).toBe(true);
    expect(isInside('/a', '/a')).toBe(true);
    expect(isInside('/ab', '/a')).toBe(false);
    expect(isInside('/x', '/')).toBe(true);
  });
});
