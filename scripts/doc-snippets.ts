// Docs snippets are copies of example code: a fenced block tagged `example:<name>` in a docs page must equal the
// `// #region <name>` … `// #endregion <name>` part of the example sources (indentation aside). The examples' tests
// call this, so a snippet can never drift from code that CI type-checks and runs.

/** What comparing a page with its example sources found. */
export type SnippetCheck = {
  /** Tagged snippets found in the page. */
  count: number;
  /** One line per snippet that has no region or differs from it. */
  problems: string[];
};

/** Compares every ```<lang> example:<name> block of `page` with region <name> of `source`. */
export function checkDocSnippets(page: string, source: string): SnippetCheck {
  const snippets = [...page.matchAll(/```[a-z]+ example:([\w-]+)\n([\s\S]*?)```/g)];
  const problems: string[] = [];
  for (const [, region, code] of snippets) {
    const match = new RegExp(`// #region ${region}\\n([\\s\\S]*?)// #endregion ${region}\\n`).exec(source);
    if (match === null) problems.push(`snippet ${region}: no "// #region ${region}" in the example sources`);
    else if (dedent(code ?? '') !== dedent(match[1] ?? '')) {
      problems.push(`snippet ${region}: differs from the example; copy the region into the page again`);
    }
  }
  return { count: snippets.length, problems };
}

/** Removes the common indentation of the non-empty lines, and surrounding blank lines. */
function dedent(text: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const common = Math.min(...indents);
  return lines.map((line) => line.slice(common)).join('\n');
}
