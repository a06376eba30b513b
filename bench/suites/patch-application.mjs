import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from '../lib/git.mjs';
import { createAppliers } from '../lib/patch-appliers.mjs';
import { buildPatchCorpus } from '../lib/patch-corpus.mjs';
import { variantClasses } from '../lib/patch-variants.mjs';
import { median, round } from '../lib/stats.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';
import { loadPiece } from '../lib/wright.mjs';

/**
 * Suite 4: per-file patches from real version pairs, clean and perturbed, applied by Wright (CLI and in-process
 * engine), git apply, git apply --3way, GNU patch and jsdiff. Success means the file ends byte-identical to the
 * expected version; each application is timed on its own (process start included for the CLIs).
 */
export const suite = {
  id: 'patch',
  title: 'Patch application',
  async run(context) {
    const corpus = buildPatchCorpus(context.cacheDir, context.log);
    const cases = context.quick ? corpus.filter((_, index) => index % 6 === 0) : corpus;
    const cliBin = path.join(context.repoRoot, 'packages/cli/dist/bin.js');
    const [applyPatchToWorkspace, createFileWorkspace] = await Promise.all([
      loadPiece('@wright/tools', 'applyPatchToWorkspace'),
      loadPiece('@wright/tools', 'createFileWorkspace'),
    ]);
    const engineWhy = applyPatchToWorkspace.why ?? createFileWorkspace.why;
    const wrightTools = engineWhy
      ? undefined
      : {
          applyPatchToWorkspace: applyPatchToWorkspace.value,
          createFileWorkspace: createFileWorkspace.value,
        };
    const cliWhy = cliCheck(cliBin);
    const appliers = createAppliers({
      cliBin: cliWhy === undefined ? cliBin : undefined,
      wrightTools,
      jsdiff: await import('diff'),
    });
    const work = mkdtempSync(path.join(os.tmpdir(), 'wright-bench-patch-'));
    const results = {};
    try {
      for (const [className, make] of Object.entries(variantClasses)) {
        const variants = cases
          .map((item) => ({ item, variant: make(item) }))
          .filter(({ variant }) => variant !== undefined)
          .map(({ item, variant }, index) => ({ ...variant, path: item.path, index }));
        results[className] = { cases: variants.length, tools: {} };
        const classDir = path.join(work, String(Object.keys(results).length));
        const patchDir = path.join(classDir, 'patches');
        mkdirSync(patchDir, { recursive: true });
        for (const variant of variants) {
          variant.patchFile = path.join(patchDir, `${variant.index}.patch`);
          writeFileSync(variant.patchFile, variant.patch);
        }
        for (const [toolName, applier] of Object.entries(appliers)) {
          const directory = path.join(classDir, toolName.replace(/[^a-z0-9]+/gi, '-'));
          writeTargets(directory, variants);
          if (applier.needsRepository) prepareRepository(directory, classDir, variants);
          const outcome = { succeeded: 0, claimedButWrong: 0, milliseconds: [] };
          const record = (variant, claimed) => {
            const correct = readFileSync(path.join(directory, variant.path)).equals(
              Buffer.from(variant.expected),
            );
            if (correct) outcome.succeeded++;
            else if (claimed) outcome.claimedButWrong++;
          };
          const applyOne = async (variant) => {
            const started = performance.now();
            const claimed = await applier.run({
              directory,
              patchFile: variant.patchFile,
              patch: variant.patch,
              filePath: variant.path,
            });
            outcome.milliseconds.push(performance.now() - started);
            record(variant, claimed);
          };
          if (applier.batch) {
            // One call per version pair; when it fails (all or nothing), each file is applied alone to attribute it.
            for (const group of groupByPair(variants)) {
              const batchFile = path.join(patchDir, `batch-${group[0].index}.patch`);
              writeFileSync(batchFile, group.map((variant) => variant.patch).join(''));
              if (await applier.run({ directory, patchFile: batchFile })) {
                for (const variant of group) record(variant, true);
              } else {
                for (const variant of group) await applyOne(variant);
              }
            }
            if (className === 'clean')
              outcome.milliseconds = await timeSingleFiles(applier, variants, classDir);
          } else {
            for (const variant of variants) await applyOne(variant);
          }
          results[className].tools[toolName] = {
            successPercent: variants.length === 0 ? Number.NaN : (100 * outcome.succeeded) / variants.length,
            succeeded: outcome.succeeded,
            claimedButWrong: outcome.claimedButWrong,
            medianMs: median(outcome.milliseconds),
            milliseconds: outcome.milliseconds.map((value) => round(value, 3)),
          };
          rmSync(directory, { recursive: true, force: true });
        }
        context.log(
          `${className} (${variants.length}): ${Object.entries(results[className].tools)
            .map(([tool, figures]) => `${tool} ${round(figures.successPercent, 3)}%`)
            .join(', ')}`,
        );
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    const rows = successRows(results, cliWhy);
    rows.push(...timingRows(results, cliWhy, engineWhy));
    return {
      rows,
      details: { corpusFiles: cases.length, results },
      extraTables: [
        { title: 'Patch application: success rate (median ms per file)', markdown: matrix(results) },
      ],
    };
  },
};

const baselineTools = ['git apply', 'git apply --3way', 'GNU patch', 'jsdiff applyPatch'];

function successRows(results, cliWhy) {
  const rows = [];
  for (const [className, result] of Object.entries(results)) {
    const best = baselineTools
      .map((name) => ({ name, value: result.tools[name].successPercent }))
      .reduce((left, right) => (right.value > left.value ? right : left));
    const targetText = className === 'clean' ? '100% and ≥ best baseline' : '≥ best baseline';
    const common = {
      suite: 'patch',
      measure: `success, ${className} (${result.cases} files)`,
      unit: '%',
      better: 'higher',
      subject: 'wright apply (CLI)',
      baseline: { name: `best baseline: ${best.name}`, value: best.value },
    };
    const wright = result.tools['wright apply (CLI)'];
    if (wright === undefined) {
      rows.push(missingRow({ ...common, target: { text: targetText, met: null }, why: cliWhy }));
      continue;
    }
    const met =
      wright.successPercent >= best.value && (className !== 'clean' || wright.successPercent === 100);
    const note =
      wright.claimedButWrong > 0 ? `${wright.claimedButWrong} reported success but were wrong` : undefined;
    rows.push(makeRow({ ...common, value: wright.successPercent, target: { text: targetText, met }, note }));
  }
  return rows;
}

function timingRows(results, cliWhy, engineWhy) {
  const all = (tool) => results.clean.tools[tool]?.milliseconds ?? [];
  const pairs = [
    ['wright apply (CLI)', 'git apply', cliWhy],
    ['wright apply (CLI)', 'GNU patch', cliWhy],
    ['Wright engine (in-process)', 'jsdiff applyPatch', engineWhy],
  ];
  return pairs.map(([subject, baseline, why]) => {
    const common = {
      suite: 'patch',
      measure: 'time per file patch (clean class)',
      unit: 'ms',
      better: 'lower',
      subject,
      baseline: { name: baseline, value: median(all(baseline)) },
    };
    if (why !== undefined) return missingRow({ ...common, why });
    return makeRow({ ...common, value: median(all(subject)) });
  });
}

function matrix(results) {
  const tools = [...new Set(Object.values(results).flatMap((result) => Object.keys(result.tools)))];
  const lines = [
    `| Class | Files | ${tools.join(' | ')} |`,
    `| --- | --- |${tools.map(() => ' --- |').join('')}`,
  ];
  for (const [className, result] of Object.entries(results)) {
    const cells = tools.map((tool) => {
      const figures = result.tools[tool];
      if (figures === undefined) return 'n/a';
      const wrong = figures.claimedButWrong > 0 ? `, ${figures.claimedButWrong} wrong` : '';
      const time = Number.isFinite(figures.medianMs) ? `${round(figures.medianMs, 2)} ms` : 'batched';
      return `${round(figures.successPercent, 3)}% (${time}${wrong})`;
    });
    lines.push(`| ${className} | ${result.cases} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function groupByPair(variants) {
  const groups = new Map();
  for (const variant of variants) {
    const pair = variant.path.split('/')[0];
    groups.set(pair, [...(groups.get(pair) ?? []), variant]);
  }
  return [...groups.values()];
}

/** Per-file timing for a batched applier: up to 12 clean single-file calls in a fresh directory. */
async function timeSingleFiles(applier, variants, classDir) {
  const directory = path.join(classDir, 'single-file-timing');
  const sample = variants.slice(0, 12);
  writeTargets(directory, sample);
  const milliseconds = [];
  for (const variant of sample) {
    const started = performance.now();
    await applier.run({
      directory,
      patchFile: variant.patchFile,
      patch: variant.patch,
      filePath: variant.path,
    });
    milliseconds.push(performance.now() - started);
  }
  rmSync(directory, { recursive: true, force: true });
  return milliseconds;
}

function writeTargets(directory, variants) {
  for (const variant of variants) {
    const file = path.join(directory, variant.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, variant.target);
  }
}

/** git apply --3way needs a repository whose index holds the files and whose object store holds the preimages. */
function prepareRepository(directory, classDir, variants) {
  git(['init', '-q'], { cwd: directory });
  git(['add', '-A'], { cwd: directory });
  const preimageDir = path.join(classDir, 'preimages');
  mkdirSync(preimageDir, { recursive: true });
  const files = variants.map((variant) => {
    const file = path.join(preimageDir, String(variant.index));
    writeFileSync(file, variant.preimage);
    return file;
  });
  const stored = git(['hash-object', '-w', '--stdin-paths'], { cwd: directory, input: files.join('\n') });
  if (stored.status !== 0) throw new Error(`git hash-object failed: ${stored.stderr}`);
}

function cliCheck(cliBin) {
  if (!existsSync(cliBin)) return 'packages/cli/dist/bin.js is not built';
  return undefined;
}
