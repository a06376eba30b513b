import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '@wright/agent';
import { isWrightError } from '@wright/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pathProtection } from '../../src/session/path-protection.js';

let root: string;
let project: string;
let env: Record<string, string>;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wright-settings-'));
  project = join(root, 'project');
  await mkdir(join(project, '.git'), { recursive: true });
  await mkdir(join(project, '.wright'), { recursive: true });
  await mkdir(join(root, 'config', 'wright'), { recursive: true });
  env = { XDG_CONFIG_HOME: join(root, 'config'), HOME: root };
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const writeUser = (value: unknown) =>
  writeFile(join(root, 'config', 'wright', 'config.json'), JSON.stringify(value));
const writeProject = (value: unknown) =>
  writeFile(join(project, '.wright', 'config.json'), JSON.stringify(value));

describe('loadSettings', () => {
  it('uses defaults without any source', async () => {
    const settings = await loadSettings({ env, projectDirectory: project });
    expect(settings).toMatchObject({
      provider: 'zai',
      model: 'glm-4.7',
      thinking: 'on',
      approvalMode: 'auto-edit',
    });
    expect(settings.apiKey).toBeUndefined();
  });

  it('reads passEnv (names and prefixes) and rejects anything else', async () => {
    await writeUser({ secretEnv: ['DATABASE_URL'], passEnv: ['GITHUB_TOKEN', 'AWS_*'] });
    const settings = await loadSettings({ env, projectDirectory: project });
    expect(settings.secretEnv).toEqual(['DATABASE_URL']);
    expect(settings.passEnv).toEqual(['GITHUB_TOKEN', 'AWS_*']);
    await writeUser({ passEnv: ['*'] });
    await expect(loadSettings({ env, projectDirectory: project })).rejects.toThrow(/passEnv\.0/);
  });

  it('applies user config, then project config, then env, then flags', async () => {
    await writeUser({
      model: 'user-model',
      thinking: 'off',
      budgets: { maxSteps: 5 },
      approval: { allow: ['glob'] },
    });
    await writeProject({
      model: 'project-model',
      budgets: { maxSteps: 7 },
      approval: { deny: ['shell(rm*)'] },
    });
    const fromFiles = await loadSettings({ env, projectDirectory: join(project) });
    expect(fromFiles).toMatchObject({ model: 'project-model', thinking: 'off', maxSteps: 7 });
    expect(fromFiles.approvalRules).toEqual({ allow: ['glob'], deny: ['shell(rm*)'] });
    const fromEnv = await loadSettings({
      env: { ...env, WRIGHT_MODEL: 'env-model' },
      projectDirectory: project,
    });
    expect(fromEnv.model).toBe('env-model');
    const fromFlags = await loadSettings({
      env: { ...env, WRIGHT_MODEL: 'env-model' },
      projectDirectory: project,
      flags: { model: 'flag-model', maxSteps: '9' },
    });
    expect(fromFlags).toMatchObject({ model: 'flag-model', maxSteps: 9 });
  });

  it('reads the key from the variable named by apiKeyEnv', async () => {
    await writeUser({ provider: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'MY_KEY' });
    const settings = await loadSettings({
      env: { ...env, MY_KEY: 'secret', ZAI_API_KEY: 'other' },
      projectDirectory: project,
    });
    expect(settings).toMatchObject({ provider: 'vllm', apiKeyEnv: 'MY_KEY', apiKey: 'secret' });
  });

  it('names the file, the key and the expected value of a bad config', async () => {
    await writeProject({ approval: { mode: 'yolo' } });
    const error = await loadSettings({ env, projectDirectory: project }).catch((caught: unknown) => caught);
    expect(isWrightError(error) && error.data.details).toEqual({ usage: true });
    const message = (error as Error).message;
    expect(message).toContain(join(project, '.wright', 'config.json'));
    expect(message).toContain('approval.mode');
    expect(message).toContain('auto-edit');
  });

  it('rejects bad env and flag values naming their source', async () => {
    await expect(
      loadSettings({ env: { ...env, WRIGHT_PROVIDER: 'openai' }, projectDirectory: project }),
    ).rejects.toThrow('environment variable WRIGHT_PROVIDER must be one of');
    await expect(
      loadSettings({ env, projectDirectory: project, flags: { baseUrl: 'not a url' } }),
    ).rejects.toThrow('--base-url must be an http(s) URL');
  });
});

describe('protectedPaths', () => {
  it('adds every config file to the defaults and takes path allow rules as the only way in', async () => {
    await writeUser({
      protectedPaths: ['*.pem'],
      approval: { allow: ['write_file(.env.example)', 'shell(ls*)'] },
    });
    await writeProject({ protectedPaths: ['config/secrets'] });
    const settings = await loadSettings({ env, projectDirectory: project });
    expect(settings.protectedPaths).toEqual(['*.pem', 'config/secrets']);
    expect(pathProtection(settings)).toEqual({
      patterns: ['.env*', '*.pem', 'config/secrets'],
      allow: [
        { tool: 'write_file', path: '.env.example' },
        { tool: 'shell', path: 'ls*' },
      ],
    });
  });

  it('rejects an empty glob, naming the key', async () => {
    await writeUser({ protectedPaths: [' '] });
    const failure = await loadSettings({ env, projectDirectory: project }).catch((error: unknown) => error);
    expect(isWrightError(failure) && failure.message).toContain('protectedPaths.0');
  });
});
