import type { ScriptedTurn } from '@wright/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { answerText, answerTurn, editTurn, readTurn } from './fix-script.js';
import { cleanUpQuirkRuns, execStatuses, retries, runThroughQuirks } from './quirk-harness.js';

afterEach(cleanUpQuirkRuns);

const httpError = (status: number, code: string | number, message: string): ScriptedTurn => ({
  fault: { kind: 'http-error', status, code, message },
});

/** "YYYY-MM-DD HH:MM:SS" in UTC+8, the way 1308 messages state the reset time. */
function platformTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

describe('failures inside a 200: retried when the platform says so, the partial turn thrown away', () => {
  it('network-error-mid-call (A3): the half-streamed call never runs; the retry completes the fix', async () => {
    const run = await runThroughQuirks([editTurn(['network-error-mid-call']), editTurn(), answerTurn()]);
    expect(retries(run.events)).toEqual([
      { code: 'network', message: expect.stringContaining('network_error') },
    ]);
    expect(execStatuses(run.events)).toEqual(['edit_file:ok']);
    expect(run.result.reason).toBe('done');
    expect(await run.read('src/range.js')).toContain('value < end;');
  });

  it('network_error finish on every attempt: the run stops with the reason, never runs a partial call', async () => {
    const run = await runThroughQuirks([editTurn(['network-error-mid-call'])], { loop: true });
    expect(run.result.reason).toBe('error');
    expect(run.result.error?.message).toMatch(/finish_reason "network_error"/);
    expect(execStatuses(run.events)).toEqual([]);
    expect(run.requests).toHaveLength(3);
  });

  it('glued-frames (A12): the garbled stream is a retryable error; the retry completes the fix', async () => {
    const run = await runThroughQuirks([readTurn(['glued-frames']), readTurn(), editTurn(), answerTurn()]);
    expect(retries(run.events).map((retry) => retry.code)).toEqual(['protocol']);
    expect(retries(run.events)[0]?.message).toMatch(/Unreadable stream chunk/);
    expect(run.result.reason).toBe('done');
  });

  it('glued-frames every time: retries are bounded and the run stops with the reason', async () => {
    const run = await runThroughQuirks([readTurn(['glued-frames'])], {
      loop: true,
      client: { maxRetries: 6 },
    });
    expect(run.requests).toHaveLength(3);
    expect(run.result.reason).toBe('error');
    expect(run.result.error?.message).toMatch(/Unreadable stream chunk/);
  });

  it('stall-after-first-chunk (A9): the idle timeout ends the silent stream and the retry completes', async () => {
    const run = await runThroughQuirks(
      [readTurn(['stall-after-first-chunk']), readTurn(), editTurn(), answerTurn()],
      {
        // The timeout covers every later request of the run too: long enough that a busy machine never trips it.
        client: { idleTimeoutMs: 2000 },
      },
    );
    expect(retries(run.events)).toEqual([
      { code: 'timeout', message: 'The stream sent no data for 2000 ms.' },
    ]);
    expect(run.result.reason).toBe('done');
  });

  it('trickle-forever: the per-request duration cap ends a stream that never goes silent', async () => {
    const run = await runThroughQuirks(
      [readTurn(['trickle-forever']), readTurn(), editTurn(), answerTurn()],
      {
        // Both limits cover every later request of the run too: long enough that a busy machine never trips them
        // there (the idle one stays far above the 20 ms between the trickle's comments).
        client: { idleTimeoutMs: 2000, streamTimeoutMs: 4000 },
      },
    );
    expect(retries(run.events)).toEqual([
      {
        code: 'timeout',
        message: 'The stream was still going after 4000 ms (the cap on one streamed request).',
      },
    ]);
    expect(run.result.reason).toBe('done');
  });

  it('bare-error-line: a JSON error envelope on a 200 stream is read as the error (code 1214, not retried)', async () => {
    const run = await runThroughQuirks([readTurn(['bare-error-line'])]);
    expect(run.result.reason).toBe('error');
    expect(run.result.error).toMatchObject({ code: 'bad-request', providerCode: '1214' });
    expect(run.requests).toHaveLength(1);
  });

  it('a 200 whose JSON body is an error envelope (A3/A5) stops with that error', async () => {
    const run = await runThroughQuirks([httpError(200, '1214', 'messages 参数非法')]);
    expect(run.result.reason).toBe('error');
    expect(run.result.error?.message).toBe('GLM API error (code 1214, HTTP 200): messages 参数非法');
  });

  it('sensitive finish (A3): the run stops and says the reply was blocked, no retry', async () => {
    const run = await runThroughQuirks([readTurn([], { finishReason: 'sensitive' }), answerTurn()]);
    expect(run.result.reason).toBe('content-filter');
    expect(run.result.error?.message).toMatch(/finish_reason "sensitive" \(content safety\)/);
    expect(execStatuses(run.events)).toEqual(['read_file:skipped']);
    expect(run.requests).toHaveLength(1);
  });

  it('model_context_window_exceeded (A4): compacted and sent again, like code 1261', async () => {
    const run = await runThroughQuirks(
      [readTurn(), { finishReason: 'model_context_window_exceeded' }, editTurn(), answerTurn()],
      { run: { contextWindow: 100_000 } },
    );
    expect(
      run.events.some((event) => event.type === 'note' && /did not fit the context/.test(event.message)),
    ).toBe(true);
    expect(run.result.reason).toBe('done');
    expect(await run.read('src/range.js')).toContain('value < end;');
  });
});

