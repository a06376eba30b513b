import { createPermissionPolicy } from '@wright/tools';
import { describe, expect, it } from 'vitest';

const request = (url: string) => ({
  toolName: 'web_fetch',
  effect: 'network' as const,
  title: `Fetch ${url}`,
  input: { url },
});

describe('permission rules for web_fetch', () => {
  it('asks for network access unless a domain rule allows the host', async () => {
    const policy = createPermissionPolicy({
      mode: 'auto-edit',
      rules: { allow: ['web_fetch(domain:docs.example.com)', { tool: 'web_fetch', domain: '*.python.org' }] },
    });
    expect(await policy(request('https://docs.example.com/guide'))).toEqual({ allowed: true });
    expect(await policy(request('https://DOCS.example.com:8443/x'))).toEqual({ allowed: true });
    expect(await policy(request('https://docs.python.org/3/'))).toEqual({ allowed: true });
    const other = await policy(request('https://example.com/'));
    expect(other).toMatchObject({ allowed: false });
    expect((other as { reason: string }).reason).toContain('Network access need approval');
    expect((other as { reason: string }).reason).toContain('web_fetch(domain:example.com)');
    expect(await policy(request('https://python.org/'))).toMatchObject({ allowed: false });
    expect(await policy(request('https://evil-docs.example.com/'))).toMatchObject({ allowed: false });
  });

  it('denies a host a deny rule names, in every mode', async () => {
    const policy = createPermissionPolicy({
      mode: 'full',
      rules: { deny: ['web_fetch(domain:*.internal.example)'] },
    });
    expect(await policy(request('https://wiki.internal.example/'))).toMatchObject({ allowed: false });
    expect(await policy(request('https://example.org/'))).toEqual({ allowed: true });
  });

  it('rejects a malformed domain rule', () => {
    expect(() =>
      createPermissionPolicy({ mode: 'auto-edit', rules: { allow: ['web_fetch(domain:)'] } }),
    ).toThrow(/domain:example\.com/);
  });
});
