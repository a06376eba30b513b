import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { wrightError } from '@wright/core';
import { type AddressKind, classifyAddress } from './classify-address.js';

/** Resolves a host name to its addresses (`dns.promises.lookup` with `all: true` by default). */
export type ResolveHost = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** Which non-public addresses a fetch may reach. */
export type AddressAllowance = {
  /** Every private, loopback, link-local and unique-local address is allowed (config `webFetch.allowPrivate`). */
  allowPrivate: boolean;
  /**
   * Host names or IP addresses allowed even when they resolve to a non-public address (config
   * `webFetch.allowHosts`), compared case-insensitively; `*.corp.example` covers its subdomains.
   */
  allowHosts: readonly string[];
};

/** The address a connection must go to, checked once. */
export type CheckedAddress = { address: string; family: 4 | 6 };

const kindWords: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local address',
  'carrier-grade-nat': 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
  invalid: 'not a valid address',
};

export const defaultResolveHost: ResolveHost = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Resolves `hostname` once and checks every address it has: when any is not public and the host is not allowed,
 * the fetch is refused (a name with one private address among public ones is refused too, since the connection
 * could go to either). Returns the address to connect to; the request then connects to exactly that address, so a
 * second resolution (DNS rebinding) cannot swap in another.
 */
export async function checkHostAddress(
  hostname: string,
  allowance: AddressAllowance,
  resolve: ResolveHost = defaultResolveHost,
): Promise<CheckedAddress> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal }]
    : await resolve(host).catch((error: NodeJS.ErrnoException) => {
        throw wrightError('tool', `Cannot resolve ${host}: ${error.code ?? error.message}.`, {
          hint: 'Check the URL.',
        });
      });
  if (addresses.length === 0) throw wrightError('tool', `Cannot resolve ${host}: no address.`);
  const hostAllowed = allowance.allowPrivate || isAllowedHost(host, allowance.allowHosts);
  for (const entry of addresses) {
    const kind = classifyAddress(entry.address);
    if (kind === 'public') continue;
    if (kind !== 'invalid' && (hostAllowed || isAllowedHost(entry.address, allowance.allowHosts))) continue;
    const shown = literal ? host : `${host} (${entry.address})`;
    throw wrightError(
      'tool',
      `web_fetch refused ${shown}: it is ${kindWords[kind]}, and private, loopback, link-local and unique-local addresses are blocked.`,
      {
        hint: 'Fetch a public URL instead; the user can allow such hosts with webFetch.allowHosts or webFetch.allowPrivate in their config.',
      },
    );
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** Whether `host` is on the allow list: an exact name or address, or `*.suffix` for any subdomain of suffix. */
export function isAllowedHost(host: string, allowHosts: readonly string[]): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return allowHosts.some((entry) => {
    const allowed = entry
      .trim()
      .replace(/^\[(.*)\]$/, '$1')
      .toLowerCase();
    if (allowed.startsWith('*.')) return name.endsWith(allowed.slice(1));
    return name === allowed;
  });
}
