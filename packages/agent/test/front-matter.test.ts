import { parseFrontMatter, textField } from '@wright/agent/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('parseFrontMatter', () => {
  it('splits YAML front matter from the body (Agent Skills and Claude Code files)', () => {
    const text =
      '---\nname: review\ndescription: >\n  Reviews a change\n  for bugs.\nallowed-tools: [Read, Grep]\n---\n# Review\n\nSteps.\n';
    const parsed = parseFrontMatter(text);
    expect(parsed).toEqual({
      ok: true,
      document: {
        fields: {
          name: 'review',
          description: 'Reviews a change for bugs.\n',
          'allowed-tools': ['Read', 'Grep'],
        },
        body: '# Review\n\nSteps.\n',
        hasFrontMatter: true,
      },
    });
    if (parsed.ok)
      expect(textField(parsed.document.fields, 'description')).toBe('Reviews a change for bugs.');
  });

  it('takes a file without front matter as all body, and handles BOM, CRLF and an empty block', () => {
    expect(parseFrontMatter('Just a prompt: $ARGUMENTS\n')).toEqual({
      ok: true,
      document: { fields: {}, body: 'Just a prompt: $ARGUMENTS\n', hasFrontMatter: false },
    });
    const crlf = parseFrontMatter('\uFEFF---\r\ndescription: Hi\r\n---\r\nBody\r\n');
    expect(crlf.ok && crlf.document).toEqual({
      fields: { description: 'Hi' },
      body: 'Body\r\n',
      hasFrontMatter: true,
    });
    const empty = parseFrontMatter('---\n---\nBody');
    expect(empty.ok && empty.document).toEqual({ fields: {}, body: 'Body', hasFrontMatter: true });
    // A dashes line later in the file is a markdown rule, not front matter.
    expect(parseFrontMatter('Title\n---\nmore').ok && parseFrontMatter('Title\n---\nmore')).toMatchObject({
      document: { hasFrontMatter: false },
    });
  });

  it('reports invalid YAML and non-mapping front matter as messages, never throws', () => {
    expect(parseFrontMatter('---\nname: [unclosed\n---\nx')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the front matter is not valid YAML \(/),
    });
    expect(parseFrontMatter('---\n- a\n- b\n---\nx')).toEqual({
      ok: false,
      message: 'the front matter must be key: value lines',
    });
    fc.assert(
      fc.property(fc.string(), fc.string(), (front, body) => {
        const parsed = parseFrontMatter(`---\n${front}\n---\n${body}`);
        if (parsed.ok) expect(typeof parsed.document.fields).toBe('object');
        else expect(parsed.message).toMatch(/^the front matter/);
      }),
    );
  });

  it('treats YAML tags as data (no code runs)', () => {
    const parsed = parseFrontMatter('---\nname: !!js/function "function () { return 1 }"\n---\n');
    if (parsed.ok) expect(typeof parsed.document.fields.name).not.toBe('function');
  });
});
