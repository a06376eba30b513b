import { spawn } from 'node:child_process';
import path from 'node:path';
import { pairedRatios, rotate } from '../lib/rounds.mjs';
import { countFiles, ensureSearchTree } from '../lib/search-tree.mjs';
import { median, round } from '../lib/stats.mjs';
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

// `rg` is the query's flag as a user types it. What Wright's rg engine passes comes from the tools package itself
// (`ripgrepArguments`), so the bench cannot drift from it.
const queries = [
  {
    id: 'literal',
    pattern: 'hasOwnProperty',
    literal: true,
    rg: ['--fixed-strings'],
  },
  { id: 'regex', pattern: '\\b(useState|useEffect)\\(', rg: [] },
  {
    id: 'case-insensitive',
    pattern: 'copyright',
    caseInsensitive: true,
    rg: ['--ignore-case'],
  },
  {
    id: 'glob *.d.ts',
    pattern: 'export declare function',
    glob: '*.d.ts',
    rg: ['--glob', '*.d.ts'],
  },
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
    // Five rounds, each contender once per round in an order that rotates, so one slow round or a slow spell at
    // the start or end of every round moves no single contender's median (three rounds did: see docs/performance.md).
    const runs = context.quick ? 1 : 5;
    // The JS fallback takes seconds per query; three runs after the rounds keep the suite near a minute and a half.
    const javascriptRuns = context.quick ? 1 : 3;
    const searchFiles = await loadPiece('@wright/tools', 'searchFiles');
    const ripgrepArguments = await loadPiece('@wright/tools', 'ripgrepArguments');
    const rows = [];
    const details = { root, scope, fileCount, runs, javascriptRuns, queries: {} };
    const pairs = [];
    for (const query of queries) {
      const direct = {
        name: `rg ${query.rg.join(' ')} '${query.pattern}'`.replace('  ', ' '),
        seconds: [],
        run: () => runRipgrep(root, scope, query, query.rg),
      };
      // rg with exactly the arguments Wright's rg engine passes, its output only counted: splits Wright's time
      // into rg's share and node's.
      const asWright = {
        name: "rg with Wright's flags, output counted",
        seconds: [],
        run: () =>
          countRipgrepLines(
            root,
            ripgrepArguments.value({
              target: scope,
              pattern: query.pattern,
              glob: query.glob,
              caseInsensitive: query.caseInsensitive === true,
              literal: query.literal === true,
            }),
          ),
      };
      const wrightRg = {
        name: 'Wright rg engine',
        seconds: [],
        run: () => search(searchFiles.value, root, scope, query, 'rg'),
      };
      const wrightJs = { seconds: [], run: () => search(searchFiles.value, root, scope, query, 'js') };
      const contenders = [
        direct,
        ...(ripgrepArguments.value === undefined ? [] : [asWright]),
        ...(searchFiles.value === undefined ? [] : [wrightRg]),
      ];
      const order = [];
      await direct.run();
      for (let roundIndex = 0; roundIndex < runs; roundIndex++) {
        const sequence = rotate(contenders, roundIndex);
        order.push(sequence.map((contender) => contender.name));
        for (const contender of sequence) await timeOnce(contender);
      }
      if (searchFiles.value !== undefined) {
        for (let index = 0; index < javascriptRuns; index++) await timeOnce(wrightJs);
      }
      const baseline = { name: direct.name, value: median(direct.seconds) };
      const samples = ({ name, seconds, matches }) => ({ name, seconds, matches, median: median(seconds) });
      details.queries[query.id] = {
        order,
        direct: samples(direct),
        rgWithWrightFlags: samples(asWright),
        wrightRg: samples(wrightRg),
        wrightJs: samples(wrightJs),
      };
      context.log(
        `${query.id}: rg ${baseline.value.toFixed(2)} s (${direct.matches} matches), rg with Wright's flags ${median(asWright.seconds).toFixed(2)} s, ` +
          `wright rg ${median(wrightRg.seconds).toFixed(2)} s, wright js ${median(wrightJs.seconds).toFixed(2)} s`,
      );
      if (searchFiles.value !== undefined) {
        const pair = {
          query: query.id,
          ofMedians: median(wrightRg.seconds) / baseline.value,
          versusRg: pairedRatios(wrightRg.seconds, direct.seconds),
          ofMediansWrightFlags: median(wrightRg.seconds) / median(asWright.seconds),
          versusWrightFlags: pairedRatios(wrightRg.seconds, asWright.seconds),
        };
        pairs.push(pair);
        details.queries[query.id].ratios = pair;
        context.log(
          `${query.id}: per-round Wright ÷ rg ${pair.versusRg.ratios.map((ratio) => ratio.toFixed(2)).join(', ')}`,
        );
      }
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
        ['Wright rg engine', wrightRg],
        ['Wright JS fallback', wrightJs],
        ["rg with Wright's flags", asWright],
      ]) {
        if (figures.matches !== direct.matches) {
          throw new Error(
            `${query.id}: ${engine} found ${figures.matches} matches, rg found ${direct.matches}`,
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
          note: pairedNote(pairs.at(-1).versusRg),
        }),
      );
      rows.push(
        makeRow({
          ...common,
          subject: 'Wright grep, rg engine',
          value: rgValue,
          baseline: { name: asWright.name, value: median(asWright.seconds) },
          note: pairedNote(pairs.at(-1).versusWrightFlags),
        }),
      );
      rows.push(
        makeRow({
          ...common,
          subject: 'Wright grep, JS fallback',
          value: median(wrightJs.seconds),
          note: javascriptRuns === 1 ? 'one run' : undefined,
        }),
      );
    }
    const extraTables =
      pairs.length > 0
        ? [{ title: 'Search: Wright rg engine ÷ baseline, per round', markdown: ratioTable(pairs, runs) }]
        : [];
    return { rows, details, extraTables };
  },
};

