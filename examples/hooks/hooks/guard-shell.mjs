#!/usr/bin/env node
// pre_tool_use hook for `shell`: blocks commands that destroy work or history. Exit code 2 blocks the call and
// stderr is the reason the model reads — the same contract as a Claude Code PreToolUse hook (whose tool is `Bash`).
let text = '';
process.stdin.on('data', (chunk) => {
  text += chunk;
});
process.stdin.on('end', () => {
  const event = JSON.parse(text);
  const command = String(event.tool_input?.command ?? '');
  const rules = [
    [
      /\brm\s+-[a-z]*r[a-z]*f|\brm\s+-[a-z]*f[a-z]*r/,
      'recursive forced deletes are not allowed; delete files one by one',
    ],
    [/\bgit\s+push\b.*(--force|-f\b)/, 'force pushes are not allowed'],
    [/\bgit\s+reset\s+--hard\b/, 'git reset --hard would throw away uncommitted work'],
  ];
  for (const [pattern, reason] of rules) {
    if (pattern.test(command)) {
      process.stderr.write(reason);
      process.exit(2);
    }
  }
});
