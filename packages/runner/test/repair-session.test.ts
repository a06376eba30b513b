import { access, readFile, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFileChange } from '../src/change-ledger.js';
import { readJournalLines } from '../src/journal-file.js';
import { openWorkspace } from '../src/open-workspace.js';
import { repairSession } from '../src/repair-session.js';
import { makeRepository } from './helpers/temp-repository.js';
import { useScratchDirectory } from './helpers/use-scratch-directory.js';

const scratch = useScratchDirectory();

const bytes = (text: string) => Buffer.from(text);
const envelope = (seq: number, turn: number) => ({ runId: 'run-1', sessionId: 's-1', seq, turn, time: 0 });

describe('repairSession', () => {
  it('undoes a change interrupted mid-apply and cuts the journal back to whole turns', async () => {
    const root = await makeRepository(scratch.path, {
      'one.txt': 'one\n',
      'two.txt': 'two\n',
      'three.txt': 'three\n',
    });
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'in-place',
      sessionId: 's-1',
      dataDirectory: nodePath.join(scratch.path, 'data'),
    });
    workspace.setStep(1);
    await workspace.applyChanges([{ path: 'one.txt', before: bytes('one\n'), after: bytes('one!\n') }], {
      toolName: 'write_file',
      callId: 'kept',
    });
    const journalPath = workspace.store.journalPath('s-1');
    const events = [
      { ...envelope(0, 0), type: 'run-start', model: 'm', provider: 'p', messageCount: 1, resumed: false },
      { ...envelope(1, 0), type: 'message', message: { role: 'user', content: 'go' } },
      { ...envelope(2, 1), type: 'turn-start', thinking: true },
      { ...envelope(3, 1), type: 'message', message: { role: 'tool', toolCallId: 'kept', content: 'ok' } },
      { ...envelope(4, 1), type: 'turn-end', usage: {}, cacheHitRate: 0, contextTokens: 0, cost: 0 },
      { ...envelope(5, 2), type: 'turn-start', thinking: true },
      { ...envelope(6, 2), type: 'message', message: { role: 'assistant', content: '' } },
    ];
    await writeFile(
      journalPath,
      events.map((event) => `${JSON.stringify(event)}\n`).join('') + '{"type":"tool-ex',
    );

    // A two-file change whose intent was written, then the process died after the first file.
    const changes = [
      { path: 'two.txt', before: bytes('two\n'), after: bytes('two!\n') },
      { path: 'three.txt', before: bytes('three\n'), after: bytes('three!\n') },
    ];
    for (const change of changes) {
      await workspace.ledger.storeBlob(change.before);
      await workspace.ledger.storeBlob(change.after);
    }
    await workspace.ledger.append({
      type: 'intent',
      id: 'crashed',
      step: 2,
      toolName: 'apply_patch',
      callId: 'lost',
      time: 0,
      files: changes.map((change) => describeFileChange(change.path, change.before, change.after)),
    });
    await writeFile(nodePath.join(root, 'two.txt'), 'two!\n');
    await writeFile(nodePath.join(root, '.three.txt.wright-crashed.tmp'), 'three!\n');

    const report = await repairSession(workspace, journalPath);
    expect(report).toEqual({ droppedEvents: 2, revertedFiles: ['two.txt'], warnings: [], steps: 1 });
    expect(await readFile(nodePath.join(root, 'one.txt'), 'utf8')).toBe('one!\n');
    expect(await readFile(nodePath.join(root, 'two.txt'), 'utf8')).toBe('two\n');
    expect(await readFile(nodePath.join(root, 'three.txt'), 'utf8')).toBe('three\n');
    await expect(access(nodePath.join(root, '.three.txt.wright-crashed.tmp'))).rejects.toThrow();
    const journal = await readJournalLines(journalPath);
    expect(journal.events.map((event) => event.type).at(-1)).toBe('turn-end');
    expect((await workspace.ledger.read()).changes.map((change) => change.status)).toEqual([
      'done',
      'reverted',
    ]);

    // Repairing again finds nothing left to do (nothing is undone twice).
    await writeFile(
      journalPath,
      `${await readFile(journalPath, 'utf8')}${JSON.stringify({ ...envelope(5, 1), type: 'run-end' })}\n`,
    );
    expect(await repairSession(workspace, journalPath)).toBeNull();
  });

  it('leaves a file alone, with a warning, when it changed since the interrupted step', async () => {
    const root = await makeRepository(scratch.path, { 'x.txt': 'x\n' }, 'warn');
    const workspace = await openWorkspace({
      cwd: root,
      mode: 'in-place',
      sessionId: 's-2',
      dataDirectory: nodePath.join(scratch.path, 'data'),
    });
    workspace.setStep(1);
    await workspace.applyChanges([{ path: 'x.txt', before: bytes('x\n'), after: bytes('x!\n') }], {
      toolName: 'write_file',
      callId: 'never-journaled',
    });
    await writeFile(nodePath.join(root, 'x.txt'), 'edited by hand\n');
    const report = await repairSession(workspace, workspace.store.journalPath('s-2'));
    expect(report?.warnings).toEqual(['x.txt changed since the interrupted step; left as it is.']);
    expect(await readFile(nodePath.join(root, 'x.txt'), 'utf8')).toBe('edited by hand\n');
  });
});
