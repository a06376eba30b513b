import { describe, expect, it } from 'vitest';
import { explainSandboxFailure } from '../../src/sandbox/explain-sandbox-failure.js';
import { explainProbeFailure } from '../../src/sandbox/probe-sandbox.js';

const confined = { mode: 'workspace-write', network: 'off' } as const;

describe('explainSandboxFailure', () => {
  it('explains a blocked write', () => {
    const note = explainSandboxFailure('bash: line 1: /etc/x: Read-only file system\n', confined);
    expect(note).toMatch(/^\[Sandbox: The sandbox \(workspace-write\) blocked a write/);
    expect(note).toContain('.git and .wright');
  });

  it('explains network failures only when the network is off', () => {
    const output = 'curl: (6) Could not resolve host: example.com';
    expect(explainSandboxFailure(output, confined)).toContain('Network access is off');
    expect(explainSandboxFailure(output, { ...confined, network: 'on' })).toBeUndefined();
    expect(
      explainSandboxFailure('TypeError: fetch failed ... ECONNREFUSED 127.0.0.1:80', confined),
    ).toContain("localhost inside it is not the host's");
  });

  it('hedges on a permission error, says nothing for unrelated failures or with the sandbox off', () => {
    expect(explainSandboxFailure('cat: x: Permission denied', confined)).toContain('If this was a write');
    expect(explainSandboxFailure('1 test failed', confined)).toBeUndefined();
    expect(explainSandboxFailure('Read-only file system', { mode: 'off', network: 'on' })).toBeUndefined();
    expect(explainSandboxFailure('Read-only file system', { mode: 'read-only', network: 'off' })).toContain(
      'nothing is writable but /tmp',
    );
  });
});

describe('explainProbeFailure', () => {
  it('tells how to allow user namespaces when the host blocks them', () => {
    const explained = explainProbeFailure('bwrap: setting up uid map: Permission denied');
    expect(explained.reason).toContain('namespaces');
    expect(explained.fix).toContain('kernel.apparmor_restrict_unprivileged_userns=0');
    expect(explained.fix).toContain('kernel.unprivileged_userns_clone=1');
  });

  it('quotes any other bwrap error', () => {
    expect(explainProbeFailure("bwrap: Can't mount proc on /newroot/proc").reason).toContain(
      "Can't mount proc",
    );
  });
});
