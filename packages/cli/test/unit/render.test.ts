import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseSlashCommand } from '../../src/chat/slash-commands.js';
import { createHumanRenderer } from '../../src/render/human-renderer.js';
import { colorEnabled, createStyle } from '../../src/render/style.js';
import { createTerminalOutput } from '../../src/render/terminal-output.js';
import { trusted } from '../../src/render/terminal-text.js';

function sink(isTTY: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 80;
  return { stream, text: () => text };
}

describe('colour and the status line', () => {
  it('colours only a terminal without NO_COLOR', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  });

  it('streams dim reasoning, content in full, one line per tool call; status only when live', () => {
    for (const live of [true, false]) {
      const stdout = sink(false);
      const stderr = sink(live);
      const output = createTerminalOutput({ stdout: stdout.stream, stderr: stderr.stream, liveStatus: live });
      const renderer = createHumanRenderer({ output, style: createStyle(live) });
      const envelope = { runId: 'r', sessionId: 's', seq: 0, turn: 1, time: Date.now() };
      renderer.render({ ...envelope, type: 'reasoning-start' });
      renderer.render({ ...envelope, type: 'reasoning-delta', delta: 'pondering' });
      renderer.render({ ...envelope, type: 'reasoning-end', text: 'pondering' });
      renderer.render({ ...envelope, type: 'text-delta', delta: 'Hello ' });
      renderer.render({ ...envelope, type: 'text-delta', delta: 'world' });
      renderer.render({ ...envelope, type: 'text-end', text: 'Hello world' });
      renderer.render({
        ...envelope,
        type: 'tool-exec-start',
        callId: 'c1',
        name: 'shell',
        input: { command: 'npm test' },
      });
      renderer.render({
        ...envelope,
        type: 'tool-exec-end',
        callId: 'c1',
        name: 'shell',
        status: 'error',
        result: {
          output: 'FAIL',
          isError: true,
          display: { kind: 'command', command: 'npm test', exitCode: 1 },
        },
        durationMs: 5,
      });
      renderer.render({
        ...envelope,
        type: 'turn-end',
        usage: { inputTokens: 1000, cachedInputTokens: 800, outputTokens: 50, totalTokens: 1050 },
        cacheHitRate: 0.8,
        contextTokens: 1050,
        cost: 0.001,
      });
      renderer.close();
      const text = stdout.text();
      expect(text).toContain('Hello world\n');
      expect(text).toContain('npm test');
      expect(text).toContain('exit 1');
      if (live) {
        expect(text).toContain('\u001b[2mpondering\u001b[22m');
        expect(stderr.text()).toContain('step 1 · 1.1k tokens · cache 80%');
      } else {
        expect(text).not.toContain('\u001b[');
        expect(text).toContain('[thinking] pondering');
        expect(stderr.text()).toBe('');
      }
    }
  });
});

describe('the status line around a question', () => {
  it('is removed while paused, not redrawn by updates, and back on resume', () => {
    const stdout = sink(false);
    const stderr = sink(true);
    const output = createTerminalOutput({ stdout: stdout.stream, stderr: stderr.stream, liveStatus: true });
    output.status(trusted('step 1'));
    expect(stderr.text()).toBe('\r\u001b[2Kstep 1');
    output.pause();
    expect(stderr.text()).toBe('\r\u001b[2Kstep 1\r\u001b[2K');
    output.status(trusted('step 2'));
    output.write(trusted('? approval needed\n'));
    expect(stderr.text()).toBe('\r\u001b[2Kstep 1\r\u001b[2K');
    output.resume();
    expect(stderr.text().endsWith('\r\u001b[2Kstep 2')).toBe(true);
  });

  it('keeps a trailing newline outside the escape codes', () => {
    const style = createStyle(true);
    expect(style.dim(trusted('checkpoint 2\n'))).toBe('\u001b[2mcheckpoint 2\u001b[22m\n');
    expect(createStyle(false).dim(trusted('checkpoint 2\n'))).toBe('checkpoint 2\n');
  });
});

describe('slash commands', () => {
  it('parses every command and rejects unknown ones', () => {
    expect(parseSlashCommand('/thinking off')).toEqual({ kind: 'thinking', enabled: false });
    expect(parseSlashCommand('/model glm-4.5')).toEqual({ kind: 'model', model: 'glm-4.5' });
    expect(parseSlashCommand('/model')).toEqual({ kind: 'model' });
    for (const name of ['diff', 'compact', 'cost', 'help', 'exit'] as const) {
      expect(parseSlashCommand(`/${name}`)).toEqual({ kind: name });
    }
    expect(parseSlashCommand('/undo')).toEqual({ kind: 'undo', force: false });
    expect(parseSlashCommand('/undo --force')).toEqual({ kind: 'undo', force: true });
    expect(parseSlashCommand('/undo now').kind).toBe('invalid');
    expect(parseSlashCommand('/thinking maybe').kind).toBe('invalid');
    expect(parseSlashCommand('/frob').kind).toBe('invalid');
  });
});
