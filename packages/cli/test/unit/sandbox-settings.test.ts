import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '@wright/agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveSandbox } from '../../src/sandbox/resolve-sandbox.js';

let root: string;
let project: string;
let env: Record<string, string>;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wright-sandbox-settings-'));
  project = join(root, 'project');
  await mkdir(join(project, '.git'), { recursive: true });
  await mkdir(join(project, '.wright'), { recursive: true });
  await mkdir(join(root, 'config', 'wright'), { recursive: true });
  env = { XDG_CONFIG_HOME: join(root, 'config'), HOME: join(root, 'home'), WRIGHT_HOME: join(root, 'data') };
});
afterEach(() => rm(root, { recursive: true, force: true }));

const writeUser = (value: unknown) =>
  writeFile(join(root, 'config', 'wright', 'config.json'), JSON.stringify(value));
const writeProject = (value: unknown) =>
  writeFile(join(project, '.wright', 'config.json'), JSON.stringify(value));

describe('sandbox settings', () => {
  it('default to workspace-write with the network off, hiding credential stores and Wright folders', async () => {
    const settings = await loadSettings({ env, projectDirectory: project });
    expect(settings.sandbox).toMatchObject({
      mode: 'workspace-write',
      network: 'off',
      modeSource: 'default',
    });
    const sandbox = resolveSandbox(settings, env);
    expect(sandbox.hiddenPaths).toEqual(
      expect.arrayContaining([
        join(root, 'home', '.ssh'),
        join(root, 'home', '.aws'),
        join(root, 'home', '.config', 'gcloud'),
        join(root, 'home', '.netrc'),
        join(root, 'home', '.npmrc'),
        join(root, 'data'),
        join(root, 'config', 'wright'),
      ]),
    );
  });

  it('take user config, then WRIGHT_SANDBOX and WRIGHT_BWRAP, then flags, and say where the mode came from', async () => {
    await writeUser({
      sandbox: { mode: 'read-only', network: 'on', readablePaths: ['~/.npmrc'], hiddenPaths: ['~/.vault'] },
    });
    const fromUser = await loadSettings({ env, projectDirectory: project });
    expect(fromUser.sandbox).toMatchObject({ mode: 'read-only', network: 'on' });
    expect(fromUser.sandbox.modeSource).toBe(join(root, 'config', 'wright', 'config.json'));
    const hidden = resolveSandbox(fromUser, env).hiddenPaths ?? [];
    expect(hidden).toContain(join(root, 'home', '.vault'));
    expect(hidden).not.toContain(join(root, 'home', '.npmrc'));

    const fromEnv = await loadSettings({
      env: { ...env, WRIGHT_SANDBOX: 'off', WRIGHT_BWRAP: '/opt/bwrap' },
      projectDirectory: project,
    });
    expect(fromEnv.sandbox).toMatchObject({
      mode: 'off',
      modeSource: 'environment variable WRIGHT_SANDBOX',
      bwrapPath: '/opt/bwrap',
    });

    const fromFlags = await loadSettings({
      env: { ...env, WRIGHT_SANDBOX: 'off' },
      projectDirectory: project,
      flags: { sandbox: 'workspace-write', network: 'off' },
    });
    expect(fromFlags.sandbox).toMatchObject({
      mode: 'workspace-write',
      network: 'off',
      modeSource: '--sandbox',
    });
  });

  it('let a project file narrow the sandbox but not widen it', async () => {
    await writeProject({
      sandbox: {
        mode: 'off',
        network: 'on',
        writablePaths: ['/'],
        bwrap: './fake-bwrap',
        hiddenPaths: ['secrets'],
      },
    });
    const settings = await loadSettings({ env, projectDirectory: project });
    expect(settings.sandbox).toMatchObject({ mode: 'workspace-write', network: 'off', writablePaths: [] });
    expect(settings.sandbox.bwrapPath).toBeUndefined();
    expect(settings.sandbox.hiddenPaths).toEqual([join(project, 'secrets')]);
    expect(settings.sandbox.ignored).toEqual([
      `sandbox.mode, sandbox.network, sandbox.bwrap, sandbox.writablePaths in ${join(project, '.wright', 'config.json')}`,
    ]);
    await writeProject({ sandbox: { mode: 'read-only' } });
    const narrowed = await loadSettings({ env, projectDirectory: project });
    expect(narrowed.sandbox).toMatchObject({ mode: 'read-only', ignored: [] });
  });

  it('reject bad values with the source named', async () => {
    await expect(
      loadSettings({ env, projectDirectory: project, flags: { sandbox: 'none' } }),
    ).rejects.toThrow("--sandbox must be one of read-only, workspace-write, off (got 'none')");
    await expect(loadSettings({ env, projectDirectory: project, flags: { network: 'yes' } })).rejects.toThrow(
      "--network must be one of on, off (got 'yes')",
    );
    await writeUser({ sandbox: { mode: 'wide-open' } });
    await expect(loadSettings({ env, projectDirectory: project })).rejects.toThrow(/sandbox\.mode/);
  });
});
