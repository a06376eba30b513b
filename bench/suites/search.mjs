import { spawn } from 'node:child_process';
import path from 'node:path';
import { countFiles, ensureSearchTree } from '../lib/search-tree.mjs';
import { median } from '../lib/stats.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';
import { loadPiece } from '../lib/wright.mjs';

/** rg flags equal to what Wright's rg engine passes (.gitignore only, hidden files searched, .git skipped). */
const sameIgnoreRules = [
  '--hidden',
  '--no-require-git',
  '--no-ignore-dot',
  '--no-ignore-global',
  '--no-ignore-exclude',
  '--no-messages',
  '--glob',
  '!.git',
];

const queries = [
  { id: 'literal', pattern: 'hasOwnProperty', literal: true, rg: ['--fixed-strings'] },
  { id: 'regex', pattern: '\\b(useState|useEffect)\\(', rg: [] },
  { id: 'case-insensitive', pattern: 'copyright', caseInsensitive: true, rg: ['--ignore-case'] },
  { id: 'glob *.d.ts', pattern: 'export declare function', glob: '*.d.ts', rg: ['--glob', '*.d.ts'] },
];

/**
 * Suite 3: Wright's grep (searchFiles, rg engine and JS fallback) against rg run directly with the same ignore
 * rules, on the node_modules of a real install (about 54k files). Counts must agree before times are compared.
 */
export const suite = {
  id: 'search',
  title: 'Search',
  async run(context) {
    const root = ensureSearchTree(context.cacheDir, context.log);
    // Quick runs search one package of the tree only.
    const scope = context.quick ? 'node_modules/lodash' : '.';
    const fileCount = countFiles(path.join(root, scope));
    context.log(`search tree: ${fileCount} files`);
    const runs = context.quick ? 1 : 3;
    const javascriptRuns = 1;
    const searchFiles = await loadPiece('@wright/tools', 'searchFiles');
    const rows = [];
    const details = { root, scope, fileCount, runs, javascriptRuns, queries: {} };
    for (const query of queries) {
      const direct = { name: `rg ${query.rg.join(' ')} '${query.pattern}'`.replace('  ', ' '), seconds: [] };
      const wrightRg = { seconds: [] };
      const wrightJs = { seconds: [] };
      // rg --json (what Wright's rg engine reads) splits Wright's overhead into rg's share and node's.
      const json = { seconds: [] };
      await runRipgrep(root, scope, query);
      for (let index = 0; index < runs; index++) {
        let started = performance.now();
        direct.matches = await runRipgrep(root, scope, query);
        direct.seconds.push((performance.now() - started) / 1000);
        started = performance.now();
        json.outputLines = await runRipgrep(root, scope, query, ['--json']);
        json.seconds.push((performance.now() - started) / 1000);
        if (searchFiles.value === undefined) continue;
        wrightRg.seconds.push(await timeSearch(searchFiles.value, root, scope, query, 'rg', wrightRg));
      }
      if (searchFiles.value !== undefined) {
        for (let index = 0; index < javascriptRuns; index++) {
          wrightJs.seconds.push(await timeSearch(searchFiles.value, root, scope, query, 'js', wrightJs));
        }
      }
      const baseline = { name: direct.name, value: median(direct.seconds) };
      details.queries[query.id] = {
        direct,
        rgJson: { ...json, median: median(json.seconds) },
        wrightRg,
        wrightJs,
      };
      context.log(
        `${query.id}: rg ${baseline.value.toFixed(2)} s (${direct.matches} matches), rg --json ${median(json.seconds).toFixed(2)} s, ` +
          `wright rg ${median(wrightRg.seconds).toFixed(2)} s, wright js ${median(wrightJs.seconds).toFixed(2)} s`,
      );
      const common = {
        suite: 'search',
        measure: `${query.id} (${fileCount} files)`,
        unit: 's',
        better: 'lower',
        baseline,
      };
      const target = { text: 'within 1.2× of rg' };
      if (searchFiles.value === undefined) {
        rows.push(
          missingRow({
            ...common,
            subject: 'Wright grep, rg engine',
            target: { ...target, met: null },
            why: searchFiles.why,
          }),
        );
        rows.push(missingRow({ ...common, subject: 'Wright grep, JS fallback', why: searchFiles.why }));
        continue;
      }
      for (const [engine, figures] of [
        ['rg', wrightRg],
        ['js', wrightJs],
      ]) {
        if (figures.matches !== direct.matches) {
          throw new Error(
            `${query.id}: Wright ${engine} found ${figures.matches} matches, rg found ${direct.matches}`,
          );
        }
      }
      const rgValue = median(wrightRg.seconds);
      rows.push(
        makeRow({
          ...common,
          subject: 'Wright grep, rg engine',
          value: rgValue,
          target: { ...target, met: rgValue <= 1.2 * baseline.value },
        }),
      );
      rows.push(
        makeRow({
          ...common,
          subject: 'Wright grep, JS fallback',
          value: median(wrightJs.seconds),
          note: javascriptRuns === 1 ? 'one run (the JS fallback is slow on this tree)' : undefined,
        }),
      );
    }
    return { rows, details };
  },
};

async function timeSearch(searchFiles, root, scope, query, engine, figures) {
  const options = { pattern: query.pattern, engine, path: scope };
  if (query.literal) options.literal = true;
  if (query.caseInsensitive) options.caseInsensitive = true;
  if (query.glob) options.glob = query.glob;
  const started = performance.now();
  const result = await searchFiles(root, options);
  const seconds = (performance.now() - started) / 1000;
  figures.matches = result.totalMatches;
  if (!result.complete) throw new Error(`Wright ${engine} stopped at its collection limit on ${query.id}`);
  return seconds;
}

/** rg as a user runs it, output piped (path:line:text per match); resolves with the number of matching lines. */
function runRipgrep(root, scope, query, extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'rg',
      [...sameIgnoreRules, ...extra, ...query.rg, '--regexp', query.pattern, '--', scope],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let lines = 0;
    child.stdout.on('data', (chunk) => {
      for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines++;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 || code === 1 ? resolve(lines) : reject(new Error(`rg exited ${code}`)),
    );
  });
}
