// Sums the vitest JSON reports of every workspace package into one closing line: "tests: N passed, N failed, N
// skipped", plus the test files that ran no test at all (a `describe.skipIf` whose whole file is skipped reports
// no tests, not skipped ones, so counting tests alone would say "0 skipped").
// With `--clear` it deletes the reports of an earlier run instead, so a package whose tests never ran cannot be
// counted from a stale report.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const folders = [
  ...['packages', 'examples'].flatMap((parent) =>
    existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [],
  ),
  // The API report test (api/test/api-report.test.ts).
  'api',
];
if (process.argv.includes('--clear')) {
  for (const folder of folders) rmSync(join(folder, '.test-results.json'), { force: true });
  process.exit(0);
}
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
const skippedFiles = [];
const failedTests = [];
for (const folder of folders) {
  const reportPath = join(folder, '.test-results.json');
  if (!existsSync(reportPath)) continue;
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  reports += 1;
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const file of report.testResults ?? []) {
    if ((file.assertionResults ?? []).length === 0 && file.status !== 'failed') skippedFiles.push(file.name);
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'failed')
        failedTests.push(`${relative(file.name)} > ${test.fullName ?? test.title}`);
    }
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
      failedTests.push(`${relative(file.name)} (the file failed before its tests ran)`);
    }
  }
}
if (reports === 0) {
  console.error('test-summary: no vitest reports found; did the tests run?');
  process.exit(1);
}
const files =
  skippedFiles.length === 0
    ? ''
    : `; ${skippedFiles.length} test ${skippedFiles.length === 1 ? 'file' : 'files'} skipped whole (${skippedFiles
        .map(relative)
        .join(', ')})`;
for (const name of failedTests) console.log(`failed: ${name}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped${files}`);
if (failed > 0 || passed === 0) process.exit(1);

function relative(name) {
  return name.replace(`${process.cwd()}/`, '');
}
