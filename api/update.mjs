// `pnpm api:update`: rewrites the API reports in api/ from the packages' entry points. Run it when you change what a
// package exports on purpose, then document every new name of a main entry in docs/ (docs/api.md lists them all).
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  byPackage,
  formatReport,
  publishedEntries,
  readExports,
  reportDirectory,
  reportFile,
} from './api-report.mjs';

const groups = byPackage(readExports(publishedEntries()));
const written = new Set();
for (const [folder, entries] of groups) {
  writeFileSync(reportFile(folder), formatReport(entries));
  written.add(`${folder}.md`);
}
for (const name of readdirSync(reportDirectory)) {
  if (name.endsWith('.md') && name !== 'README.md' && !written.has(name)) rmSync(join(reportDirectory, name));
}
console.log(`api reports written for ${[...groups.keys()].join(', ')} in ${reportDirectory}`);
