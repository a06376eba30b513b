import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeTerminalText } from '../../src/render/sanitize-terminal-text.js';
import { createStreamSanitizer } from '../../src/render/stream-sanitizer.js';
import { exactly, fileName, untrusted, untrustedLine } from '../../src/render/terminal-text.js';

// Any C0 control but \n and \t, DEL, any C1 control: none may survive sanitising.
const forbidden = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const bidiControl = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('the terminal sanitiser', () => {
  it('removes CSI, OSC 52, OSC 8, DCS, APC, PM, SOS and two-character escapes, in 7-bit and 8-bit forms', () => {
    const cases: Array<[string, string]> = [
      ['a\u001b[2Kb', 'ab'],
      ['a\u001b[31;1mred\u001b[0m', 'ared'],
      ['\u001b[?25lhidden cursor', 'hidden cursor'],
      ['copy\u001b]52;c;ZWNobyBoaQ==\u0007 done', 'copy done'],
      ['copy\u001b]52;c;ZWNobyBoaQ==\u001b\\ done', 'copy done'],
      ['\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
      ['\u001bP+q544e\u001b\\x', 'x'],
      ['\u001b_apc payload\u001b\\x', 'x'],
      ['\u001b^pm\u001b\\x', 'x'],
      ['\u001bXsos\u001b\\x', 'x'],
      ['\u001bc\u001b(B\u001b7\u001bMx', 'x'],
      ['\u009b2Kx', 'x'],
      ['\u009d52;c;aGk=\u009cx', 'x'],
      ['\u0090q\u009cx', 'x'],
      ['bell\u0007 back\bspace del\u007f nul\u0000', 'bell backspace del nul'],
    ];
    for (const [input, expected] of cases) expect(sanitizeTerminalText(input)).toBe(expected);
  });

  it('never lets \\r return to the line start, and keeps \\n and \\t', () => {
    expect(sanitizeTerminalText('safe\r✓ check passed')).toBe('safe\n✓ check passed');
    expect(sanitizeTerminalText('line one\r\nline two\tx')).toBe('line one\nline two\tx');
    expect(untrustedLine('a\r\nb\tc\rd')).toBe('a b c d');
  });

  it('keeps the payload of an unterminated string sequence visible rather than hiding the rest', () => {
    expect(sanitizeTerminalText('\u001b]52;c;secret text')).toBe('52;c;secret text');
  });

  it('shows bidi controls (Trojan Source) and line separators visibly', () => {
    expect(sanitizeTerminalText('if (admin\u202e } \u2066')).toBe('if (admin<U+202E> } <U+2066>');
    expect(sanitizeTerminalText('a\u2028b')).toBe('a<U+2028>b');
  });

  it('escapes instead of removing when a person must see exactly what runs', () => {
    expect(exactly('rm -rf \u001b[8m/\u001b[0m x')).toBe('rm -rf \\x1b[8m/\\x1b[0m x');
    expect(exactly('echo \u009b2K')).toBe('echo \\x9b2K');
  });

  it('leaves ordinary text untouched, Unicode included', () => {
    const text = 'Fixed `range()` ✓ — naïve café 日本語 🎉\n\tindented';
    expect(untrusted(text)).toBe(text);
  });

  it('no input yields a control character, an ESC or a bidi control (fast-check)', () => {
    const pieces = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '\u001b',
        '\u001b[',
        '\u001b]',
        '\u001bP',
        '\u009b',
        '\u009d',
        '\u009c',
        '\u0007',
        '\r',
        '\n',
        '\u202e',
        '\u2066',
        '\u0085',
        '\\',
      ),
      fc.integer({ min: 0, max: 0xff }).map((code) => String.fromCharCode(code)),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), fc.boolean(), (parts, escaping) => {
        const input = parts.join('');
        for (const output of [
          sanitizeTerminalText(input, { controls: escaping ? 'escape' : 'remove' }),
          untrustedLine(input),
          fileName(input),
        ]) {
          expect(output).not.toMatch(forbidden);
          expect(output).not.toMatch(bidiControl);
          expect(output.includes('\r')).toBe(false);
        }
        expect(untrustedLine(input)).not.toContain('\n');
        expect(fileName(input)).not.toContain('\n');
      }),
      { numRuns: 2000 },
    );
  });

  it('runs in linear time on long hostile input', () => {
    const hostile = '\u001b['.repeat(200_000) + '\u001b]'.repeat(200_000);
    expect(sanitizeTerminalText(hostile).length).toBeLessThan(hostile.length);
  });
});

describe('file names', () => {
  it('are shown as they are when ordinary, else quoted with visible escapes', () => {
    expect(fileName('src/range.js')).toBe('src/range.js');
    expect(fileName('my file.txt')).toBe('my file.txt');
    expect(fileName('evil\u001b[2K.js')).toBe('"evil\\x1b[2K.js"');
    expect(fileName('a\nb')).toBe('"a\\nb"');
    expect(fileName('\u202egnp.js')).toBe('"\\u202egnp.js"');
    expect(fileName('quo"te\\')).toBe('"quo\\"te\\\\"');
  });
});

describe('the stream sanitiser', () => {
  it('removes a sequence split between chunks whole, and joins a \\r\\n split between chunks', () => {
    const stream = createStreamSanitizer();
    const chunks = [
      'Done. \u001b',
      ']52;c;Y3Vy',
      'bA==\u0007copied\u001b[',
      '2K line\r',
      '\nnext\u009b',
      '31mred',
    ];
    const output = chunks.map((chunk) => stream.push(chunk)).join('') + stream.end();
    expect(output).toBe('Done. copied line\nnextred');
  });

  it('gives up holding a sequence that never ends, showing its text', () => {
    const stream = createStreamSanitizer();
    const first = stream.push(`\u001b]52;c;${'A'.repeat(70_000)}`);
    expect(first).toBe(`52;c;${'A'.repeat(70_000)}`);
    expect(stream.push('tail')).toBe('tail');
  });

  it('any split of any text still gives safe output (fast-check)', () => {
    const alphabet = fc.constantFrom(
      'a',
      ' ',
      '\n',
      '\r',
      '\u001b',
      '[',
      ']',
      '2',
      'K',
      ';',
      '\u0007',
      '\\',
      '\u009b',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.array(fc.nat(40)), (characters, cuts) => {
        const text = characters.join('');
        const points = [...new Set(cuts.map((cut) => Math.min(cut, text.length)))].sort((a, b) => a - b);
        const stream = createStreamSanitizer();
        let previous = 0;
        let output = '';
        for (const point of [...points, text.length]) {
          output += stream.push(text.slice(previous, point));
          previous = point;
        }
        output += stream.end();
        expect(output).not.toMatch(forbidden);
        expect(output.includes('\r')).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
