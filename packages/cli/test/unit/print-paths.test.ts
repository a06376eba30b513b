import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceRoot = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(sourceRoot).map((path) => ({
  name: relative(sourceRoot, path).replaceAll('\\', '/'),
  text: readFileSync(path, 'utf8'),
}));

/**
 * The terminal sanitiser is only a guarantee if nothing writes around it. These checks keep it that way: the type
 * system makes every writer take TerminalText, and these make sure no code writes to the streams directly.
 */
describe('every print path goes through the sanitiser', () => {
  it('only print-text.ts and terminal-output.ts write to stdout or stderr', () => {
    const rawWrite =
      /\b(?:stdout|stderr)\s*\.\s*write\s*\(|\bconsole\s*\.\s*(?:log|info|warn|error|debug)\s*\(/;
    const allowed = new Set(['render/print-text.ts', 'render/terminal-output.ts', 'bin.ts']);
    const offenders = files.filter((file) => !allowed.has(file.name) && rawWrite.test(file.text));
    expect(offenders.map((file) => file.name)).toEqual([]);
  });

  it('bin.ts only flushes (writes empty strings) and sends console output to stderr', () => {
    const bin = files.find((file) => file.name === 'bin.ts')?.text ?? '';
    const writes = bin.match(/\.write\(([^,)]*)/g) ?? [];
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(write).toBe(".write(''");
  });

  it('terminal-output.ts writes only the text it is given and its own status line codes', () => {
    const output = files.find((file) => file.name === 'render/terminal-output.ts')?.text ?? '';
    const writes = output.match(/(?:stdout|stderr)\.write\([^;]*\);/g) ?? [];
    expect(writes.length).toBeGreaterThan(0);
    const expected = new Set([
      "stdout.write('\\n');",
      'stdout.write(writeOptions?.indent===undefined?text:indented(text,writeOptions.indent,atLineStart));',
      "stderr.write('\\r\\u001b[2K');",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      'stderr.write(`\\r\\u001b[2K${statusText.slice(0,width)}`);',
    ]);
    const compact = writes.map((write) => write.replace(/\s+/g, '').replace(/,\)/g, ')'));
    expect(compact.filter((write) => !expected.has(write))).toEqual([]);
  });

  it('the TerminalText brand is cast only inside the render helpers', () => {
    const allowed = new Set([
      'render/terminal-text.ts',
      'render/style.ts',
      'render/color-diff.ts',
      'chat/ask-approval.ts',
    ]);
    const offenders = files.filter((file) => !allowed.has(file.name) && /as TerminalText\b/.test(file.text));
    expect(offenders.map((file) => file.name)).toEqual([]);
  });
});
