import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitEnvironment } from '../lib/git.mjs';
import { editedFiles, ensureLargeRepo, resetRepository } from '../lib/large-repo.mjs';
import { median, round } from '../lib/stats.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';
import { loadPiece } from '../lib/wright.mjs';

/**
 * Suite: the runner at monorepo scale. The same scripted 10-step edit session (one `write_file` per step, then one
 * `shell` step) runs through the real CLI in a one-file repository and in a large one (the search tree committed:
 * 50k+ tracked files, 200+ MB of real content), and the two are compared as ratios in one run: time to the first
 * model request, the gap between a turn's end and the next request, snapshot store growth, and the checkpoint's
 * per-step cost next to `git status` in the same repository.
 */
export const suite = {
  id: 'large-repo',
  title: 'Runner at monorepo scale',
  async run(context) {
    const bin = path.join(context.repoRoot, 'packages/cli/dist/bin.js');
    const testing = await loadPiece('@wright/testing', 'startScriptedServer');
    const common = { suite: 'large-repo', better: 'lower' };
    if (!existsSync(bin) || testing.value === undefined) {
      const why = testing.why ?? 'packages/cli/dist/bin.js not built';
      return {
        rows: [missingRow({ ...common, measure: 'session', unit: 'ms', subject: 'wright run', why })],
      };
    }
    const large = ensureLargeRepo(context.cacheDir, context.log);
    context.log(`large repository: ${large.files} tracked files, ${(large.bytes / 1e6).toFixed(0)} MB`);
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'wright-bench-large-'));
    try {
      const small = path.join(scratch, 'one-file');
      mkdirSync(small);
      writeFileSync(path.join(small, 'index.js'), 'export const value = 1;\n');
      for (const args of [
        ['init', '-q', '-b', 'main'],
        ['add', '-A'],
        ['commit', '-q', '-m', 'one file'],
      ]) {
        spawnSync('git', args, { cwd: small, env: gitEnvironment });
      }
      const rounds = context.quick ? 1 : 2;
      const runs = { small: [], large: [] };
      for (let index = 0; index < rounds; index++) {
        for (const [name, root, files] of [
          ['small', small, editedFiles.map(() => 'index.js')],
          ['large', large.root, editedFiles],
        ]) {
          resetRepository(root);
          runs[name].push(
            await runSession({ bin, root, files, scratch, startScriptedServer: testing.value }),
          );
          resetRepository(root);
          context.log(`${name} round ${index + 1}: ${JSON.stringify(runs[name].at(-1).summary)}`);
        }
      }
      const gitStatusMs = timeGitStatus(large.root, 5);
      const pick = (name, key) => median(runs[name].map((run) => run.summary[key]));
      const figures = {
        firstRequestMs: { small: pick('small', 'firstRequestMs'), large: pick('large', 'firstRequestMs') },
        gapMs: { small: pick('small', 'gapMs'), large: pick('large', 'gapMs') },
        checkpointMs: { small: pick('small', 'checkpointMs'), large: pick('large', 'checkpointMs') },
        shellMs: { small: pick('small', 'shellMs'), large: pick('large', 'shellMs') },
        commandMs: { small: pick('small', 'commandMs'), large: pick('large', 'commandMs') },
        storeMB: { small: pick('small', 'storeMB'), large: pick('large', 'storeMB') },
        sessionMB: { small: pick('small', 'sessionMB'), large: pick('large', 'sessionMB') },
        gitStatusMs,
      };
      const oneFile = (value) => ({ name: 'one-file repo', value });
      /** A per-step cost in the large repository, against one `git status` there, with the one-file figure. */
      const againstGitStatus = (measure, figure) =>
        makeRow({
          ...common,
          measure,
          unit: 'ms',
          subject: `${large.files} files`,
          value: figure.large,
          baseline: { name: 'git status', value: gitStatusMs },
          note: `one-file repo: ${round(figure.small)} ms`,
        });
      const rows = [
        makeRow({
          ...common,
          measure: 'time to first model request',
          unit: 'ms',
          subject: `${large.files} files`,
          value: figures.firstRequestMs.large,
          baseline: oneFile(figures.firstRequestMs.small),
          target: {
            text: '≤ one-file + 1500 ms',
            met: figures.firstRequestMs.large - figures.firstRequestMs.small <= 1500,
          },
          note: `+${Math.round(figures.firstRequestMs.large - figures.firstRequestMs.small)} ms`,
        }),
        makeRow({
          ...common,
          measure: 'median turn-end → next request',
          unit: 'ms',
          subject: `${large.files} files`,
          value: figures.gapMs.large,
          baseline: oneFile(figures.gapMs.small),
          target: { text: '≤ 1.5× one-file', met: figures.gapMs.large <= 1.5 * figures.gapMs.small },
        }),
        makeRow({
          ...common,
          measure: 'snapshot store after the session',
          unit: 'MB',
          subject: `${large.files} files`,
          value: figures.storeMB.large,
          baseline: oneFile(figures.storeMB.small),
          target: { text: '< 5 MB', met: figures.storeMB.large < 5 },
        }),
        makeRow({
          ...common,
          measure: 'session files after the session (journal, ledger, index caches)',
          unit: 'MB',
          subject: `${large.files} files`,
          value: figures.sessionMB.large,
          baseline: oneFile(figures.sessionMB.small),
        }),
        againstGitStatus('checkpoint per edit step (background)', figures.checkpointMs),
        againstGitStatus(
          'shell step, wall (`true`; waits for the previous checkpoint first)',
          figures.shellMs,
        ),
        againstGitStatus('command step (`true`, sandboxed): scans before and after', figures.commandMs),
      ];
      return {
        rows,
        details: { files: large.files, bytes: large.bytes, rounds, figures, runs },
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

/** One scripted session through the CLI: 10 write_file steps, one shell step, then an answer. */
async function runSession({ bin, root, files, scratch, startScriptedServer }) {
  const requestTimes = [];
  const contents = files.map((file, step) => {
    const original = readFileSync(path.join(root, file), 'utf8');
    return `${original}\n// bench edit ${step + 1}\n`;
  });
  const turn = () => {
    requestTimes.push(Date.now());
    const step = requestTimes.length;
    if (step <= files.length) {
      return {
        toolCalls: [
          { name: 'write_file', arguments: { path: files[step - 1], content: contents[step - 1] } },
        ],
      };
    }
    if (step === files.length + 1) return { toolCalls: [{ name: 'shell', arguments: { command: 'true' } }] };
    return { content: 'Edited every file.' };
  };
  const server = await startScriptedServer({ turns: [turn], loop: true });
  const home = mkdtempSync(path.join(scratch, 'home-'));
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    WRIGHT_HOME: path.join(home, 'wright'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    ZAI_API_KEY: 'bench-key',
    NO_COLOR: '1',
  };
  const started = Date.now();
  const output = await new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'run',
        '--json',
        '--lsp',
        'off',
        '--approval',
        'full',
        '--base-url',
        server.baseUrl,
        'edit the files',
      ],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`wright run exit ${code}: ${stderr}`)),
    );
  });
  await server.close();
  const events = output
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const turnEnds = events.filter((event) => event.type === 'turn-end');
  const gaps = turnEnds
    .map((event, index) => requestTimes[index + 1] - event.time)
    .filter((gap) => Number.isFinite(gap));
  const checkpoints = events.filter((event) => event.type === 'checkpoint');
  const checkpointCosts = checkpoints.map((checkpoint) => {
    const turnEnd = turnEnds.findLast((event) => event.time <= checkpoint.time);
    return checkpoint.time - turnEnd.time;
  });
  const shellStart = events.find((event) => event.type === 'tool-exec-start' && event.name === 'shell');
  const shellEnd = events.find((event) => event.type === 'tool-exec-end' && event.name === 'shell');
  const projects = path.join(env.WRIGHT_HOME, 'projects');
  const [project] = readdirSync(projects);
  const size = (directory) =>
    Number(execFileSync('du', ['-sb', directory], { encoding: 'utf8' }).split('\t')[0]);
  const storeBytes = size(path.join(projects, project, 'snapshots.git'));
  const sessionBytes = size(path.join(projects, project, 'sessions'));
  rmSync(home, { recursive: true, force: true });
  return {
    summary: {
      firstRequestMs: requestTimes[0] - started,
      gapMs: median(gaps),
      checkpointMs: median(checkpointCosts),
      checkpoints: checkpoints.length,
      shellMs: shellStart && shellEnd ? shellEnd.time - shellStart.time : Number.NaN,
      // The shell tool first waits for the previous step's checkpoint (with a real model that wait is hidden behind
      // the request); what the command step itself costs starts once that checkpoint is recorded.
      commandMs:
        shellStart && shellEnd
          ? shellEnd.time -
            Math.max(
              shellStart.time,
              checkpoints.findLast((checkpoint) => checkpoint.time <= shellEnd.time)?.time ?? 0,
            )
          : Number.NaN,
      storeMB: round(storeBytes / 1e6),
      sessionMB: round(sessionBytes / 1e6),
    },
    gaps,
    checkpointCosts,
  };
}

/** Median wall time of `git status --porcelain` (after one warm-up run). */
function timeGitStatus(root, runs) {
  const samples = [];
  for (let index = 0; index <= runs; index++) {
    const started = process.hrtime.bigint();
    spawnSync('git', ['status', '--porcelain'], { cwd: root, env: gitEnvironment, stdio: 'ignore' });
    if (index > 0) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}
