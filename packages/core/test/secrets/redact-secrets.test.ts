import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSecretRedactor, redactSecrets } from '../../src/secrets/redact-secrets.js';

const secret = 'sk-live-0123456789abcdef';

function streamed(pieces: string[], secrets: string[]): string {
  const redactor = createSecretRedactor(secrets);
  return pieces.map((piece) => redactor.push(piece)).join('') + redactor.end();
}

describe('createSecretRedactor', () => {
  it('catches a secret split across pieces', () => {
    const pieces = ['KEY=sk-live-01', '23456789ab', 'cdef\nnext line\n'];
    expect(streamed(pieces, [secret])).toBe('KEY=[redacted]\nnext line\n');
  });

  it('passes ordinary output at once and holds back only a possible secret start', () => {
    const redactor = createSecretRedactor([secret]);
    expect(redactor.push('listening on port 3000\n')).toBe('listening on port 3000\n');
    expect(redactor.push('value: sk-li')).toBe('value: ');
    expect(redactor.push('ne')).toBe('sk-line');
    expect(redactor.end()).toBe('');
  });

  it('flushes a held-back tail that never became a secret', () => {
    const redactor = createSecretRedactor([secret]);
    expect(redactor.push('ends with sk-live')).toBe('ends with ');
    expect(redactor.end()).toBe('sk-live');
  });

  it('matches redactSecrets on the whole text for any split (property)', () => {
    const secrets = [secret, 'another-secret-value'];
    const text = fc
      .array(fc.oneof(fc.constantFrom(...secrets, 'sk-', 'another-', '\n'), fc.string({ maxLength: 12 })), {
        maxLength: 12,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (whole, cuts) => {
        const points = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((a, b) => a - b);
        const pieces: string[] = [];
        let last = 0;
        for (const point of points) {
          pieces.push(whole.slice(last, point));
          last = point;
        }
        pieces.push(whole.slice(last));
        const result = streamed(pieces, secrets);
        expect(result).toBe(redactSecrets(whole, secrets));
        for (const value of secrets) expect(result).not.toContain(value);
      }),
      { numRuns: 300 },
    );
  });
});
