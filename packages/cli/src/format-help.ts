import type { CommandDefinition } from './command-definition.js';

/** The text of `wright <command> --help`. */
export function formatCommandHelp(definition: CommandDefinition): string {
  const lines = [`Usage: wright ${definition.usage}`, '', definition.summary];
  if (definition.details !== undefined) lines.push('', definition.details.trimEnd());
  const entries = Object.entries(definition.options).map(([name, option]) => {
    const short = option.short === undefined ? '    ' : `-${option.short}, `;
    const value = option.type === 'string' ? ` ${option.valueName ?? '<value>'}` : '';
    return { left: `${short}--${name}${value}`, right: option.description };
  });
  entries.push({ left: '-h, --help', right: 'Show this help.' });
  const width = Math.max(...entries.map((entry) => entry.left.length)) + 2;
  lines.push('', 'Options:');
  for (const entry of entries) lines.push(`  ${entry.left.padEnd(width)}${entry.right}`);
  if (definition.examples !== undefined && definition.examples.length > 0) {
    lines.push('', 'Examples:');
    // An example that is a pipeline (`git diff | wright apply -`) already names wright where it belongs.
    for (const example of definition.examples)
      lines.push(`  ${/\bwright /.test(example) ? example : `wright ${example}`}`);
  }
  return `${lines.join('\n')}\n`;
}
