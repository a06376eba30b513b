import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWrightError } from '@wright/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings, type UntrustedProjectConfig } from '../src/index.js';

let root: string;
let project: string;
let env: Record<string, string>;
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'wright-agent-settings-')));
  project = join(root, 'project');
  await mkdir(join(project, '.git'), { recursive: true });
  await mkdir(join(project, '.wright'), { recursive: true });
  await writeFile(
    join(project, '.wright', 'config.json'),
    JSON.stringify({ model: 'glm-4.7-project', check: 'npm test', plugins: ['./tool.mjs'] }),
  );
  env = { XDG_CONFIG_HOME: join(root, 'config'), HOME: root, ZAI_API_KEY: 'key' };
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('loadSettings for an embedder', () => {
  it('gates a project config the same way as wright run: gated settings left out until trusted', async () => {
    const settings = await loadSettings({ env, projectDirectory: project });
    expect(settings.model).toBe('glm-4.7-project');
    expect(settings.check).toBeUndefined();
    expect(settings.plugins).toEqual([]);
    expect(settings.apiKey).toBe('key');
  });

  it('tells the trust prompt what it left out, and a yes applies and remembers the file', async () => {
    const ignored: UntrustedProjectConfig[] = [];
    const refused = await loadSettings({
      env,
      projectDirectory: project,
      trust: { ask: async () => false, ignored: (config) => ignored.push(config) },
    });
    expect(refused.check).toBeUndefined();
    expect(ignored).toEqual([
      { file: join(project, '.wright', 'config.json'), settings: ['plugins', 'check'] },
    ]);
    const accepted = await loadSettings({ env, projectDirectory: project, trust: { ask: async () => true } });
    expect(accepted.check).toBe('npm test');
    // Remembered in the trust store: no prompt needed the next time.
    expect((await loadSettings({ env, projectDirectory: project })).plugins).toEqual([
      join(project, 'tool.mjs'),
    ]);
  });

  it('applies everything with the explicit trustProjectConfig opt-in, without recording it', async () => {
    const trusted = await loadSettings({ env, projectDirectory: project, trustProjectConfig: true });
    expect(trusted.check).toBe('npm test');
    expect((await loadSettings({ env, projectDirectory: project })).check).toBeUndefined();
  });

  it('reports a bad value as an invalid-options error marked as a usage mistake', async () => {
    const error = await loadSettings({ env, projectDirectory: project, flags: { thinking: 'maybe' } }).catch(
      (caught: unknown) => caught,
    );
    expect(isWrightError(error) && error.data).toMatchObject({
      code: 'invalid-options',
      details: { usage: true },
    });
    expect((error as Error).message).toContain('--thinking');
  });
});
