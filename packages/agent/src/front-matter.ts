import { parse as parseYaml } from 'yaml';

/** A markdown file split into its front matter and its body. */
export type FrontMatterDocument = {
  /** The front matter's keys (an empty object when the file has none). */
  fields: Record<string, unknown>;
  /** The text after the front matter (the whole text when there is none), with a BOM removed. */
  body: string;
  /** True when the file starts with a `---` block. */
  hasFrontMatter: boolean;
};

/** The parse outcome: the document, or a message saying what is wrong with its front matter. */
export type FrontMatterResult = { ok: true; document: FrontMatterDocument } | { ok: false; message: string };

const frontMatterPattern = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/**
 * Splits a markdown file with optional YAML front matter (a `---` line, YAML, a `---` line, at the very top: the
 * format of Agent Skills' SKILL.md, Claude Code's commands and agents). The YAML must be a mapping; parsing is
 * `yaml`'s safe default (no custom tags, no code). Text without a front matter block is all body.
 */
export function parseFrontMatter(text: string): FrontMatterResult {
  const source = text.replace(/^\uFEFF/, '');
  const match = frontMatterPattern.exec(source);
  if (match === null) return { ok: true, document: { fields: {}, body: source, hasFrontMatter: false } };
  let data: unknown;
  try {
    // Warnings (an unknown tag, say) would go to process stderr; the file's text is only data here.
    data = parseYaml(match[1] ?? '', { logLevel: 'error' });
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return { ok: false, message: `the front matter is not valid YAML (${reason})` };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, message: 'the front matter must be key: value lines' };
  }
  return {
    ok: true,
    document: {
      fields: data as Record<string, unknown>,
      body: source.slice(match[0].length),
      hasFrontMatter: true,
    },
  };
}

/** A front matter field as one line of text: a string with its whitespace collapsed, else undefined. */
export function textField(fields: Record<string, unknown>, key: string): string | undefined {
  const value = fields[key];
  if (typeof value !== 'string') return undefined;
  const line = value.replace(/\s+/g, ' ').trim();
  return line === '' ? undefined : line;
}
