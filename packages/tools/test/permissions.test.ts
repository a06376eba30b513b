import type { ApprovalRequest, ToolEffect } from '@wright/core';
import { createPermissionPolicy } from '@wright/tools';
import { analyseCommand } from '@wright/tools/internal';
import { describe, expect, it } from 'vitest';

const request = (toolName: string, effect: ToolEffect, input: Record<string, unknown>): ApprovalRequest => ({
  toolName,
  effect,
  title: toolName,
  input,
});
const read = request('read_file', 'read', { path: 'src/a.ts' });
const write = request('write_file', 'write', { path: 'src/a.ts', content: 'x' });
const shell = (command: string) => request('shell', 'execute', { command });
const fetchUrl = request('web__fetch', 'network', { url: 'https://example.com' });

describe('createPermissionPolicy', () => {
  it('read-only allows reads only, and says why', async () => {
    const policy = createPermissionPolicy({ mode: 'read-only' });
    expect(await policy(read)).toEqual({ allowed: true });
    expect(await policy(write)).toEqual({
      allowed: false,
      reason: expect.stringMatching(/^This run is read-only: file changes \(write_file\) are not allowed/),
    });
    expect(await policy(shell('ls'))).toMatchObject({ allowed: false });
  });

  it('auto-edit allows writes and asks for execution; without a terminal it denies with a reason', async () => {
    const policy = createPermissionPolicy({ mode: 'auto-edit' });
    expect(await policy(write)).toEqual({ allowed: true });
    expect(await policy(shell('npm test'))).toEqual({
      allowed: false,
      reason:
        "Shell commands need approval and no one can approve them in this non-interactive run; the application's permission policy must allow it (an allow rule such as shell(npm test*)). Continue without it.",
    });
    expect(await policy(fetchUrl)).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/^Network access need/),
    });
  });

  it('asks when a terminal is there, normalising boolean answers', async () => {
    const asked: string[] = [];
    const policy = createPermissionPolicy({
      mode: 'auto-edit',
      ask: async (question) => {
        asked.push(question.title);
        return question.toolName === 'shell';
      },
    });
    expect(await policy(shell('make'))).toEqual({ allowed: true });
    expect(await policy(fetchUrl)).toEqual({ allowed: false, reason: 'The user declined this call.' });
    expect(await policy(write)).toEqual({ allowed: true });
    expect(asked).toEqual(['shell', 'web__fetch']);
    const failing = createPermissionPolicy({
      mode: 'auto-edit',
      ask: async () => Promise.reject(new Error('no tty')),
    });
    expect(await failing(shell('make'))).toEqual({ allowed: false, reason: 'Approval failed: no tty' });
  });

  it('full allows everything', async () => {
    const policy = createPermissionPolicy({ mode: 'full' });
    for (const call of [read, write, shell('rm -rf build'), fetchUrl])
      expect(await policy(call)).toEqual({ allowed: true });
  });

  it('allow rules on command prefixes cover every part of a compound command, never substitutions', async () => {
    const policy = createPermissionPolicy({
      mode: 'auto-edit',
      rules: { allow: ['shell(git status*)', { tool: 'shell', command: 'npm test*' }, 'shell(git diff*)'] },
    });
    expect(await policy(shell('git status --short'))).toEqual({ allowed: true });
    expect(await policy(shell('npm test -- --run'))).toEqual({ allowed: true });
    expect(await policy(shell('git status && git diff HEAD'))).toEqual({ allowed: true });
    expect(await policy(shell('git status; rm -rf .'))).toMatchObject({ allowed: false });
    expect(await policy(shell('git status $(rm -rf .)'))).toMatchObject({ allowed: false });
    expect(await policy(shell('git status `rm -rf .`'))).toMatchObject({ allowed: false });
    expect(await policy(shell('git push'))).toMatchObject({ allowed: false });
  });

  it('deny wins over allow and over full mode, for any part of a command', async () => {
    const policy = createPermissionPolicy({
      mode: 'full',
      rules: {
        allow: ['shell(*)', 'write_file'],
        deny: ['shell(rm -rf*)', { tool: 'write_file', path: '**/.env*' }],
      },
    });
    expect(await policy(shell('ls'))).toEqual({ allowed: true });
    expect(await policy(shell('ls && rm -rf /'))).toEqual({
      allowed: false,
      reason: 'shell call denied by the rule shell(rm -rf*). Do not retry it; find another way.',
    });
    expect(await policy(shell('echo $(rm -rf /)'))).toMatchObject({ allowed: false });
    expect(
      await policy(request('write_file', 'write', { path: 'config/.env.local', content: '' })),
    ).toMatchObject({
      allowed: false,
    });
    expect(await policy(request('write_file', 'write', { path: './src/a.ts', content: '' }))).toEqual({
      allowed: true,
    });
  });

  it('deny path rules cannot be dodged with ./, .. or an absolute path', async () => {
    const policy = createPermissionPolicy({
      mode: 'full',
      rules: { deny: ['read_file(secrets/**)', 'write_file(.env)'] },
    });
    for (const path of ['./secrets/key.pem', 'src/../secrets/key.pem', '/home/me/project/secrets/key.pem'])
      expect(await policy(request('read_file', 'read', { path }))).toMatchObject({ allowed: false });
    for (const path of ['./.env', 'a/b/../../.env', '/work/repo/.env'])
      expect(await policy(request('write_file', 'write', { path, content: '' }))).toMatchObject({
        allowed: false,
      });
    expect(await policy(request('read_file', 'read', { path: 'src/secrets.ts' }))).toEqual({ allowed: true });
  });

  it('path globs apply to path-taking tools and to every file of a patch', async () => {
    const policy = createPermissionPolicy({
      mode: 'read-only',
      rules: { allow: ['edit_file(src/**)', 'apply_patch(src/**)'], deny: ['read_file(secrets/**)'] },
    });
    expect(await policy(request('edit_file', 'write', { path: 'src/deep/a.ts' }))).toEqual({ allowed: true });
    expect(await policy(request('edit_file', 'write', { path: 'docs/a.md' }))).toMatchObject({
      allowed: false,
    });
    expect(await policy(request('read_file', 'read', { path: 'secrets/key.pem' }))).toMatchObject({
      allowed: false,
    });
    const patch = (files: string[]) =>
      request('apply_patch', 'write', {
        patch: `*** Begin Patch\n${files.map((file) => `*** Add File: ${file}\n+x\n`).join('')}*** End Patch\n`,
      });
    expect(await policy(patch(['src/a.ts', 'src/b.ts']))).toEqual({ allowed: true });
    expect(await policy(patch(['src/a.ts', 'package.json']))).toMatchObject({ allowed: false });
  });

  it('tool-name wildcards and bare tool rules', async () => {
    const policy = createPermissionPolicy({ mode: 'auto-edit', rules: { allow: ['web__*'] } });
    expect(await policy(fetchUrl)).toEqual({ allowed: true });
  });

  it('refuses malformed rules and modes up front', () => {
    expect(() => createPermissionPolicy({ mode: 'auto-edit', rules: { allow: ['shell(unclosed'] } })).toThrow(
      /Invalid permission rule/,
    );
    expect(() => createPermissionPolicy({ mode: 'yolo' as never })).toThrow(/Unknown approval mode/);
  });

  it('lists every command of a line: compounds, pipelines, subshells, substitutions', async () => {
    const analysis = await analyseCommand('a && b || c; d | e & f\ng $(h) `i` <(j); (k; l)');
    if (!analysis.ok) throw new Error(analysis.reason);
    expect(analysis.commands.map((command) => command.words[0]?.text)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
      'i',
      'j',
      'k',
      'l',
    ]);
  });
});
