import { createPatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePatch } from '../../src/patch/parse-patch.js';
import { type PatchPlan, planPatch } from '../../src/patch/plan-patch.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

async function plan(files: Record<string, string>, patch: string): Promise<PatchPlan> {
  return planPatch(parsePatch(patch), async (path) => (path in files ? encoder.encode(files[path]) : null));
}

function resultOf(outcome: PatchPlan, path: string): string | null {
  if (!outcome.ok) throw new Error(outcome.errors.map((error) => error.message).join('\n'));
  const change = outcome.changes.find((each) => each.path === path);
  if (!change) throw new Error(`no change for ${path}`);
  return change.after === null ? null : decoder.decode(change.after);
}

const numbered = (count: number, from = 1) =>
  Array.from({ length: count }, (_, index) => `line ${index + from}`);

describe('planPatch', () => {
  it('applies a hunk whose line numbers are stale, reporting the offset', async () => {
    const file = `${numbered(40).join('\n')}\n`;
    const outcome = await plan(
      { f: file },
      '--- a/f\n+++ b/f\n@@ -5,3 +5,3 @@\n line 30\n-line 31\n+LINE 31\n line 32\n',
    );
    expect(resultOf(outcome, 'f')).toBe(file.replace('line 31\n', 'LINE 31\n'));
    expect(outcome.ok && outcome.files[0]!.hunks[0]).toMatchObject({
      status: 'offset',
      offset: 25,
      line: 30,
      fuzz: 0,
    });
  });

  it('picks the occurrence nearest the stated line when the context repeats', async () => {
    const file = 'x\na\nx\nb\nx\n';
    const outcome = await plan({ f: file }, '--- a/f\n+++ b/f\n@@ -5 +5 @@\n-x\n+y\n');
    expect(resultOf(outcome, 'f')).toBe('x\na\nx\nb\ny\n');
  });

  it('applies hunks given out of order, never overlapping', async () => {
    const file = `${numbered(30).join('\n')}\n`;
    const patch =
      '--- a/f\n+++ b/f\n@@ -20,3 +20,3 @@\n line 19\n-line 20\n+TWENTY\n line 21\n@@ -2,3 +2,3 @@\n line 1\n-line 2\n+TWO\n line 3\n';
    expect(resultOf(await plan({ f: file }, patch), 'f')).toBe(
      file.replace('line 20\n', 'TWENTY\n').replace('line 2\n', 'TWO\n'),
    );
  });

  it('tolerates trailing whitespace and reports the fuzz', async () => {
    const outcome = await plan({ f: 'a  \nb\nc\n' }, '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
    expect(resultOf(outcome, 'f')).toBe('a  \nB\nc\n');
    expect(outcome.ok && outcome.files[0]!.hunks[0]).toMatchObject({ status: 'fuzzy', fuzz: 1 });
  });

  it('tolerates bounded context drift, keeps the file own context lines, and reports it', async () => {
    const file = 'one\ntwo\nthree changed\nfour\nfive\nsix\nseven\n';
    const patch =
      '--- a/f\n+++ b/f\n@@ -1,7 +1,7 @@\n one\n two\n three\n four\n-five\n+FIVE\n six\n seven\n';
    const outcome = await plan({ f: file }, patch);
    expect(resultOf(outcome, 'f')).toBe('one\ntwo\nthree changed\nfour\nFIVE\nsix\nseven\n');
    expect(outcome.ok && outcome.files[0]!.hunks[0]).toMatchObject({ status: 'fuzzy', fuzz: 3 });
  });

  it('refuses drift beyond the bound and names the hunk and the nearest candidate', async () => {
    const file = 'alpha\nbeta\ngamma\ndelta\n';
    const outcome = await plan(
      { f: file },
      '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n alpha\n-betta\n+BETA\n gamma\n',
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors[0]).toMatchObject({
      file: 'f',
      hunk: 1,
      header: '@@ -1,3 +1,3 @@',
      nearest: { line: 1 },
    });
    expect(outcome.errors[0]!.message).toMatch(
      /f: hunk 1 \(@@ -1,3 \+1,3 @@\) does not apply[\s\S]*nearest candidate is at line 1:\n1\talpha\n2\tbeta/,
    );
  });

  it('fails the whole plan when one hunk of one file fails', async () => {
    const outcome = await plan(
      { a: 'a\n', b: 'b\n' },
      '--- a/a\n+++ b/a\n@@ -1 +1 @@\n-a\n+A\n--- a/b\n+++ b/b\n@@ -1 +1 @@\n-nope\n+B\n',
    );
    expect(outcome).toMatchObject({ ok: false, errors: [{ file: 'b', hunk: 1 }] });
  });

  it('keeps CRLF, the BOM and a missing final newline', async () => {
    const outcome = await plan(
      { f: '\ufeffa\r\nb\r\nc' },
      '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    );
    expect(resultOf(outcome, 'f')).toBe('\ufeffa\r\nB\r\nc');
  });

  it('changes the final newline only when the hunk says so', async () => {
    const patch = '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n';
    expect(resultOf(await plan({ f: 'a\nb' }, patch), 'f')).toBe('a\nb\n');
  });

  it('refuses to create a file that exists and to change one that does not', async () => {
    const create = await plan({ f: 'x\n' }, '--- /dev/null\n+++ b/f\n@@ -0,0 +1 @@\n+y\n');
    expect(create).toMatchObject({
      ok: false,
      errors: [{ message: 'f: the patch creates this file, but it already exists.' }],
    });
    const modify = await plan({}, '--- a/g\n+++ b/g\n@@ -1 +1 @@\n-x\n+y\n');
    expect(modify).toMatchObject({
      ok: false,
      errors: [{ message: 'g: the patch would change this file, but it does not exist.' }],
    });
  });

  it('lets a later section build on an earlier one for the same file', async () => {
    const patch =
      '--- /dev/null\n+++ b/n\n@@ -0,0 +1,2 @@\n+a\n+b\n--- a/n\n+++ b/n\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n';
    const outcome = await plan({}, patch);
    expect(outcome.ok && outcome.changes).toEqual([
      { path: 'n', before: null, after: encoder.encode('a\nc\n') },
    ]);
  });

  it('applies a Codex update found through its @@ anchor', async () => {
    const file = 'class A:\n    def run(self):\n        pass\nclass B:\n    def run(self):\n        pass\n';
    const patch =
      '*** Begin Patch\n*** Update File: f\n@@ class B:\n     def run(self):\n-        pass\n+        go()\n*** End Patch';
    expect(resultOf(await plan({ f: file }, patch), 'f')).toBe(file.replace(/pass\n$/, 'go()\n'));
  });

  it('applies any patch createPatch(a, b) makes, also after unrelated lines are prepended', async () => {
    const line = fc.constantFrom('a', 'b', 'c', 'd', '', '  x', 'y  ', 'zz');
    const text = fc
      .tuple(fc.array(line, { maxLength: 30 }), fc.boolean())
      .map(([lines, finalNewline]) => lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : ''));
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        fc.array(fc.constantFrom('p', 'q', 'r'), { maxLength: 12 }),
        async (before, after, prefix) => {
          fc.pre(before !== after);
          const patch = createPatch('f', before, after);
          expect(resultOf(await plan({ f: before }, patch), 'f')).toBe(after);
          if (prefix.length === 0 || before === '') return;
          const shifted = resultOf(
            await plan({ f: prefix.map((each) => `${each}\n`).join('') + before }, patch),
            'f',
          );
          expect(shifted).toBe(prefix.map((each) => `${each}\n`).join('') + after);
        },
      ),
      { numRuns: 300 },
    );
  });
});
