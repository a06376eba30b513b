import ipaddr from 'ipaddr.js';

/**
 * What kind of address an IP is, for web_fetch's private-address block: `public` (a global unicast address), or
 * why it is not: `loopback` (127.0.0.0/8, ::1), `private` (10/8, 172.16/12, 192.168/16), `link-local`
 * (169.254/16 — cloud metadata services live there — and fe80::/10), `unique-local` (fc00::/7, and the deprecated
 * site-local fec0::/10), `carrier-grade-nat` (100.64/10), `unspecified` (0.0.0.0/8, ::), `multicast`, `broadcast`,
 * or `reserved` (documentation, benchmarking, IETF and future-use ranges, Teredo, discard-only). An IPv6 address that
 * embeds an IPv4 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) is
 * classified by the IPv4 address it carries. `invalid` when the text is not an IP address.
 */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'carrier-grade-nat'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'invalid';

const ipv4Kinds: Record<string, AddressKind> = {
  unicast: 'public',
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade-nat',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

const ipv6Kinds: Record<string, AddressKind> = {
  unicast: 'public',
  loopback: 'loopback',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'unique-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
};

/** Classifies an IP address given as text (`10.0.0.1`, `::ffff:127.0.0.1`, `[::1]`, `fe80::1%eth0`). */
export function classifyAddress(text: string): AddressKind {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  // A zone index (`fe80::1%eth0`) only ever qualifies a link-local address.
  const unzoned = bare.includes('%') ? bare.slice(0, bare.indexOf('%')) : bare;
  if (!ipaddr.isValid(unzoned)) return 'invalid';
  // Only the canonical dotted-quad form counts as IPv4: `ipaddr.isValid` also takes `0x7f.1` and `2130706433`,
  // which resolvers never return; rejecting them avoids a second interpretation of the same text.
  if (ipaddr.IPv4.isValid(unzoned) && !ipaddr.IPv4.isValidFourPartDecimal(unzoned)) return 'invalid';
  const address = ipaddr.parse(unzoned);
  if (address.kind() === 'ipv4') return classifyIpv4(address as ipaddr.IPv4);
  return classifyIpv6(address as ipaddr.IPv6);
}

/** True when an address may be fetched without `allowPrivate`: a public unicast address. */
export function isPublicAddress(text: string): boolean {
  return classifyAddress(text) === 'public';
}

function classifyIpv4(address: ipaddr.IPv4): AddressKind {
  // ipaddr.js files 0.0.0.0/8 under `unspecified` only for 0.0.0.0 itself; the whole block means "this network".
  if (address.octets[0] === 0) return 'unspecified';
  return ipv4Kinds[address.range()] ?? 'reserved';
}

function classifyIpv6(address: ipaddr.IPv6): AddressKind {
  const embedded = embeddedIpv4(address);
  if (embedded !== undefined) return classifyIpv4(embedded);
  return ipv6Kinds[address.range()] ?? 'reserved';
}

/** The IPv4 address an IPv6 address carries, for the forms that route to it. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const fromWords = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const range = address.range();
  // ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated), 64:ff9b::a.b.c.d (NAT64) and the deprecated
  // IPv4-compatible ::a.b.c.d all carry the address in the last 32 bits.
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052')
    return fromWords(parts[6]!, parts[7]!);
  if (parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7]! > 1))
    return fromWords(parts[6]!, parts[7]!);
  // 2002:AABB:CCDD::/48 is the 6to4 prefix of the IPv4 address AA.BB.CC.DD.
  if (range === '6to4') return fromWords(parts[1]!, parts[2]!);
  return undefined;
}
