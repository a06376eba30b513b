import { wrightError } from '@wright/core';

/** A `--queue` address, split into what ioredis connects to and the queue's name. */
export type QueueAddress = {
  /** `redis://host:port/db` (or `rediss://`), credentials included, without the query. */
  redisUrl: string;
  /** The queue's name (`?name=` in the address; default `wright`). */
  name: string;
  /** The address with any password masked, for messages. */
  display: string;
};

/** Parses `redis://[user:password@]host[:port][/db][?name=queue]`; anything else is a clear usage error. */
export function parseQueueUrl(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw wrightError('invalid-options', `"${text}" is not a queue address; expected redis://HOST:PORT/DB`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw wrightError(
      'invalid-options',
      `Unsupported queue "${url.protocol}//"; expected redis://HOST:PORT/DB (or rediss:// for TLS)`,
    );
  }
  const database = url.pathname.replace(/^\//, '');
  if (database !== '' && !/^\d+$/.test(database)) {
    throw wrightError(
      'invalid-options',
      `The queue address's database must be a number (got "/${database}")`,
    );
  }
  const name = url.searchParams.get('name') ?? 'wright';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    throw wrightError(
      'invalid-options',
      `The queue name "${name}" may only hold letters, digits, ".", "_" and "-"`,
    );
  }
  url.search = '';
  const redisUrl = url.toString();
  if (url.password !== '') url.password = '***';
  return { redisUrl, name, display: url.toString() };
}
