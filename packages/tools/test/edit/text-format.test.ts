import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/text/decode-text.js';
import { encodeText } from '../../src/text/encode-text.js';

const bytesOf = (text: string) => new TextEncoder().encode(text);
const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
const withBom = (bytes: Uint8Array) => new Uint8Array([...bom, ...bytes]);

// Lines of arbitrary Unicode text (no line breaks inside) joined by arbitrary endings.
const textFile = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.string({ unit: 'grapheme' }).map((line) => line.replace(/[\r\n\0]/g, '')),
        fc.constantFrom('\n', '\r\n', '\r'),
      ),
    ),
    fc.boolean(),
  )
  .map(([lines, finalNewline]) => {
    const joined = lines.map(([line, ending]) => line + ending).join('');
    return finalNewline || lines.length === 0 ? joined : joined + 'tail';
  });

describe('decodeText / encodeText', () => {
  it('is the identity for every UTF-8 text file (any endings, BOM or not, final newline or not)', () => {
    fc.assert(
      fc.property(textFile, fc.boolean(), (content, hasBom) => {
        const bytes = hasBom ? withBom(bytesOf(content)) : bytesOf(content);
        const decoded = decodeText(bytes);
        expect(decoded.text).not.toMatch(/\r/);
        expect(decoded.format.bom).toBe(hasBom);
        expect(encodeText(decoded.text, decoded.format, decoded.text)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('is the identity for uniform files even without the original text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string().map((line) => line.replace(/[\r\n\0]/g, ''))),
        fc.constantFrom('\n', '\r\n'),
        (lines, eol) => {
          const bytes = bytesOf(lines.join(eol));
          const decoded = decodeText(bytes);
          expect(encodeText(decoded.text, decoded.format)).toEqual(bytes);
        },
      ),
    );
  });

  it('reports the dominant ending, BOM and final newline', () => {
    const decoded = decodeText(withBom(bytesOf('a\r\nb\r\nc')));
    expect(decoded).toEqual({ text: 'a\nb\nc', format: { eol: '\r\n', bom: true, finalNewline: false } });
    expect(decodeText(bytesOf('')).format).toEqual({ eol: '\n', bom: false, finalNewline: false });
  });

  it('keeps each untouched line of a mixed file on its own ending; new lines get the dominant one', () => {
    const decoded = decodeText(bytesOf('one\r\ntwo\rthree\nfour\r\n'));
    expect(decoded.format.eol).toBe('\r\n');
    const edited = decoded.text.replace('three', 'THREE').replace('one\n', 'zero\none\n');
    expect(new TextDecoder().decode(encodeText(edited, decoded.format, decoded.text))).toBe(
      'zero\r\none\r\ntwo\rTHREE\r\nfour\r\n',
    );
  });

  it('converts edited CRLF text back to CRLF', () => {
    const decoded = decodeText(bytesOf('a\r\nb\r\n'));
    expect(new TextDecoder().decode(encodeText('a\nB\nc\n', decoded.format, decoded.text))).toBe(
      'a\r\nB\r\nc\r\n',
    );
  });

  it('refuses binary, UTF-16 and invalid UTF-8 content', () => {
    expect(() => decodeText(new Uint8Array([0x61, 0, 0x62]), 'x.bin')).toThrow(/x.bin looks binary/);
    expect(() => decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0]), 'u.txt')).toThrow(/UTF-16/);
    expect(() => decodeText(new Uint8Array([0x61, 0xc3, 0x28]), 'bad.txt')).toThrow(/not valid UTF-8/);
  });
});
