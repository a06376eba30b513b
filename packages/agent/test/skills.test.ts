import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSystemPrompt, createSkillTool, discoverSkills } from '@wright/agent';
import { formatSkillsSection } from '@wright/agent/internal';
import type { ToolContext } from '@wright/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let root: string;
let project: string;
let user: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wright-skills-'));
  project = join(root, 'project');
  user = join(root, 'config');
  await mkdir(project, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
const skillFile = (name: string, description: string, body = `Do ${name}.`) =>
  `---\nname: ${name}\ndescription: ${description}\n---\n${body}\n`;
const context = {} as ToolContext;

describe('discoverSkills', () => {
  it('finds skills in .wright, .agents, .claude and the user directory, sorted, first one of a name winning', async () => {
    await put(join(project, '.wright/skills/zeta/SKILL.md'), skillFile('zeta', 'Last by name.'));
    await put(join(project, '.agents/skills/alpha/SKILL.md'), skillFile('alpha', 'First by name.'));
    await put(join(project, '.claude/skills/mid/SKILL.md'), skillFile('mid', 'From Claude Code.'));
    await put(join(project, '.claude/skills/alpha/SKILL.md'), skillFile('alpha', 'A duplicate.'));
    await put(join(user, 'skills/mine/SKILL.md'), skillFile('mine', 'The user own.'));
    await put(join(project, '.wright/skills/no-skill/README.md'), 'not a skill');
    await put(join(project, '.wright/skills/bad/SKILL.md'), '---\nname: bad\n---\nno description');
    const found = await discoverSkills({ projectDirectory: project, userDirectory: user });
    expect(found.skills.map((skill) => [skill.name, skill.scope, skill.location])).toEqual([
      ['alpha', 'project', '.agents/skills/alpha'],
      ['mid', 'project', '.claude/skills/mid'],
      ['mine', 'user', join(user, 'skills/mine')],
      ['zeta', 'project', '.wright/skills/zeta'],
    ]);
    expect(found.problems).toEqual([
      '.wright/skills/bad: skipped, SKILL.md has no description in its front matter',
      '.claude/skills/alpha: skipped, the skill "alpha" is already in .agents/skills/alpha',
    ]);
  });

  it('uses the folder name without a name field, and skips project folders that link outside the project', async () => {
    await put(
      join(project, '.wright/skills/folder-name/SKILL.md'),
      '---\ndescription: No name field.\n---\nBody',
    );
    await put(join(root, 'outside/SKILL.md'), skillFile('outside', 'Should not load.'));
    await mkdir(join(project, '.wright/skills'), { recursive: true });
    await symlink(join(root, 'outside'), join(project, '.wright/skills/linked'));
    const found = await discoverSkills({ projectDirectory: project });
    expect(found.skills.map((skill) => skill.name)).toEqual(['folder-name']);
    expect(found.problems).toEqual(['.wright/skills/linked: skipped, the folder links outside the project']);
  });

  it('lists only names, descriptions and folders in the prompt, in the same bytes for the same folders', async () => {
    await put(
      join(project, '.wright/skills/review/SKILL.md'),
      skillFile('review', 'Reviews code.', 'SECRET BODY'),
    );
    const first = await discoverSkills({ projectDirectory: project });
    const section = formatSkillsSection(first.skills);
    expect(section).toContain('- review: Reviews code. (.wright/skills/review)');
    expect(section).not.toContain('SECRET BODY');
    expect(formatSkillsSection([])).toBe('');
    const date = new Date('2026-01-01T00:00:00Z');
    const prompt = await buildSystemPrompt(project, date, { skills: first.skills });
    expect(prompt.endsWith(`${section}\n`)).toBe(true);
    const again = await buildSystemPrompt(project, date, {
      skills: (await discoverSkills({ projectDirectory: project })).skills,
    });
    expect(again).toBe(prompt);
  });
});

describe('the skill tool', () => {
  it('loads a skill body without its front matter, lists its files, and reads them confined to the folder', async () => {
    const folder = join(user, 'skills/deploy');
    await put(join(folder, 'SKILL.md'), skillFile('deploy', 'Deploys.', '# Deploy\nRun scripts/go.sh.'));
    await put(join(folder, 'scripts/go.sh'), 'echo go\n');
    await put(join(folder, 'reference.md'), 'Reference text.\n');
    await put(join(user, 'secret.txt'), 'not for the model\n');
    await symlink(join(user, 'secret.txt'), join(folder, 'leak.txt'));
    const { skills } = await discoverSkills({ projectDirectory: project, userDirectory: user });
    const tool = createSkillTool(skills);
    expect(tool.name).toBe('skill');
    expect(tool.effect).toBe('read');
    const loaded = await tool.run({ name: 'deploy' }, context);
    expect(loaded.isError).toBeUndefined();
    expect(loaded.output).toContain('# Deploy\nRun scripts/go.sh.');
    expect(loaded.output).not.toContain('description: Deploys.');
    expect(loaded.output).toContain('- reference.md\n- scripts/go.sh');
    const file = await tool.run({ name: 'deploy', file: 'scripts/go.sh' }, context);
    expect(file.output).toBe('scripts/go.sh of skill "deploy":\n\necho go\n');
    for (const outside of ['../secret.txt', 'leak.txt', '/etc/passwd']) {
      const refused = await tool.run({ name: 'deploy', file: outside }, context);
      expect(refused.isError, outside).toBe(true);
      expect(refused.output).not.toContain('not for the model');
    }
    const unknown = await tool.run({ name: 'nope' }, context);
    expect(unknown).toEqual({ isError: true, output: 'No skill is named "nope". The skills are: deploy.' });
  });

  it('keeps the same description whatever the skills are (the tool list stays byte-stable)', () => {
    expect(createSkillTool([]).description).toBe(
      createSkillTool([{ name: 'a', description: 'b', directory: '/x', location: '/x', scope: 'user' }])
        .description,
    );
  });
});
