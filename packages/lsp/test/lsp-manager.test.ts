import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostics, type LspEvent, type LspManager } from '../src/index.js';
import { createSandboxedManager } from './helpers/sandboxed-manager.js';

let root: string;
let manager: LspManager;
const events: LspEvent[] = [];

beforeAll(async () => {
  root = await realpath(await mkdtemp(nodePath.join(tmpdir(), 'wright-lsp-')));
  await writeFile(
    nodePath.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true } }),
  );
  await writeFile(
    nodePath.join(root, 'math.ts'),
    'export function double(value: number): number {\n  return value * 2;\n}\n',
  );
  await writeFile(
    nodePath.join(root, 'main.ts'),
    "import { double } from './math';\nexport const four: number = double(2);\n",
  );
  manager = createSandboxedManager((event) => events.push(event));
});
afterAll(async () => {
  await manager.close();
  await rm(root, { recursive: true, force: true });
});

describe('the LSP manager with typescript-language-server in the sandbox', () => {
  it('reports a type error an edit introduces, then no new errors once it is fixed', async () => {
    const main = nodePath.join(root, 'main.ts');
    await writeFile(main, "import { double } from './math';\nexport const four: string = double(2);\n");
    const broken = await manager.diagnose(root, [main]);
    expect(events[0]).toMatchObject({ type: 'lsp-start', server: 'typescript', ok: true });
    const text = formatDiagnostics(broken);
    expect(text).toContain("main.ts:2:14 error TS2322: Type 'number' is not assignable to type 'string'.");
    await writeFile(main, "import { double } from './math';\nexport const four: number = double(2);\n");
    const fixed = await manager.diagnose(root, [main]);
    expect(formatDiagnostics(fixed)).toBe('Diagnostics (typescript): no new errors.');
  }, 120_000);

  it('says "no new errors" for an edit that keeps a clean file clean (the server publishes nothing then)', async () => {
    const math = nodePath.join(root, 'math.ts');
    for (const factor of [3, 4]) {
      await writeFile(
        math,
        `export function double(value: number): number {\n  return value * ${factor};\n}\n`,
      );
      const report = await manager.diagnose(root, [math]);
      expect(formatDiagnostics(report)).toBe('Diagnostics (typescript): no new errors.');
    }
  }, 120_000);

  it("tells a file's first edit which errors it already had, from the text it held before", async () => {
    const legacy = nodePath.join(root, 'legacy.ts');
    const old = 'export const label: string = 1;\n';
    await writeFile(legacy, `${old}export const count: number = 'two';\n`);
    const report = await manager.diagnose(root, [legacy], undefined, new Map([[legacy, old]]));
    const text = formatDiagnostics(report);
    expect(text).toContain('1 new error:');
    expect(text).toContain("legacy.ts:2:14 error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(text).not.toContain('legacy.ts:1:');
    expect(formatDiagnostics(report, { includeExisting: true })).toContain('legacy.ts:1:14 error TS2322');
  }, 120_000);

  it('counts every error of a file it never saw as new when the earlier text is not given', async () => {
    const other = nodePath.join(root, 'other.ts');
    await writeFile(other, "export const label: string = 1;\nexport const count: number = 'two';\n");
    expect(formatDiagnostics(await manager.diagnose(root, [other]))).toContain('2 new errors:');
  }, 120_000);

  it('reports errors in other files that an edit causes', async () => {
    const math = nodePath.join(root, 'math.ts');
    await writeFile(
      math,
      'export function double(value: number): string {\n  return String(value * 2);\n}\n',
    );
    const report = await manager.diagnose(root, [math]);
    const text = formatDiagnostics(report);
    expect(text).toContain('main.ts:2:14 error TS2322');
  }, 120_000);
});
