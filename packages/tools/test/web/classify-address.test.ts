import { checkHostAddress, classifyAddress, isAllowedHost } from '@wright/tools/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const none = { allowPrivate: false, allowHosts: [] };
const ipv4 = (octets: number[]) => octets.join('.');
const hex = (octets: number[]) =>
  `${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fec0::1', 'unique-local'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    // IPv6 forms that carry an IPv4 address are judged by it.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:101::1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    // Not addresses (a resolver never returns these forms).
    ['localhost', 'invalid'],
    ['0x7f.1', 'invalid'],
    ['2130706433', 'invalid'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('judges an IPv4-mapped IPv6 address exactly as the IPv4 address it carries', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (octets) => {
        const kind = classifyAddress(ipv4(octets));
        expect(classifyAddress(`::ffff:${ipv4(octets)}`)).toBe(kind);
        expect(classifyAddress(`::ffff:${hex(octets)}`)).toBe(kind);
        expect(classifyAddress(`64:ff9b::${hex(octets)}`)).toBe(kind);
      }),
    );
  });

  it('never calls an address in 10/8, 127/8, 169.254/16, 172.16/12 or 192.168/16 public', () => {
    const inRange = fc.oneof(
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
    );
    fc.assert(
      fc.property(inRange, (octets) => {
        expect(classifyAddress(ipv4(octets))).not.toBe('public');
        expect(classifyAddress(`::ffff:${ipv4(octets)}`)).not.toBe('public');
      }),
    );
  });

  it('never calls an fc00::/7 or fe80::/10 address public', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('fc', 'fd', 'fe8', 'fe9', 'fea', 'feb'),
        fc.array(fc.nat(0xffff), { minLength: 7, maxLength: 7 }),
        (prefix, words) => {
          const first = prefix.length === 2 ? `${prefix}00` : `${prefix}0`;
          const address = [first, ...words.map((word) => word.toString(16))].join(':');
          expect(classifyAddress(address)).not.toBe('public');
        },
      ),
    );
  });
});

describe('checkHostAddress', () => {
  const resolveTo =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses a literal loopback address, naming the kind and the setting that allows it', async () => {
    await expect(checkHostAddress('127.0.0.1', none)).rejects.toThrow(
      /127\.0\.0\.1: it is a loopback address/,
    );
    await expect(checkHostAddress('[::1]', none)).rejects.toThrow(/loopback/);
  });

  it('refuses a name that resolves to a private address, and one with a private address among public ones', async () => {
    await expect(checkHostAddress('intranet.example', none, resolveTo('10.0.0.5'))).rejects.toThrow(
      /intranet\.example \(10\.0\.0\.5\): it is a private address/,
    );
    await expect(
      checkHostAddress('mixed.example', none, resolveTo('93.184.216.34', '169.254.169.254')),
    ).rejects.toThrow(/link-local/);
    await expect(checkHostAddress('mapped.example', none, resolveTo('::ffff:127.0.0.1'))).rejects.toThrow(
      /loopback/,
    );
  });

  it('returns the checked public address to connect to', async () => {
    expect(await checkHostAddress('example.com', none, resolveTo('93.184.216.34'))).toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('lets allowPrivate or an allow-listed host through', async () => {
    expect(await checkHostAddress('127.0.0.1', { allowPrivate: true, allowHosts: [] })).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    const allowHosts = ['wiki.corp.example', '*.lab.example', '127.0.0.1'];
    await expect(
      checkHostAddress('wiki.corp.example', { allowPrivate: false, allowHosts }, resolveTo('10.0.0.5')),
    ).resolves.toMatchObject({ address: '10.0.0.5' });
    await expect(
      checkHostAddress('a.lab.example', { allowPrivate: false, allowHosts }, resolveTo('10.0.0.6')),
    ).resolves.toMatchObject({ address: '10.0.0.6' });
    await expect(checkHostAddress('127.0.0.1', { allowPrivate: false, allowHosts })).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    await expect(
      checkHostAddress('other.example', { allowPrivate: false, allowHosts }, resolveTo('10.0.0.7')),
    ).rejects.toThrow(/private/);
  });

  it('matches allow-list entries case-insensitively, subdomains only through *.', () => {
    expect(isAllowedHost('WIKI.Corp.example', ['wiki.corp.example'])).toBe(true);
    expect(isAllowedHost('corp.example', ['*.corp.example'])).toBe(false);
    expect(isAllowedHost('evilcorp.example', ['*.corp.example'])).toBe(false);
    expect(isAllowedHost('[::1]', ['::1'])).toBe(true);
  });
});
