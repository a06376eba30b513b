import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAgentFile } from '../src/subagents/agent-definition.js';
import { loadAgentDefinitions } from '../src/subagents/load-agent-definitions.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wright-agents-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function put(path: string, text: string): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), text);
}

describe('parseAgentFile', () => {
  it("reads Wright's format: YAML list of tools, thinking, a model id, budgets, the body as prompt", () => {
    const parsed = parseAgentFile(
      [
        '---',
        'name: test-finder',
        'description: >',
        '  Finds the tests that cover a function.',
        'tools: [read_file, grep, glob]',
        'model: glm-4.5-air',
        'thinking: off',
        'maxSteps: 8',
        'maxTokens: 50000',
        'maxSeconds: 120',
        '---',
        '',
        'You find tests.',
        '',
      ].join('\n'),
      '/p/.wright/agents/test-finder.md',
      'project',
    );
    expect(parsed).toEqual({
      ok: true,
      notes: [],
      definition: {
        name: 'test-finder',
        description: 'Finds the tests that cover a function.',
        tools: ['read_file', 'grep', 'glob'],
        model: 'glm-4.5-air',
        thinking: 'off',
        maxSteps: 8,
        maxTokens: 50000,
        maxSeconds: 120,
        prompt: 'You find tests.',
        source: '/p/.wright/agents/test-finder.md',
        origin: 'project',
      },
    });
  });

  it("loads Claude Code's format as is: comma-separated Claude tool names mapped, unknown ones noted, model aliases inherit", () => {
    const text = [
      '---',
      'name: code-reviewer',
      'description: Expert code review specialist. Use immediately after writing or modifying code.',
      'tools: Read, Grep, Glob, Bash, Edit, MultiEdit, Write, NotebookEdit, WebSearch',
      'model: sonnet',
      'color: blue',
      '---',
      'You are a senior code reviewer.',
    ].join('\r\n');
    const parsed = parseAgentFile(text, 'reviewer.md', 'project');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.definition.tools).toEqual([
      'read_file',
      'grep',
      'glob',
      'shell',
      'edit_file',
      'write_file',
    ]);
    expect(parsed.definition.model).toBe('inherit');
    expect(parsed.definition.thinking).toBeUndefined();
    expect(parsed.definition.prompt).toBe('You are a senior code reviewer.');
    expect(parsed.notes).toEqual([
      'reviewer.md: Claude Code tool `NotebookEdit` has no Wright counterpart and is left out',
      'reviewer.md: Claude Code tool `WebSearch` has no Wright counterpart and is left out',
    ]);
    for (const model of ['opus', 'inherit', 'haiku', 'claude-sonnet-4-5']) {
      const other = parseAgentFile(text.replace('model: sonnet', `model: ${model}`), 'r.md', 'user');
      expect(other.ok && other.definition.model).toBe('inherit');
    }
  });

  it('reads a Claude Code tool rule as the bare tool, and `*` or all as every tool', () => {
    const rule = parseAgentFile(
      '---\nname: a\ndescription: d\ntools: Bash(git:*), Read\n---\n',
      'a.md',
      'user',
    );
    expect(rule.ok && rule.definition.tools).toEqual(['shell', 'read_file']);
    expect(rule.ok && rule.notes[0]).toContain(
      "`Bash(git:*)` is read as Bash; the parent's permission rules apply",
    );
    const all = parseAgentFile('---\nname: a\ndescription: d\ntools: "*"\n---\n', 'a.md', 'user');
    expect(all.ok && all.definition.tools).toBe('all');
    const none = parseAgentFile('---\nname: a\ndescription: d\n---\nbody', 'a.md', 'user');
    expect(none.ok && none.definition.tools).toBeUndefined();
  });

  it.each([
    ['no front matter', 'just text', 'no front matter'],
    ['bad YAML', '---\nname: [a\n---\n', 'not valid YAML'],
    ['a list as front matter', '---\n- a\n---\n', 'must be key: value lines'],
    ['a bad name', '---\nname: Code Reviewer\ndescription: d\n---\n', '`name` must be lower-case'],
    ['no description', '---\nname: a\n---\n', '`description` must say when'],
    ['bad tools', '---\nname: a\ndescription: d\ntools: 3\n---\n', '`tools` must be a list'],
    [
      'bad thinking',
      '---\nname: a\ndescription: d\nthinking: maybe\n---\n',
      '`thinking` must be on, off or auto',
    ],
    ['bad budget', '---\nname: a\ndescription: d\nmaxSteps: 0\n---\n', '`maxSteps` must be a whole number'],
  ])('refuses %s with a message naming the file', (_label, text, message) => {
    const parsed = parseAgentFile(text, 'x.md', 'project');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain('x.md: ');
    expect(!parsed.ok && parsed.message).toContain(message);
  });

  it('notes fields Wright does not use', () => {
    const parsed = parseAgentFile('---\nname: a\ndescription: d\nhooks: {}\n---\n', 'a.md', 'user');
    expect(parsed.ok && parsed.notes).toEqual(['a.md: field `hooks` is not used by Wright']);
  });
});

