import { describe, expect, it } from 'vitest';
import { applyEdit, type EditOutcome } from '../../src/edit/apply-edit.js';

function edited(outcome: EditOutcome): string {
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.text;
}

describe('applyEdit', () => {
  it('replaces an exact, unique match inside a line', () => {
    const outcome = applyEdit('const a = 1;\nconst b = 2;\n', { oldString: 'b = 2', newString: 'b = 3' });
    expect(outcome).toMatchObject({
      ok: true,
      strategy: 'exact',
      replacements: [{ line: 2, oldLineCount: 1 }],
    });
    expect(edited(outcome)).toBe('const a = 1;\nconst b = 3;\n');
  });

  it('matches ignoring indentation and trailing whitespace, re-indenting the replacement', () => {
    const text = 'function f() {\n    if (x) {   \n        go();\n    }\n}\n';
    const outcome = applyEdit(text, {
      oldString: 'if (x) {\n    go();\n}\n',
      newString: 'if (y) {\n    stop();\n    go();\n}\n',
    });
    expect(outcome).toMatchObject({ ok: true, strategy: 'whitespace' });
    expect(edited(outcome)).toBe('function f() {\n    if (y) {\n        stop();\n        go();\n    }\n}\n');
  });

  it('keeps a missing final newline when the search implied one', () => {
    expect(edited(applyEdit('  a\n  b', { oldString: 'b\n', newString: 'c\n' }))).toBe('  a\n  c');
  });

  it('matches after folding typographic quotes, dashes and non-breaking spaces', () => {
    const text = 'say(“hello” – world)\u00a0ok\n';
    const outcome = applyEdit(text, { oldString: 'say("hello" - world) ok', newString: 'say("bye")' });
    expect(outcome).toMatchObject({ ok: true, strategy: 'unicode' });
    expect(edited(outcome)).toBe('say("bye")\n');
  });

  it('folds Unicode in whole-line matches too, keeping the file indentation', () => {
    const text = '\t\tlabel = ‘x’\n';
    expect(edited(applyEdit(text, { oldString: "label = 'x'", newString: "label = 'y'" }))).toBe(
      "\t\tlabel = 'y'\n",
    );
  });

  it('refuses several matches, listing them with line numbers, unless replace_all', () => {
    const text = 'x = 1\ny = 2\nx = 1\n';
    const outcome = applyEdit(text, { oldString: 'x = 1', newString: 'x = 9' });
    expect(outcome).toMatchObject({ ok: false, reason: 'ambiguous', candidateLines: [1, 3] });
    expect(outcome.ok || outcome.message).toMatch(/matches 2 places \(lines 1, 3\)[\s\S]*replace_all/);
    expect(edited(applyEdit(text, { oldString: 'x = 1', newString: 'x = 9', replaceAll: true }))).toBe(
      'x = 9\ny = 2\nx = 9\n',
    );
  });

  it('shows the closest real lines when nothing matches', () => {
    const text = 'alpha\nfunction computeTotal(items) {\n  return items.length;\n}\nomega\n';
    const outcome = applyEdit(text, {
      oldString: 'function computeTotals(item) {\n  return item.size;\n}',
      newString: 'x',
    });
    expect(outcome).toMatchObject({ ok: false, reason: 'no-match', candidateLines: [2] });
    expect(outcome.ok || outcome.message).toContain(
      '2\tfunction computeTotal(items) {\n3\t  return items.length;\n4\t}',
    );
  });

  it('refuses identical strings and an empty search on a non-empty file; an empty search fills an empty file', () => {
    expect(applyEdit('a', { oldString: 'a', newString: 'a' })).toMatchObject({
      ok: false,
      reason: 'no-change',
    });
    expect(applyEdit('a', { oldString: '', newString: 'b' })).toMatchObject({
      ok: false,
      reason: 'empty-search',
    });
    expect(edited(applyEdit('', { oldString: '', newString: 'new\n' }))).toBe('new\n');
  });

  it('deletes whole lines when new_string is empty', () => {
    expect(edited(applyEdit('a\n  b\nc\n', { oldString: '  b\n', newString: '' }))).toBe('a\nc\n');
    expect(edited(applyEdit('a\n  b\nc\n', { oldString: 'b \n', newString: '' }))).toBe('a\nc\n');
  });

  it("retries without read_file's line-number prefixes when every line of old_string has one", () => {
    const text = 'def f():\n    x = 1\n    return x\n';
    const outcome = applyEdit(text, {
      oldString: '     2\t    x = 1\n     3\t    return x\n',
      newString: '     2\t    x = 2\n    log(x)\n     3\t    return x\n',
    });
    expect(outcome).toMatchObject({ ok: true, strategy: 'exact', strippedLineNumbers: true });
    expect(edited(outcome)).toBe('def f():\n    x = 2\n    log(x)\n    return x\n');
  });

  it('keeps line-number-like text when some line has no prefix, or when it matches as written', () => {
    const prefixed = applyEdit('a\nb\n', { oldString: '1\ta\nb', newString: 'z' });
    expect(prefixed).toMatchObject({ ok: false, reason: 'no-match' });
    const tabular = applyEdit('id\tname\n1\tann\n', { oldString: '1\tann', newString: '1\tbob' });
    expect(tabular).toMatchObject({ ok: true, strategy: 'exact' });
    expect(tabular.ok && tabular.strippedLineNumbers).toBeFalsy();
    expect(edited(tabular)).toBe('id\tname\n1\tbob\n');
  });

  it('lists every candidate with its line number when the prefixed search is ambiguous', () => {
    const outcome = applyEdit('x\ny\nx\n', { oldString: '     1\tx', newString: 'z' });
    expect(outcome).toMatchObject({ ok: false, reason: 'ambiguous', candidateLines: [1, 3] });
  });
});
