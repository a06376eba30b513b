import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplyPatchTool } from '../../src/patch/apply-patch.js';
import { applyPatchToWorkspace } from '../../src/patch/apply-patch-to-workspace.js';
import { formatPatchReport } from '../../src/patch/format-patch-report.js';
import { createHarness } from '../edit/tool-harness.js';

let harness: Awaited<ReturnType<typeof createHarness>>;
beforeEach(async () => {
  harness = await createHarness();
});
afterEach(async () => {
  await harness.cleanup();
});

const crlfBom = Buffer.from('\u00ef\u00bb\u00bfone\r\ntwo\r\nthree', 'latin1');

describe('applyPatchToWorkspace', () => {
  it('creates, modifies, renames and deletes in one go, keeping CRLF, BOM and a missing final newline', async () => {
    await harness.write('win.txt', crlfBom);
    await harness.write('old/name.txt', 'keep\nchange\n');
    await harness.write('gone.txt', 'bye\n');
    const patch = [
      'diff --git a/win.txt b/win.txt',
      '--- a/win.txt',
      '+++ b/win.txt',
      '@@ -1,3 +1,3 @@',
      ' one',
      '-two',
      '+TWO',
      ' three',
      '\\ No newline at end of file',
      'diff --git a/old/name.txt b/new/name.txt',
      'similarity index 50%',
      'rename from old/name.txt',
      'rename to new/name.txt',
      '--- a/old/name.txt',
      '+++ b/new/name.txt',
      '@@ -1,2 +1,2 @@',
      ' keep',
      '-change',
      '+changed',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      'diff --git a/made/new.txt b/made/new.txt',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/made/new.txt',
      '@@ -0,0 +1 @@',
      '+hello',
      '',
    ].join('\n');
    const report = await applyPatchToWorkspace(harness.context.workspace, patch);
    expect(report.ok).toBe(true);
    expect(await harness.bytes('win.txt')).toEqual(
      Buffer.from('\u00ef\u00bb\u00bfone\r\nTWO\r\nthree', 'latin1'),
    );
    expect(await harness.text('new/name.txt')).toBe('keep\nchanged\n');
    await expect(harness.bytes('old/name.txt')).rejects.toThrow(/ENOENT/);
    await expect(harness.bytes('gone.txt')).rejects.toThrow(/ENOENT/);
    expect(await harness.text('made/new.txt')).toBe('hello\n');
    expect(report.changes.find((change) => change.path === 'new/name.txt')?.renamedFrom).toBe('old/name.txt');
    expect(formatPatchReport(report)).toBe(
      [
        'Applied the patch:',
        'M win.txt  +1 -1  hunks: #1 exact',
        'R old/name.txt → new/name.txt  +1 -1  hunks: #1 exact',
        'D gone.txt  +0 -1',
        'A made/new.txt  +1 -0',
      ].join('\n'),
    );
  });

  it('leaves every file byte for byte unchanged when one hunk of a later file fails', async () => {
    await harness.write('a.txt', crlfBom);
    await harness.write('b.txt', 'b1\nb2\n');
    const patch =
      '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-one\n+ONE\n' +
      '--- /dev/null\n+++ b/c.txt\n@@ -0,0 +1 @@\n+new\n' +
      '--- a/b.txt\n+++ b/b.txt\n@@ -1,2 +1,2 @@\n b1\n-b2\n+B2\n@@ -9,2 +9,2 @@\n nothing\n-like this\n+here\n';
    const report = await applyPatchToWorkspace(harness.context.workspace, patch);
    expect(report).toMatchObject({
      ok: false,
      written: false,
      errors: [{ file: 'b.txt', hunk: 2, header: '@@ -9,2 +9,2 @@' }],
    });
    expect(await harness.bytes('a.txt')).toEqual(crlfBom);
    expect(await harness.text('b.txt')).toBe('b1\nb2\n');
    await expect(harness.bytes('c.txt')).rejects.toThrow(/ENOENT/);
  });

  it('writes nothing with check, but reports what would happen', async () => {
    await harness.write('a.txt', 'x\n');
    const report = await applyPatchToWorkspace(
      harness.context.workspace,
      '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-x\n+y\n',
      {
        check: true,
      },
    );
    expect(report).toMatchObject({ ok: true, written: false, files: [{ path: 'a.txt', action: 'modify' }] });
    expect(formatPatchReport(report)).toMatch(/^The patch applies cleanly \(nothing was written\)/);
    expect(await harness.text('a.txt')).toBe('x\n');
  });

  it('refuses paths that escape the workspace', async () => {
    const report = await applyPatchToWorkspace(
      harness.context.workspace,
      '--- /dev/null\n+++ b/../evil.txt\n@@ -0,0 +1 @@\n+x\n',
    );
    expect(report.ok).toBe(false);
    expect(report.errors[0]!.message).toMatch(/^\.\.\/evil\.txt: /);
  });

  it('reports a parse error with its line', async () => {
    const report = await applyPatchToWorkspace(
      harness.context.workspace,
      '*** Begin Patch\n*** Oops: x\n*** End Patch\n',
    );
    expect(report).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/^Patch line 2/) }],
    });
  });
});

describe('apply_patch tool', () => {
  async function run(patch: unknown) {
    const tool = createApplyPatchTool(harness.state);
    const parsed = tool.parse({ patch });
    if (!parsed.ok) throw new Error(parsed.message);
    return tool.run(parsed.value, harness.context);
  }

  it('has the contract name and required argument', () => {
    const tool = createApplyPatchTool(harness.state);
    expect(tool.name).toBe('apply_patch');
    expect(tool.parameters.required).toEqual(['patch']);
  });

  it('applies a Codex envelope and describes the result, with a diff display', async () => {
    await harness.write('src/app.ts', 'start();\nlisten(port);\nstop();\n');
    const result = await run(
      '*** Begin Patch\n*** Update File: src/app.ts\n@@\n start();\n-listen(port);\n+listen(port, host);\n*** End Patch\n',
    );
    expect(result.isError).toBeUndefined();
    expect(result.output).toBe('Applied the patch:\nM src/app.ts  +1 -1  hunks: #1 exact');
    expect(result.display).toMatchObject({
      kind: 'diff',
      files: [{ path: 'src/app.ts', added: 1, removed: 1 }],
    });
    expect(await harness.text('src/app.ts')).toBe('start();\nlisten(port, host);\nstop();\n');
  });

  it('gives the model the failing hunk, the nearest candidate and the advice to re-read', async () => {
    await harness.write('f.ts', 'function total(items) {\n  return items.length;\n}\n');
    const result = await run(
      '*** Begin Patch\n*** Update File: f.ts\n@@\n-  return item.size;\n+  return 0;\n*** End Patch\n',
    );
    expect(result.isError).toBe(true);
    expect(result.output).toContain('The patch was not applied; no file was changed.');
    expect(result.output).toContain('f.ts: hunk 1 (@@) does not apply');
    expect(result.output).toContain('2\t  return items.length;');
    expect(result.output).toContain('Read the affected files again with read_file');
  });

  it('refuses a file changed on disk since it was read, writing nothing', async () => {
    await harness.write('a.txt', 'a\n');
    await harness.write('b.txt', 'b\n');
    harness.state.tracker.recordRead('b.txt', new TextEncoder().encode('b\n'));
    await harness.write('b.txt', 'b\nextra\n');
    const result = await run(
      '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-a\n+A\n--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-b\n+B\n',
    );
    expect(result).toMatchObject({ isError: true });
    expect(result.output).toContain('b.txt changed on disk since you last read it');
    expect(await harness.text('a.txt')).toBe('a\n');
  });
});
