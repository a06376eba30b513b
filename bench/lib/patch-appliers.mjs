import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gitEnvironment } from './git.mjs';

/**
 * The patch appliers compared. Each applies one per-file patch (saved at `patchFile`, text `patch`) inside
 * `directory` and returns whether the tool itself reported success. Defaults as a user gets them: no fuzz or
 * whitespace flags beyond each tool's own defaults.
 */
export function createAppliers({ cliBin, wrightTools, jsdiff }) {
  const appliers = {
    'git apply': {
      run: ({ directory, patchFile }) => spawnOk('git', ['apply', '-p1', patchFile], directory),
    },
    'git apply --3way': {
      needsRepository: true,
      run: ({ directory, patchFile }) => spawnOk('git', ['apply', '--3way', '-p1', patchFile], directory),
    },
    'GNU patch': {
      run: ({ directory, patchFile }) =>
        spawnOk(
          'patch',
          ['-p1', '--batch', '--no-backup-if-mismatch', '--reject-file=-', '-s', '-i', patchFile],
          directory,
        ),
    },
    'jsdiff applyPatch': {
      run: ({ directory, patch, filePath }) => {
        const file = path.join(directory, filePath);
        const result = jsdiff.applyPatch(readFileSync(file, 'utf8'), patch);
        if (result === false) return false;
        writeFileSync(file, result);
        return true;
      },
    },
  };
  if (cliBin !== undefined) {
    appliers['wright apply (CLI)'] = {
      wright: true,
      // Node start-up dominates a CLI call, so the suite applies one multi-file patch per version pair first.
      batch: true,
      run: ({ directory, patchFile }) =>
        spawnOk(process.execPath, [cliBin, 'apply', patchFile, '--cwd', directory], directory),
    };
  }
  if (wrightTools !== undefined) {
    appliers['Wright engine (in-process)'] = {
      wright: true,
      run: async ({ directory, patch }) => {
        const workspace = await wrightTools.createFileWorkspace(directory);
        const report = await wrightTools.applyPatchToWorkspace(workspace, patch);
        return report.ok;
      },
    };
  }
  return appliers;
}

function spawnOk(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env: gitEnvironment, stdio: 'ignore' });
  if (result.error) throw result.error;
  return result.status === 0;
}
