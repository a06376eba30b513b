import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { sampleFiles } from '../../../src/demo/sample-repo.js';
import { parseJsonLines, useCliTest } from '../cli-harness.js';

const cli = useCliTest({ files: sampleFiles });

describe('full command outputs stay private, inside the session', () => {
  it('saves a long output in the session directory (0700), and leaves no /tmp/wright-outputs-* behind', async () => {
    await cli.startServer({
      turns: [
        {
          toolCalls: [
            { name: 'shell', arguments: { command: "yes 'secret build log line' | head -n 4000" } },
          ],
        },
        { toolCalls: [{ name: 'shell', arguments: { command: 'sleep 0.1; echo bg', background: true } }] },
        { content: 'done' },
      ],
    });
    const { child, done } = cli.startTask(['--approval', 'full', '--json', 'build it']);
    const result = await done;
    expect(result.exitCode).toBe(0);
    const ends = parseJsonLines(result.stdout).filter((event) => event.type === 'tool-exec-end');
    const saved = outputPathOf(ends[0]);
    const background = outputPathOf(ends[1]);
    const sessionId = String(parseJsonLines(result.stdout).at(-1)?.sessionId);
    for (const path of [saved, background]) {
      expect(path).toContain(`${cli.scratch.home}/projects/`);
      expect(path).toContain(`/sessions/${sessionId}/outputs/`);
      expect(existsSync(path)).toBe(true);
    }
    const outputs = saved.slice(0, saved.lastIndexOf('/'));
    expect((await stat(outputs)).mode & 0o777).toBe(0o700);
    const leftovers = (await readdir(tmpdir())).filter((name) =>
      name.startsWith(`wright-outputs-${child.pid}-`),
    );
    expect(leftovers).toEqual([]);
  });
});

/** The saved output file named by a tool-exec-end event's display, or '' when it names none. */
function outputPathOf(event: { [key: string]: unknown } | undefined): string {
  const result = event?.result as { display?: { outputPath?: string } } | undefined;
  return result?.display?.outputPath ?? '';
}