/** Times one run of `contender`, appending the seconds and keeping the match count. */
async function timeOnce(contender) {
  const started = performance.now();
  contender.matches = await contender.run();
  contender.seconds.push((performance.now() - started) / 1000);
}

/** Wright's searchFiles with the query's options; resolves with the number of matches. */
async function search(searchFiles, root, scope, query, engine) {
  const options = { pattern: query.pattern, engine, path: scope };
  if (query.literal) options.literal = true;
  if (query.caseInsensitive) options.caseInsensitive = true;
  if (query.glob) options.glob = query.glob;
  const result = await searchFiles(root, options);
  if (!result.complete) throw new Error(`Wright ${engine} stopped at its collection limit on ${query.id}`);
  return result.totalMatches;
}

function pairedNote(paired) {
  return `median of per-round ratios ${round(paired.median, 3)}× (${round(paired.min, 3)}–${round(paired.max, 3)}×)`;
}

/** Ratio of medians (what the main table shows and the target is judged on) next to the median per-round ratio. */
function ratioTable(pairs, runs) {
  const cell = (ofMedians, paired) =>
    `${round(ofMedians, 3)}× | ${round(paired.median, 3)}× (${round(paired.min, 3)}–${round(paired.max, 3)}×)`;
  const lines = [
    "| Query | Rounds | ÷ rg, ratio of medians | ÷ rg, median of per-round ratios (range) | ÷ rg with Wright's flags, ratio of medians | ÷ rg with Wright's flags, median of per-round ratios (range) |",
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const pair of pairs) {
    lines.push(
      `| ${pair.query} | ${runs} | ${cell(pair.ofMedians, pair.versusRg)} | ${cell(pair.ofMediansWrightFlags, pair.versusWrightFlags)} |`,
    );
  }
  return lines.join('\n');
}

/** rg with the shared ignore rules and `flags`, output piped and counted; resolves with the number of output lines. */
function runRipgrep(root, scope, query, flags) {
  return countRipgrepLines(root, [...sameIgnoreRules, ...flags, '--regexp', query.pattern, '--', scope]);
}

/** Runs rg with these arguments and counts its output lines (one per match). */
function countRipgrepLines(root, args) {
  return new Promise((resolve, reject) => {
    const child = spawn('rg', args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
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