describe('error envelopes: branch on the code (string or number), never the wording', () => {
  it('1302 as a number with new wording (A5) is backed off and retried', async () => {
    const run = await runThroughQuirks([
      httpError(429, 1302, 'Rate limit reached for requests'),
      ...[readTurn(), editTurn(), answerTurn()],
    ]);
    expect(retries(run.events).map((retry) => retry.code)).toEqual(['rate-limit']);
    expect(run.result.reason).toBe('done');
  });

  it('1305 on HTTP 529 with a Chinese message (A7) is retried as overload', async () => {
    const run = await runThroughQuirks([
      httpError(529, '1305', '该模型当前访问量过大，请您稍后再试'),
      readTurn(),
      editTurn(),
      answerTurn(),
    ]);
    expect(retries(run.events)).toEqual([
      {
        code: 'overloaded',
        message: 'GLM API error (code 1305, HTTP 529): 该模型当前访问量过大，请您稍后再试',
      },
    ]);
    expect(run.result.reason).toBe('done');
  });

  it('llama.cpp HTTP 500 on a grammar failure (B20) is retried', async () => {
    const run = await runThroughQuirks([
      httpError(500, 500, 'Failed to parse the tool call: grammar error'),
      readTurn(),
      editTurn(),
      answerTurn(),
    ]);
    expect(retries(run.events).map((retry) => retry.code)).toEqual(['overloaded']);
    expect(run.result.reason).toBe('done');
  });

  it('1309 (plan expired) is fatal with its fix; 1261 in bigmodel wording compacts like the api.z.ai one (A6)', async () => {
    const expired = await runThroughQuirks([httpError(429, 1309, '您的套餐已到期')]);
    expect(expired.result.error).toMatchObject({
      code: 'quota',
      hint: 'The GLM Coding Plan has expired; renew it.',
    });
    expect(expired.requests).toHaveLength(1);
    const tooLong = await runThroughQuirks([
      readTurn(),
      httpError(400, '1261', 'Prompt 超过最大长度限制'),
      editTurn(),
      answerTurn(),
    ]);
    expect(
      tooLong.events.some((event) => event.type === 'note' && /did not fit the context/.test(event.message)),
    ).toBe(true);
    expect(tooLong.result.reason).toBe('done');
  });

  it('1113 on HTTP 429 (A6) is fatal and points a Coding Plan key to --provider zai-coding', async () => {
    const run = await runThroughQuirks([
      httpError(429, '1113', 'Insufficient balance or no resource package.'),
    ]);
    expect(run.requests).toHaveLength(1);
    expect(run.result.reason).toBe('error');
    expect(run.result.error?.code).toBe('no-balance');
    expect(run.result.error?.hint).toMatch(/use the coding endpoint: --provider zai-coding/);
  });

  it('1308 with a reset time within the time budget (A6): waits until then and finishes', async () => {
    const resetAt = Date.now() + 1500;
    const message = `Usage limit reached for 5 hour. Your limit will reset at ${platformTime(resetAt)}`;
    const run = await runThroughQuirks(
      [httpError(429, '1308', message), readTurn(), editTurn(), answerTurn()],
      {
        run: { maxDurationMs: 60_000 },
      },
    );
    const note = run.events.find((event) => event.type === 'note' && /1308/.test(event.message));
    expect(note).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/resets at .*; waiting about 1 min/),
    });
    expect(run.result.reason).toBe('done');
    expect(run.requests[1]?.time ?? 0).toBeGreaterThanOrEqual(Math.floor(resetAt / 1000) * 1000);
  });

  it('1308 with a reset time past the time budget: stops at once, naming the time', async () => {
    const resetAt = Date.now() + 5 * 3_600_000;
    const message = `Usage limit reached for 5 hour. Your limit will reset at ${platformTime(resetAt)}`;
    const run = await runThroughQuirks([httpError(429, '1308', message)], { run: { maxDurationMs: 60_000 } });
    expect(run.result.reason).toBe('error');
    const iso = new Date(Math.floor(resetAt / 1000) * 1000).toISOString();
    expect(run.result.summary).toContain(
      `resets at ${iso}, after the time budget ends; stopping. Run again after ${iso}.`,
    );
    expect(run.requests).toHaveLength(1);
    expect(run.result.text).not.toBe(answerText);
  });
});
