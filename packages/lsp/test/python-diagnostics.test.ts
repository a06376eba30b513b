import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostics, type LspManager } from '../src/index.js';
import { createSandboxedManager } from './helpers/sandboxed-manager.js';

// pyright in the sandbox, asked through LSP's pull request (textDocument/diagnostic).
let root: string;
let manager: LspManager;

beforeAll(async () => {
  root = await realpath(await mkdtemp(nodePath.join(tmpdir(), 'wright-lsp-python-')));
  await writeFile(nodePath.join(root, 'app.py'), 'def double(value: int) -> int:\n    return value * 2\n');
  manager = createSandboxedManager();
});
afterAll(async () => {
  await manager.close();
  await rm(root, { recursive: true, force: true });
});

describe('the LSP manager with pyright in the sandbox', () => {
  it('answers every edit, clean ones included, and reports errors an edit causes in another open file', async () => {
    const use = nodePath.join(root, 'use.py');
    const app = nodePath.join(root, 'app.py');
    for (const value of [2, 3]) {
      await writeFile(use, `from app import double\n\nresult: int = double(${value})\n`);
      expect(formatDiagnostics(await manager.diagnose(root, [use]))).toBe(
        'Diagnostics (python): no new errors.',
      );
    }
    await writeFile(app, 'def double(value: int) -> str:\n    return str(value * 2)\n');
    const text = formatDiagnostics(await manager.diagnose(root, [app]));
    expect(text).toMatch(
      /use\.py:3:15 error reportAssignmentType: Type "str" is not assignable to declared type "int"/,
    );
  }, 120_000);

  it("does not call a file's old errors new on its first edit", async () => {
    const legacy = nodePath.join(root, 'legacy.py');
    const old = 'label: str = 1\n';
    await writeFile(legacy, `${old}count: int = "two"\n`);
    const text = formatDiagnostics(
      await manager.diagnose(root, [legacy], undefined, new Map([[legacy, old]])),
    );
    expect(text).toContain('1 new error:');
    expect(text).toMatch(/legacy\.py:2:14 error reportAssignmentType/);
    expect(text).not.toContain('legacy.py:1:');
  }, 120_000);
});
