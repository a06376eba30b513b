import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from '../src/index.js';

describe('parseQueueUrl', () => {
  it('splits the Redis address from the queue name and masks the password for display', () => {
    expect(parseQueueUrl('redis://:secret@10.0.0.5:6379/2?name=nightly')).toEqual({
      redisUrl: 'redis://:secret@10.0.0.5:6379/2',
      name: 'nightly',
      display: 'redis://:***@10.0.0.5:6379/2',
    });
    expect(parseQueueUrl('rediss://host:6380').name).toBe('wright');
  });

  it.each([
    ['not a url', 'is not a queue address'],
    ['http://127.0.0.1:6379/0', 'Unsupported queue "http://"'],
    ['redis://127.0.0.1:6379/zero', 'database must be a number'],
    ['redis://127.0.0.1:6379/0?name=a:b', 'may only hold letters'],
  ])('refuses %s with a clear message', (text, message) => {
    expect(() => parseQueueUrl(text)).toThrow(message);
  });
});
