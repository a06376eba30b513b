import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  byPackage,
  documentedIdentifiers,
  publishedEntries,
  readExports,
  reportDirectory,
  reportFile,
} from '../api-report.mjs';

type Entry = {
  folder: string;
  subpath: string;
  specifier: string;
  exports: { name: string; kind: string }[];
};

const fix = "run pnpm api:update and document the new names in docs/api.md, in their package's section";
const entries: Entry[] = readExports(publishedEntries());
const groups: Map<string, Entry[]> = byPackage(entries);

/** The lines `- kind \`name\`` of each `## \`specifier\`` section of a report. */
function readReport(file: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const heading = /^## `(.+)`$/.exec(line);
    if (heading) {
      current = [];
      sections.set(heading[1] as string, current);
    } else if (current && line.startsWith('- ')) current.push(line.slice(2));
  }
  return sections;
}

describe('API reports (api/<package>.md)', () => {
  for (const [folder, packageEntries] of groups) {
    it(`${folder}: every entry point exports exactly what its report lists`, () => {
      const file = reportFile(folder);
      expect(existsSync(file), `api/${folder}.md is missing; ${fix}`).toBe(true);
      const report = readReport(file);
      const actual = new Map(
        packageEntries.map((entry) => [
          entry.specifier,
          entry.exports.map((item) => `${item.kind} \`${item.name}\``),
        ]),
      );
      const problems: string[] = [];
      for (const [specifier, lines] of actual) {
        const pinned = report.get(specifier);
        if (pinned === undefined) {
          problems.push(`${specifier} is not in the report`);
          continue;
        }
        const added = lines.filter((line) => !pinned.includes(line));
        const removed = pinned.filter((line) => !lines.includes(line));
        if (added.length > 0) problems.push(`${specifier} now also exports ${added.join(', ')}`);
        if (removed.length > 0) problems.push(`${specifier} no longer exports ${removed.join(', ')}`);
      }
      for (const specifier of report.keys()) {
        if (!actual.has(specifier))
          problems.push(`${specifier} is in the report but not in package.json exports`);
      }
      expect(
        problems,
        `The public surface of ${folder} changed: ${problems.join('; ')}. If that is deliberate, ${fix}.`,
      ).toEqual([]);
    });
  }

  it('has no report for a package that is gone', () => {
    const stale = readdirSync(reportDirectory).filter(
      (name) => name.endsWith('.md') && name !== 'README.md' && !groups.has(name.slice(0, -3)),
    );
    expect(stale, `stale reports in api/; ${fix}`).toEqual([]);
  });

  it("pins exactly the documented names: every export of a main entry is written as code in its package's section of docs/api.md", () => {
    const documented = documentedIdentifiers();
    const missing = entries
      .filter((entry) => entry.subpath === '.')
      .flatMap((entry) =>
        entry.exports
          .filter((item) => documented.get(entry.specifier)?.has(item.name) !== true)
          .map((item) => `${entry.specifier}: ${item.name}`),
      );
    expect(
      missing,
      `Exported from a main entry but not documented in its "## <package>" section of docs/api.md: ${missing.join(', ')}; ${fix}, or move them to the package's internal entry.`,
    ).toEqual([]);
  });
});
