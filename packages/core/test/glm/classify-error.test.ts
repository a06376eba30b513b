import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/errors.js';
import { businessCodes } from '../../src/glm/business-codes.js';
import {
  classifyHttpResponse,
  classifyProviderError,
  parseRetryAfter,
} from '../../src/glm/classify-error.js';
import { redactSecrets } from '../../src/secrets/redact-secrets.js';

// The §7 table of the protocol notes, written out independently of the implementation's table.
const expected: [string, ErrorCode, boolean][] = [
  ['500', 'overloaded', true],
  ...['1000', '1001', '1002', '1003', '1004'].map((code): [string, ErrorCode, boolean] => [
    code,
    'auth',
    false,
  ]),
  ...['1100', '1110', '1111', '1112', '1121'].map((code): [string, ErrorCode, boolean] => [
    code,
    'account',
    false,
  ]),
  ['1113', 'no-balance', false],
  ['1120', 'overloaded', true],
  ...['1200', '1210', '1211', '1212', '1213', '1214', '1215'].map((code): [string, ErrorCode, boolean] => [
    code,
    'bad-request',
    false,
  ]),
  ...['1220', '1221', '1222'].map((code): [string, ErrorCode, boolean] => [code, 'account', false]),
  ['1230', 'overloaded', true],
  ['1231', 'bad-request', true],
  ['1234', 'overloaded', true],
  ['1261', 'prompt-too-long', false],
  ['1300', 'blocked-content', false],
  ['1301', 'blocked-content', false],
  ['1302', 'rate-limit', true],
  ['1303', 'rate-limit', true],
  ['1304', 'quota', false],
  ['1305', 'overloaded', true],
  ['1308', 'quota', false],
  ['1309', 'quota', false],
  ['1310', 'quota', false],
  ['1311', 'account', false],
  ['1312', 'overloaded', true],
  ['1313', 'rate-limit', true],
];

describe('classifyProviderError', () => {
  it.each(expected)('business code %s → %s (retryable %s)', (code, errorCode, retryable) => {
    for (const wireCode of [code, Number(code)]) {
      const data = classifyProviderError({
        status: 429,
        providerCode: wireCode,
        providerMessage: 'server says no',
      });
      expect(data.code).toBe(errorCode);
      expect(data.retryable).toBe(retryable);
      expect(data.providerCode).toBe(code);
      expect(data.message).toContain(`code ${code}`);
      expect(data.message).toContain('server says no');
      expect(data.hint?.length).toBeGreaterThan(10);
    }
  });

  it('covers exactly the table of the protocol notes', () => {
    expect(Object.keys(businessCodes).sort()).toEqual(expected.map(([code]) => code).sort());
  });

  it('retries 1230 and 1231 only once', () => {
    expect(classifyProviderError({ providerCode: '1230' }).details).toEqual({ maxRetries: 1 });
    expect(classifyProviderError({ providerCode: 1231 }).details).toEqual({ maxRetries: 1 });
  });

  it('falls back on the HTTP status, then on the message', () => {
    const byStatus = (status: number) => classifyHttpResponse(status, 'oops', null, 0);
    expect(byStatus(401).code).toBe('auth');
    expect(byStatus(429)).toMatchObject({ code: 'rate-limit', retryable: true });
    expect(byStatus(503)).toMatchObject({ code: 'overloaded', retryable: true });
    expect(byStatus(400)).toMatchObject({ code: 'bad-request', retryable: false });
    const vllm = classifyHttpResponse(
      400,
      JSON.stringify({
        object: 'error',
        message: "This model's maximum context length is 8192 tokens",
        code: 400,
      }),
      null,
      0,
    );
    expect(vllm).toMatchObject({ code: 'prompt-too-long', status: 400 });
    expect(vllm.providerCode).toBeUndefined();
  });

  it('reads the envelope and Retry-After of an HTTP response', () => {
    const data = classifyHttpResponse(429, '{"error":{"code":"1302","message":"High concurrency"}}', '2', 0);
    expect(data).toMatchObject({ code: 'rate-limit', status: 429, providerCode: '1302', retryAfterMs: 2000 });
    expect(data.message).toBe('GLM API error (code 1302, HTTP 429): High concurrency');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('redactSecrets', () => {
  it('removes secrets, their JSON-escaped form and bearer tokens', () => {
    const secret = 'sk-"quoted"-0123456789';
    const text = `key ${secret} json ${JSON.stringify(secret)} header Authorization: Bearer abcdefghijklmnop`;
    const redacted = redactSecrets(text, [secret]);
    expect(redacted).not.toContain('0123456789');
    expect(redacted).not.toContain('abcdefghijklmnop');
    expect(redacted).toContain('[redacted]');
  });
});
