import { configSchema } from '@wright/agent';
import {
  type HookCommandOutcome,
  hookEvents,
  hooksFor,
  matcherSelects,
  readHookOutput,
} from '@wright/agent/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ran = (exitCode: number | null, stdout = '', stderr = '', extra: Partial<HookCommandOutcome> = {}) => ({
  exitCode,
  stdout,
  stderr,
  timedOut: false,
  durationMs: 5,
  ...extra,
});

describe('matchers', () => {
  it('select whole tool names: a name, names joined by |, a regular expression, or everything', () => {
    expect(matcherSelects('shell', 'shell')).toBe(true);
    expect(matcherSelects('shell', 'shell_output')).toBe(false);
    expect(matcherSelects('shell|write_file', 'write_file')).toBe(true);
    expect(matcherSelects('shell|write_file', 'edit_file')).toBe(false);
    expect(matcherSelects('mcp__.*', 'mcp__github__create_issue')).toBe(true);
    expect(matcherSelects('.*_file', 'read_file')).toBe(true);
    for (const all of [undefined, '', '*']) expect(matcherSelects(all, 'anything')).toBe(true);
  });

  it('a plain name selects exactly itself', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z_]{1,20}$/),
        fc.stringMatching(/^[a-z_]{1,20}$/),
        (matcher, name) => {
          expect(matcherSelects(matcher, name)).toBe(matcher === name);
        },
      ),
    );
  });

  it('hooksFor keeps config order, runs a repeated command once, and ignores matchers for events without names', () => {
    const config = {
      pre_tool_use: [
        { matcher: 'shell', hooks: [{ type: 'command' as const, command: 'a' }] },
        {
          matcher: 'shell|grep',
          hooks: [
            { type: 'command' as const, command: 'b' },
            { type: 'command' as const, command: 'a' },
          ],
        },
        { matcher: 'grep', hooks: [{ type: 'command' as const, command: 'c' }] },
      ],
      stop: [{ matcher: 'ignored', hooks: [{ type: 'command' as const, command: 'd' }] }],
    };
    expect(hooksFor(config, 'pre_tool_use', 'shell').map((hook) => hook.command)).toEqual(['a', 'b']);
    expect(hooksFor(config, 'stop').map((hook) => hook.command)).toEqual(['d']);
    expect(hooksFor(config, 'post_tool_use', 'shell')).toEqual([]);
  });

  it('config rejects unknown events, Claude Code event names, bad matchers and other hook types', () => {
    const parse = (hooks: unknown) => configSchema.safeParse({ hooks }).success;
    expect(
      parse({ pre_tool_use: [{ matcher: 'shell', hooks: [{ type: 'command', command: 'x', timeout: 5 }] }] }),
    ).toBe(true);
    expect(parse({ PreToolUse: [{ hooks: [{ type: 'command', command: 'x' }] }] })).toBe(false);
    expect(parse({ pre_tool_use: [{ matcher: '(', hooks: [{ type: 'command', command: 'x' }] }] })).toBe(
      false,
    );
    expect(parse({ pre_tool_use: [{ hooks: [{ type: 'prompt', command: 'x' }] }] })).toBe(false);
    expect(parse({ pre_tool_use: [{ hooks: [] }] })).toBe(false);
  });
});

describe('readHookOutput', () => {
  it('exit code 2 blocks with stderr as the reason (stdout ignored); session_start cannot block', () => {
    expect(readHookOutput('pre_tool_use', ran(2, '{"decision":"approve"}', 'no rm here\n'))).toEqual({
      block: 'no rm here',
    });
    expect(readHookOutput('user_prompt_submit', ran(2, '', ''))).toEqual({
      block: 'a hook blocked it (exit code 2, no reason given)',
    });
    expect(readHookOutput('session_start', ran(2, '', 'nope'))).toEqual({ error: 'nope' });
  });

  it('other exit codes, timeouts and failures to start are non-blocking errors', () => {
    expect(readHookOutput('pre_tool_use', ran(1, '', 'crashed'))).toEqual({ error: 'exit code 1: crashed' });
    expect(readHookOutput('pre_tool_use', ran(null, '', '', { timedOut: true }))).toEqual({
      error: 'it timed out and was killed',
    });
    expect(readHookOutput('stop', ran(null, '', '', { failed: 'the sandbox is unavailable' }))).toEqual({
      error: 'the sandbox is unavailable',
    });
  });

  it('reads pre_tool_use JSON: deny with its reason, the older decision: block, updatedInput', () => {
    const deny = {
      hookSpecificOutput: { permissionDecision: 'deny', permissionDecisionReason: 'not on Fridays' },
    };
    expect(readHookOutput('pre_tool_use', ran(0, JSON.stringify(deny)))).toEqual({ block: 'not on Fridays' });
    expect(readHookOutput('pre_tool_use', ran(0, '{"decision":"block","reason":"old style"}'))).toEqual({
      block: 'old style',
    });
    const rewrite = {
      hookSpecificOutput: { permissionDecision: 'allow', updatedInput: { command: 'ls -la' } },
    };
    expect(readHookOutput('pre_tool_use', ran(0, JSON.stringify(rewrite)))).toEqual({
      input: { command: 'ls -la' },
    });
    expect(readHookOutput('pre_tool_use', ran(0, 'plain text is for the transcript'))).toEqual({});
  });

  it('reads context: additionalContext, a post_tool_use block reason, plain stdout where Claude Code takes it', () => {
    const context = { hookSpecificOutput: { additionalContext: 'lint: ok' }, systemMessage: 'linted' };
    expect(readHookOutput('post_tool_use', ran(0, JSON.stringify(context)))).toEqual({
      context: 'lint: ok',
      message: 'linted',
    });
    expect(readHookOutput('post_tool_use', ran(0, '{"decision":"block","reason":"tests now fail"}'))).toEqual(
      {
        context: 'tests now fail',
      },
    );
    expect(readHookOutput('session_start', ran(0, 'branch main\n'))).toEqual({ context: 'branch main' });
    expect(readHookOutput('user_prompt_submit', ran(0, 'today is Friday'))).toEqual({
      context: 'today is Friday',
    });
    expect(readHookOutput('post_tool_use', ran(0, 'not context'))).toEqual({});
  });

  it('a stop hook blocks stopping with its reason', () => {
    expect(readHookOutput('stop', ran(0, '{"decision":"block","reason":"tests still fail"}'))).toEqual({
      block: 'tests still fail',
    });
    expect(readHookOutput('stop', ran(0, '{}'))).toEqual({});
  });

  it('continue: false ends the run on every event, over a block or a decision, with stopReason for the user', () => {
    const stop = '{"continue":false,"stopReason":"halt","decision":"block","reason":"for the model"}';
    for (const event of hookEvents) {
      expect(readHookOutput(event, ran(0, stop))).toEqual({ stop: 'halt' });
    }
    expect(readHookOutput('stop', ran(0, '{"continue":false}'))).toEqual({ stop: 'a hook asked to stop' });
    expect(readHookOutput('pre_tool_use', ran(0, '{"continue":true}'))).toEqual({});
  });

  it('never throws on arbitrary output', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'session_start',
          'user_prompt_submit',
          'pre_tool_use',
          'post_tool_use',
          'stop' as const,
        ),
        fc.oneof(fc.string(), fc.json()),
        fc.integer({ min: 0, max: 3 }),
        (event, stdout, exitCode) => {
          const verdict = readHookOutput(event, ran(exitCode, stdout, 'reason'));
          expect(typeof verdict).toBe('object');
        },
      ),
    );
  });
});
