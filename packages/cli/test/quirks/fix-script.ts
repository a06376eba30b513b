import type { Quirk, ScriptedTurn } from '@wright/testing';

/** Reasoning with Chinese, an emoji and a leading space: it must come back byte for byte. */
export const readReasoning = ' 先看一下 range 的实现 🔍, then fix the bound.';
export const editReasoning = '循环条件 `value < end - 1` 少了最后一个数; end is exclusive.';
export const answerText = 'Fixed the loop bound in src/range.js: range(1, 4) now returns [1, 2, 3].';

export const readTurn = (quirks: Quirk[] = [], extra: Partial<ScriptedTurn> = {}): ScriptedTurn => ({
  reasoning: readReasoning,
  toolCalls: [{ id: 'call_read', name: 'read_file', arguments: { path: 'src/range.js' } }],
  quirks,
  ...extra,
});

export const editTurn = (quirks: Quirk[] = [], extra: Partial<ScriptedTurn> = {}): ScriptedTurn => ({
  reasoning: editReasoning,
  toolCalls: [
    {
      id: 'call_edit',
      name: 'edit_file',
      arguments: { path: 'src/range.js', old_string: 'value < end - 1;', new_string: 'value < end;' },
    },
  ],
  quirks,
  ...extra,
});

export const answerTurn = (quirks: Quirk[] = [], extra: Partial<ScriptedTurn> = {}): ScriptedTurn => ({
  reasoning: 'The fix is in place.',
  content: answerText,
  quirks,
  ...extra,
});

/** The three turns of the fix, each with the same quirks. */
export const fixTurns = (quirks: Quirk[] = []): ScriptedTurn[] => [
  readTurn(quirks),
  editTurn(quirks),
  answerTurn(quirks),
];
