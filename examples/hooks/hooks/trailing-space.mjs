#!/usr/bin/env node
// post_tool_use hook for file writes: when the file now has lines ending in spaces, tells the model which, through
// `additionalContext` (appended to the tool result it reads). Silent otherwise.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let text = '';
process.stdin.on('data', (chunk) => {
  text += chunk;
});
process.stdin.on('end', () => {
  const event = JSON.parse(text);
  const path = event.tool_input?.path;
  if (typeof path !== 'string' || event.tool_response?.status !== 'ok') return;
  const content = readFileSync(join(event.cwd, path), 'utf8');
  const lines = content
    .split('\n')
    .map((line, index) => (/[ \t]+$/.test(line) ? index + 1 : 0))
    .filter((line) => line > 0);
  if (lines.length === 0) return;
  const additionalContext = `${path} has trailing whitespace on line ${lines.join(', ')}; remove it.`;
  process.stdout.write(
    JSON.stringify({ hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext } }),
  );
});
