import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSystemPrompt } from '../src/prompts/build-system-prompt.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wright-agents-'));
  await mkdir(join(root, 'repo', '.git'), { recursive: true });
  await mkdir(join(root, 'repo', 'packages', 'app'), { recursive: true });
  await mkdir(join(root, 'loose'), { recursive: true });
  await writeFile(join(root, 'AGENTS.md'), 'OUTSIDE the repository\n');
  await writeFile(join(root, 'repo', 'AGENTS.md'), 'REPO rules\n');
  await writeFile(join(root, 'repo', 'packages', 'app', 'AGENTS.md'), 'APP rules\n');
  await writeFile(join(root, 'loose', 'AGENTS.md'), 'LOOSE rules\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('buildSystemPrompt', () => {
  it('appends AGENTS.md from the repository root down to the workspace, outermost first, and no further up', async () => {
    const prompt = await buildSystemPrompt(
      join(root, 'repo', 'packages', 'app'),
      new Date('2025-06-12T10:00:00Z'),
    );
    expect(prompt).toContain('2025-06-12');
    expect(prompt).toContain('REPO rules');
    expect(prompt).toContain('APP rules');
    expect(prompt.indexOf('REPO rules')).toBeLessThan(prompt.indexOf('APP rules'));
    expect(prompt).not.toContain('OUTSIDE');
  });

  it("outside a repository takes only the directory's own AGENTS.md", async () => {
    const prompt = await buildSystemPrompt(join(root, 'loose'));
    expect(prompt).toContain('LOOSE rules');
    expect(prompt).not.toContain('OUTSIDE');
  });
});
