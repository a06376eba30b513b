import { describe, expect, it } from 'vitest';
import { parsePatch } from '../../src/patch/parse-patch.js';

describe('parsePatch: unified diffs', () => {
  it('reads git headers: modify, create, delete, rename with similarity index, no-newline markers', () => {
    const patch = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 83db48f..bf269f4 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,2 +1,2 @@ function top() {',
      ' keep',
      '-old',
      '\\ No newline at end of file',
      '+new',
      'diff --git a/new.txt b/new.txt',
      'new file mode 100644',
      'index 0000000..3b18e51',
      '--- /dev/null',
      '+++ b/new.txt',
      '@@ -0,0 +1 @@',
      '+hello',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      'diff --git a/old name.txt b/new name.txt',
      'similarity index 100%',
      'rename from old name.txt',
      'rename to new name.txt',
      '',
    ].join('\n');
    const parsed = parsePatch(patch);
    expect(parsed.format).toBe('unified');
    expect(parsed.files.map((file) => [file.action, file.path, file.renamedFrom])).toEqual([
      ['modify', 'src/a.ts', undefined],
      ['create', 'new.txt', undefined],
      ['delete', 'gone.txt', undefined],
      ['modify', 'new name.txt', 'old name.txt'],
    ]);
    const hunk = parsed.files[0]!.hunks[0]!;
    expect(hunk).toMatchObject({
      oldStart: 1,
      oldCount: 2,
      oldEndsWithoutNewline: true,
      newEndsWithoutNewline: false,
    });
    expect(hunk.lines).toEqual([
      { kind: 'context', text: 'keep' },
      { kind: 'remove', text: 'old' },
      { kind: 'add', text: 'new' },
    ]);
  });

  it('reads plain diff -u output with timestamps, CRLF patch text and several files', () => {
    const patch =
      '--- one.txt\t2024-07-19 09:58:02.489059795 +0100\r\n+++ one.txt\t2024-07-19 09:58:24.768153252 +0100\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n' +
      '--- two.orig\n+++ two.txt\n@@ -1 +1 @@\n-c\n+d\n';
    const parsed = parsePatch(patch);
    expect(parsed.files.map((file) => [file.path, file.alternatePath])).toEqual([
      ['one.txt', undefined],
      ['two.txt', 'two.orig'],
    ]);
  });

  it('tolerates wrong hunk counts and keeps blank context lines', () => {
    const parsed = parsePatch('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n\n-b\n+c\n d\n');
    expect(parsed.files[0]!.hunks[0]!.lines.map((line) => line.kind)).toEqual([
      'context',
      'context',
      'remove',
      'add',
      'context',
    ]);
  });

  it("stops at git format-patch's signature", () => {
    const parsed = parsePatch('--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n-- \n2.43.0\n');
    expect(parsed.files[0]!.hunks[0]!.lines).toHaveLength(2);
  });

  it('names the line of a problem', () => {
    expect(() => parsePatch('')).toThrow(/the patch is empty/);
    expect(() => parsePatch('hello\n@@ -1 +1 @@\n-a\n+b\n')).toThrow(/Patch line 2 .*before any file header/);
    expect(() => parsePatch('diff --git a/x b/x\nGIT binary patch\n')).toThrow(/Patch line 2 .*binary/);
    expect(() => parsePatch('just words\n')).toThrow(/no file header/);
  });
});

describe('parsePatch: Codex envelope', () => {
  it('reads add, delete, update with move, @@ anchors and end-of-file markers', () => {
    const parsed = parsePatch(
      [
        '*** Begin Patch',
        '*** Add File: docs/new.md',
        '+# Title',
        '+',
        '*** Delete File: old.txt',
        '*** Update File: src/app.py',
        '*** Move to: src/main.py',
        '@@ class App:',
        '@@     def run(self):',
        '-        pass',
        '+        serve()',
        '@@',
        ' last',
        '+tail',
        '*** End of File',
        '*** End Patch',
      ].join('\n'),
    );
    expect(parsed.format).toBe('codex');
    const [added, deleted, updated] = parsed.files;
    expect(added).toMatchObject({ action: 'create', path: 'docs/new.md', overwrite: true });
    expect(added!.hunks[0]!.lines).toEqual([
      { kind: 'add', text: '# Title' },
      { kind: 'add', text: '' },
    ]);
    expect(deleted).toMatchObject({ action: 'delete', path: 'old.txt' });
    expect(updated).toMatchObject({ action: 'modify', path: 'src/main.py', renamedFrom: 'src/app.py' });
    expect(updated!.hunks.map((hunk) => [hunk.anchors, hunk.atEndOfFile])).toEqual([
      [['class App:', 'def run(self):'], false],
      [[], true],
    ]);
  });

  it('names the offending line', () => {
    expect(() => parsePatch('*** Begin Patch\n*** Frobnicate File: x\n*** End Patch')).toThrow(
      /Patch line 2/,
    );
    expect(() => parsePatch('*** Begin Patch\n*** Update File: x\n@@\n?bad\n*** End Patch')).toThrow(
      /Patch line 4 .*must start with ' ' \(context\), '-' \(remove\) or '\+' \(add\)/,
    );
    expect(() => parsePatch('*** Begin Patch\n*** Update File: x\n*** End Patch')).toThrow(/has no hunks/);
    expect(() => parsePatch('*** Begin Patch\n*** End Patch')).toThrow(/no file operations/);
  });
});

describe('parsePatch: truncated and miscounted hunks', () => {
  const header = '--- a/notes.txt\n+++ b/notes.txt\n';

  it('refuses a hunk whose body is empty, in any mode', () => {
    expect(() => parsePatch(`${header}@@ -4,2 +4,2 @@\n`)).toThrow(/hunk 1 changes nothing/);
    expect(() => parsePatch(`${header}@@ -4,2 +4,2 @@\n context\n`)).toThrow(/hunk 1 changes nothing/);
  });

  it('treats stated counts as hints by default (model-written patches miscount)', () => {
    const parsed = parsePatch(`${header}@@ -4,2 +4,2 @@\n-gone\n`);
    expect(parsed.files[0]!.hunks[0]!.lines).toEqual([{ kind: 'remove', text: 'gone' }]);
  });

  it('refuses a truncated hunk when counts are strict, naming the hunk and what the body holds', () => {
    expect(() => parsePatch(`${header}@@ -4,2 +4,2 @@\n-gone\n`, { strictLineCounts: true })).toThrow(
      /hunk 1 does not match its header: the body has 1 old and 0 new lines/,
    );
    expect(() =>
      parsePatch(`${header}@@ -1,2 +1,2 @@\n keep\n-old\n+new\n extra\n`, { strictLineCounts: true }),
    ).toThrow(/hunk 1 does not match its header/);
  });

  it('accepts exact counts in strict mode, including a git signature after the last hunk', () => {
    const text = `${header}@@ -1,2 +1,2 @@\n keep\n-old\n+new\n-- \n2.39.5\n`;
    const parsed = parsePatch(text, { strictLineCounts: true });
    expect(parsed.files[0]!.hunks[0]!.lines).toHaveLength(3);
  });
});
