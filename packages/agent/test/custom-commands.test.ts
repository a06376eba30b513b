import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expandCustomCommand, loadCustomCommands } from '@wright/agent';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wright-commands-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

describe('loadCustomCommands', () => {
  it('reads .wright/commands and the user directory, project first, sorted, front matter optional', async () => {
    const project = join(root, 'project');
    const user = join(root, 'config');
    await put(
      join(project, '.wright/commands/review.md'),
      '---\ndescription: Review a file\n---\nReview $1.\n',
    );
    await put(join(project, '.wright/commands/plain.md'), 'Just do it: $ARGUMENTS\n');
    await put(join(project, '.wright/commands/notes.txt'), 'not a command');
    await put(join(project, '.wright/commands/bad.md'), '---\ndescription: [oops\n---\nx');
    await put(join(user, 'commands/review.md'), 'The user review (hidden by the project one).');
    await put(join(user, 'commands/explain.md'), 'Explain $ARGUMENTS simply.');
    const loaded = await loadCustomCommands({ projectDirectory: project, userDirectory: user });
    expect(loaded.commands).toEqual([
      {
        name: 'explain',
        template: 'Explain $ARGUMENTS simply.',
        location: join(user, 'commands/explain.md'),
        scope: 'user',
      },
      {
        name: 'plain',
        template: 'Just do it: $ARGUMENTS',
        location: '.wright/commands/plain.md',
        scope: 'project',
      },
      {
        name: 'review',
        description: 'Review a file',
        template: 'Review $1.',
        location: '.wright/commands/review.md',
        scope: 'project',
      },
    ]);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatch(
      /^\.wright\/commands\/bad\.md: skipped, the front matter is not valid YAML/,
    );
    expect(await loadCustomCommands({ projectDirectory: join(root, 'none') })).toEqual({
      commands: [],
      problems: [],
    });
  });
});

describe('expandCustomCommand', () => {
  it('fills $ARGUMENTS and $1..$9 like Claude Code, and appends arguments a template does not use', () => {
    expect(expandCustomCommand({ template: 'Review $ARGUMENTS now.' }, ['src/a.ts', 'src/b.ts'])).toBe(
      'Review src/a.ts src/b.ts now.',
    );
    expect(expandCustomCommand({ template: 'Compare $1 with $2 (then $3).' }, ['a', 'b'])).toBe(
      'Compare a with b (then ).',
    );
    expect(expandCustomCommand({ template: 'Costs $10 and $HOME stays.' }, ['x'])).toBe(
      'Costs $10 and $HOME stays.\n\nARGUMENTS: x',
    );
    expect(expandCustomCommand({ template: 'No arguments.' }, [])).toBe('No arguments.');
    expect(expandCustomCommand({ template: 'Use $ARGUMENTS.' }, [])).toBe('Use .');
  });

  it('takes $ARGUMENTS from the raw text when given, $1..$9 from the words', () => {
    const template = { template: 'All: $ARGUMENTS; first: $1' };
    expect(expandCustomCommand(template, ['my file.ts', 'x'], `"my file.ts" x`)).toBe(
      'All: "my file.ts" x; first: my file.ts',
    );
    expect(expandCustomCommand({ template: 'No placeholders.' }, ['a b'], `'a b'`)).toBe(
      "No placeholders.\n\nARGUMENTS: 'a b'",
    );
  });

  it('puts argument text in verbatim, even when it looks like a placeholder or a replacement pattern', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), (args) => {
        expect(expandCustomCommand({ template: '<$ARGUMENTS>' }, args)).toBe(`<${args.join(' ')}>`);
        expect(expandCustomCommand({ template: '[$1]' }, args)).toBe(`[${args[0]}]`);
      }),
    );
  });
});
