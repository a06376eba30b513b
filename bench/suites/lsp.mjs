import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { median, spread } from '../lib/stats.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';
import { loadPiece } from '../lib/wright.mjs';

const targetText = 'median < 1.5 s added per edit after the first';

/**
 * Suite 9: what diagnostics add to one edit. A generated TypeScript project of 600 files (strict, each module
 * importing two earlier ones) is edited through the real `write_file` tool, once plain (LSP off) and once wrapped
 * by `withDiagnostics` (LSP on: typescript-language-server with tsserver, inside the bwrap sandbox as in a run), in
 * pairs on the same file. Every other edit introduces a type error, the next one fixes it, so the server must
 * really check. The added latency is the paired difference; the first edit (server start and project load) is
 * reported apart. The baseline is a plain `tsc --noEmit` of the same project with the same TypeScript, in the same
 * run.
 */
export const suite = {
  id: 'lsp',
  title: 'Diagnostics latency per edit',
  async run(context) {
    const fileCount = context.quick ? 60 : 600;
    const editCount = context.quick ? 5 : 21;
    const common = { suite: 'lsp', unit: 'ms', better: 'lower' };
    const pieces = await Promise.all([
      loadPiece('@wright/lsp', 'createLspManager'),
      loadPiece('@wright/lsp', 'languageServerTable'),
      loadPiece('@wright/lsp', 'spawnSandboxedServer'),
      loadPiece('@wright/lsp', 'withDiagnostics'),
      loadPiece('@wright/tools', 'createWriteFileTool'),
      loadPiece('@wright/tools', 'createToolKitState'),
      loadPiece('@wright/tools', 'createFileWorkspace'),
      loadPiece('@wright/core', 'probeSandbox'),
      loadPiece('@wright/core', 'childEnvironment'),
    ]);
    const absent = pieces.find((piece) => piece.value === undefined);
    if (absent !== undefined) {
      return {
        rows: [
          missingRow({
            ...common,
            measure: 'added latency per edit',
            subject: 'withDiagnostics(write_file)',
            target: { text: targetText, met: null },
            why: absent.why,
          }),
        ],
      };
    }
    const [
      createLspManager,
      languageServerTable,
      spawnSandboxedServer,
      withDiagnostics,
      createWriteFileTool,
      createToolKitState,
      createFileWorkspace,
      probeSandbox,
      childEnvironment,
    ] = pieces.map((piece) => piece.value);

    const root = mkdtempSync(path.join(tmpdir(), 'wright-bench-lsp-'));
    try {
      generateProject(root, fileCount);
      const tsc = createRequire(import.meta.resolve('@wright/lsp')).resolve('typescript/lib/tsc.js');
      const tscRuns = [];
      for (let index = 0; index < 3; index++) {
        const started = performance.now();
        await promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', root], { cwd: root });
        tscRuns.push(performance.now() - started);
      }
      const tscMedian = median(tscRuns);
      context.log(`tsc --noEmit of ${fileCount} files: ${tscRuns.map((ms) => ms.toFixed(0)).join(', ')} ms`);

      const probe = await probeSandbox();
      const sandbox = probe.available ? { mode: 'workspace-write' } : { mode: 'off' };
      const manager = createLspManager({
        servers: languageServerTable(),
        spawnServer: spawnSandboxedServer({ env: childEnvironment().env, sandbox }),
      });
      const state = createToolKitState();
      const plain = createWriteFileTool(state);
      const [checked] = withDiagnostics([createWriteFileTool(state)], manager);
      const workspace = await createFileWorkspace(root);
      const call = async (tool, file, content) => {
        const started = performance.now();
        const result = await tool.run(
          { path: file, content },
          {
            workspace,
            signal: new AbortController().signal,
            callId: 'bench',
            approve: async () => true,
            progress: () => undefined,
          },
        );
        const elapsed = performance.now() - started;
        if (result.isError) throw new Error(`write_file failed: ${result.output}`);
        return { elapsed, output: result.output };
      };

      const offMs = [];
      const onMs = [];
      const added = [];
      let firstEditMs = Number.NaN;
      let withErrorsReported = 0;
      let cleanReported = 0;
      let unavailable = 0;
      try {
        for (let edit = 0; edit < editCount; edit++) {
          const index = Math.floor(fileCount / 2) + edit;
          const file = `src/m${index}.ts`;
          const broken = edit % 2 === 1;
          const off = await call(plain, file, moduleSource(index, { extra: edit }));
          const on = await call(checked, file, moduleSource(index, { extra: edit + 1, broken }));
          if (on.output.includes('Diagnostics unavailable')) unavailable += 1;
          else if (broken && on.output.includes('1 new error')) withErrorsReported += 1;
          else if (!broken && on.output.includes('no new errors')) cleanReported += 1;
          if (edit === 0) {
            firstEditMs = on.elapsed;
            continue;
          }
          offMs.push(off.elapsed);
          onMs.push(on.elapsed);
          added.push(on.elapsed - off.elapsed);
        }
      } finally {
        await manager.close();
      }
      const addedMedian = median(added);
      const range = spread(added);
      const ratio = addedMedian / tscMedian;
      context.log(
        `first edit ${firstEditMs.toFixed(0)} ms; then added ${addedMedian.toFixed(0)} ms median ` +
          `(${range.min.toFixed(0)}–${range.max.toFixed(0)}), ${ratio.toFixed(3)}× tsc; ` +
          `errors reported ${withErrorsReported}, clean ${cleanReported}, unavailable ${unavailable}; ` +
          `sandbox ${sandbox.mode}`,
      );
      const expectedBroken = Math.floor(editCount / 2);
      const verified = unavailable === 0 && withErrorsReported === expectedBroken;
      return {
        rows: [
          makeRow({
            ...common,
            measure: `added latency per edit, ${fileCount} files`,
            subject: `withDiagnostics(write_file), typescript in ${sandbox.mode === 'off' ? 'no sandbox' : 'bwrap'}`,
            value: addedMedian,
            baseline: { name: 'tsc --noEmit of the project', value: tscMedian },
            target: { text: targetText, met: verified && addedMedian < 1500 },
            note: `median of ${added.length} edits; first edit ${firstEditMs.toFixed(0)} ms${verified ? '' : '; diagnostics NOT all verified'}`,
          }),
          makeRow({
            ...common,
            measure: `first edit (server start + project load), ${fileCount} files`,
            subject: 'withDiagnostics(write_file)',
            value: firstEditMs,
            baseline: { name: 'tsc --noEmit of the project', value: tscMedian },
          }),
        ],
        details: {
          files: fileCount,
          edits: editCount,
          sandbox: sandbox.mode,
          tscMs: tscRuns,
          firstEditMs,
          offMs,
          onMs,
          addedMs: added,
          errorsReported: withErrorsReported,
          cleanReported,
          unavailable,
        },
      };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

/** A strict TypeScript project of `count` modules under `src/`, each importing two earlier ones. */
function generateProject(root, count) {
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'nodenext',
        lib: ['es2022'],
        types: [],
        skipLibCheck: true,
      },
      include: ['src'],
    }),
  );
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  for (let index = 0; index < count; index++)
    writeFileSync(path.join(root, 'src', `m${index}.ts`), moduleSource(index, {}));
}

