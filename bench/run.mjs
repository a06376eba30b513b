// Runs the benchmark suites (all, or the ids given on argv), prints the table and writes the results file.
// WRIGHT_BENCH_QUICK=1 runs tiny sizes for development; only a full run writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './lib/machine.mjs';
import { formatTable } from './lib/table.mjs';

const suiteFiles = {
  loop: './suites/loop-overhead.mjs',
  stream: './suites/stream-decoding.mjs',
  search: './suites/search.mjs',
  patch: './suites/patch-application.mjs',
  startup: './suites/start-up.mjs',
  memory: './suites/memory.mjs',
  cache: './suites/cache-friendliness.mjs',
  'large-repo': './suites/large-repo.mjs',
  sandbox: './suites/sandbox.mjs',
  lsp: './suites/lsp.mjs',
};

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const quick = process.env.WRIGHT_BENCH_QUICK === '1';
const requested = process.argv.slice(2);
const unknown = requested.filter((id) => !(id in suiteFiles));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suiteFiles).join(', ')}`);
  process.exit(2);
}
const ids = requested.length > 0 ? requested : Object.keys(suiteFiles);
const context = {
  quick,
  benchDir,
  repoRoot: path.resolve(benchDir, '..'),
  cacheDir: path.join(benchDir, '.cache'),
  log: (message) => console.error(`  ${message}`),
};

const started = Date.now();
const machine = describeMachine();
console.error(
  `wright bench: ${ids.join(', ')}${quick ? ' (quick sizes)' : ''} on ${machine.cpu}, ${machine.node}`,
);
const results = {};
const rows = [];
for (const id of ids) {
  const suiteStarted = Date.now();
  console.error(`[${id}]`);
  try {
    const { suite } = await import(suiteFiles[id]);
    const outcome = await suite.run(context);
    results[id] = { title: suite.title, seconds: (Date.now() - suiteStarted) / 1000, ...outcome };
    rows.push(...outcome.rows);
  } catch (error) {
    console.error(error);
    results[id] = { failed: error instanceof Error ? error.message : String(error), rows: [] };
  }
  console.error(`[${id}] ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
}

const table = formatTable(rows);
console.log(table);
for (const result of Object.values(results)) {
  for (const extra of result.extraTables ?? []) console.log(`\n${extra.title}\n\n${extra.markdown}`);
}
const full = !quick && requested.length === 0;
const report = {
  date: new Date().toISOString(),
  quick,
  suites: ids,
  totalSeconds: (Date.now() - started) / 1000,
  machine: { ...machine, loadAverageAtEnd: describeMachine().loadAverage },
  table,
  results,
};
mkdirSync(path.join(benchDir, 'results'), { recursive: true });
const file = path.join(benchDir, 'results', full ? 'latest.json' : 'partial.json');
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.error(`wrote ${path.relative(process.cwd(), file)} (${report.totalSeconds.toFixed(0)} s)`);
if (Object.values(results).some((result) => result.failed)) process.exitCode = 1;