describe('loadAgentDefinitions', () => {
  it('reads .wright/agents, .claude/agents and the user directory, sorted by name; the project wins a name', async () => {
    const agent = (name: string, description: string) =>
      `---\nname: ${name}\ndescription: ${description}\n---\n`;
    await put('project/.wright/agents/zeta.md', agent('zeta', 'wright zeta'));
    await put('project/.claude/agents/alpha.md', agent('alpha', 'claude alpha'));
    await put('project/.claude/agents/zeta-copy.md', agent('zeta', 'claude zeta'));
    await put('project/.claude/agents/notes.txt', 'not an agent');
    await put('project/.claude/agents/broken.md', '---\nname: Broken\n---\n');
    await put('user/agents/mid.md', agent('mid', 'user mid'));
    await put('user/agents/alpha.md', agent('alpha', 'user alpha'));
    const loaded = await loadAgentDefinitions({
      projectDirectory: join(root, 'project'),
      userDirectory: join(root, 'user/agents'),
    });
    expect(
      loaded.definitions.map((definition) => [definition.name, definition.description, definition.origin]),
    ).toEqual([
      ['alpha', 'claude alpha', 'project'],
      ['mid', 'user mid', 'user'],
      ['zeta', 'wright zeta', 'project'],
    ]);
    expect(loaded.notes).toHaveLength(3);
    expect(loaded.notes.join('\n')).toContain('broken.md: `name` must be lower-case');
    expect(loaded.notes.join('\n')).toContain('zeta-copy.md: agent "zeta" is already defined by');
    expect(loaded.notes.join('\n')).toContain('user/agents/alpha.md: agent "alpha" is already defined by');
  });

  it('finds nothing, quietly, when no directory exists', async () => {
    expect(
      await loadAgentDefinitions({ projectDirectory: join(root, 'none'), userDirectory: join(root, 'no') }),
    ).toEqual({
      definitions: [],
      notes: [],
    });
  });

  it("does not follow a symbolic link in the project's directory (it could send any file to the model)", async () => {
    await put('secret.md', '---\nname: secret\ndescription: the secret\n---\nTOP SECRET');
    await mkdir(join(root, 'project/.wright/agents'), { recursive: true });
    await symlink(join(root, 'secret.md'), join(root, 'project/.wright/agents/secret.md'));
    await mkdir(join(root, 'user'), { recursive: true });
    await symlink(join(root, 'secret.md'), join(root, 'user/linked.md'));
    const project = await loadAgentDefinitions({ projectDirectory: join(root, 'project') });
    expect(project.definitions).toEqual([]);
    const user = await loadAgentDefinitions({ userDirectory: join(root, 'user') });
    expect(user.definitions.map((definition) => definition.name)).toEqual(['secret']);
  });
});