/** Module `index`: an interface, a class and functions using two earlier modules; `broken` adds one type error. */
function moduleSource(index, { extra = 0, broken = false }) {
  const first = Math.floor(index / 2);
  const second = Math.floor(index / 3);
  const imports =
    index === 0
      ? ''
      : `import { make${first}, type Shape${first}, value${first} } from './m${first}.js';\n` +
        (second === first ? '' : `import { value${second} } from './m${second}.js';\n`);
  const parent = index === 0 ? '' : `  parent?: Shape${first};\n`;
  const base =
    index === 0 ? 'input' : `value${first}(input - 1) + ${second === first ? 0 : `value${second}(input)`}`;
  return `${imports}
export interface Shape${index} {
  id: number;
  name: string;
  tags: readonly string[];
${parent}}

export function value${index}(input: number): number {
  return input <= 0 ? ${index % 7} : ${base} + ${extra};
}

export function make${index}(id: number): Shape${index} {
  return {
    id,
    name: \`m${index}-\${id}\`,
    tags: [String(value${index}(id)), '${index}'],${index === 0 ? '' : `\n    parent: make${first}(id - 1),`}
  };
}

export class Store${index} {
  private readonly items = new Map<number, Shape${index}>();

  add(item: Shape${index}): void {
    this.items.set(item.id, item);
  }

  find(id: number): Shape${index} | undefined {
    return this.items.get(id);
  }

  names(): string[] {
    return [...this.items.values()].map((item) => item.name.toUpperCase());
  }
}
${broken ? `\nexport const label${index}: string = value${index}(1);\n` : ''}`;
}
