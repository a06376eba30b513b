import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ScriptedServer, textTurn, toolCallTurn } from '@wright/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git, useCliTest } from './cli-harness.js';
import {
  finalResult,
  plant,
  toolMessagesSeen,
  toolResults,
  writeUserConfig,
} from './security/security-harness.js';

// web_fetch through the real CLI: a local page read as markdown, refused with the sandbox's network off, refused
// for a loopback address unless the user's config allows it, and a project file cannot allow it while untrusted.

const page = `<!doctype html><html><head><title>Widget API</title></head><body><nav>menu</nav>
<main><article><h1>Widget API</h1><p>The <code>widget()</code> call returns a configured widget. Pass the size in
pixels and the colour as a CSS name; both are required since version 3, and the call throws otherwise.</p>
<p>See <a href="/changelog">the changelog</a> for what changed in each release of the widget library.</p></article></main>
</body></html>`;

const cli = useCliTest({ files: { 'README.md': '# app\n' } });
let model: ScriptedServer;
let site: Server;
let siteUrl: string;
let siteHits: number;
beforeEach(async () => {
  siteHits = 0;
  site = createServer((_request, response) => {
    siteHits++;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/widget`;
  model = await cli.startServer({
    turns: [
      toolCallTurn([{ id: 'fetch', name: 'web_fetch', arguments: { url: siteUrl } }]),
      textTurn('Read it.'),
    ],
  });
});
afterEach(async () => {
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
});

const run = (...flags: string[]) => cli.run(['run', '--json', ...flags, 'read the widget docs']);

describe('web_fetch through wright run', () => {
  it('reads a local page as markdown when the network is on and the user allowed the host', async () => {
    await writeUserConfig(cli.scratch, {
      baseUrl: model.baseUrl,
      approval: { allow: ['web_fetch(domain:127.0.0.1)'] },
      webFetch: { allowHosts: ['127.0.0.1'] },
    });
    const result = await run('--network', 'on');
    expect(result.exitCode).toBe(0);
    expect(toolResults(result.stdout).get('fetch')).toMatchObject({ name: 'web_fetch', status: 'ok' });
    const seen = toolMessagesSeen(model).get('fetch') ?? '';
    expect(seen).toContain(`${siteUrl} (HTTP 200 OK, text/html`);
    expect(seen).toContain('converted to markdown');
    expect(seen).toContain('untrusted text from the web');
    expect(seen).toContain('Title: Widget API');
    expect(seen).toContain('The `widget()` call returns a configured widget.');
    expect(seen).toContain(`[the changelog](${siteUrl.replace('/widget', '/changelog')})`);
    expect(siteHits).toBe(1);
  });

  it('is refused with the network off (the default), saying how to turn it on', async () => {
    await writeUserConfig(cli.scratch, {
      baseUrl: model.baseUrl,
      approval: { allow: ['web_fetch(domain:127.0.0.1)'] },
      webFetch: { allowHosts: ['127.0.0.1'] },
    });
    const result = await run();
    expect(finalResult(result.stdout)).toMatchObject({ status: 'finished' });
    expect(toolResults(result.stdout).get('fetch')).toMatchObject({ status: 'error' });
    const seen = toolMessagesSeen(model).get('fetch') ?? '';
    expect(seen).toContain('web_fetch is not available: the network is off in this run');
    expect(seen).toContain('--network on');
    expect(siteHits).toBe(0);
  });

  it('refuses a loopback address unless allowed, and an untrusted project file cannot allow it', async () => {
    await writeUserConfig(cli.scratch, {
      baseUrl: model.baseUrl,
      approval: { allow: ['web_fetch(domain:127.0.0.1)'] },
    });
    await plant(
      join(cli.repo, '.wright', 'config.json'),
      JSON.stringify({ webFetch: { allowPrivate: true, allowHosts: ['127.0.0.1'] } }),
    );
    await git(cli.repo, 'add', '-A');
    await git(cli.repo, 'commit', '-q', '-m', 'project config');
    const result = await run('--network', 'on');
    expect(finalResult(result.stdout)).toMatchObject({ status: 'finished' });
    expect(result.stderr).toContain(
      'ignoring webFetch.allowPrivate, webFetch.allowHosts from the untrusted project config',
    );
    const seen = toolMessagesSeen(model).get('fetch') ?? '';
    expect(seen).toContain('web_fetch refused 127.0.0.1: it is a loopback address');
    expect(seen).toContain('webFetch.allowHosts or webFetch.allowPrivate');
    expect(siteHits).toBe(0);
  });

  it('needs approval: without an allow rule a non-interactive run refuses it, naming the rule to add', async () => {
    await writeUserConfig(cli.scratch, { baseUrl: model.baseUrl, webFetch: { allowHosts: ['127.0.0.1'] } });
    const result = await run('--network', 'on');
    expect(toolResults(result.stdout).get('fetch')).toMatchObject({ status: 'denied' });
    expect(toolMessagesSeen(model).get('fetch')).toContain('web_fetch(domain:127.0.0.1)');
    expect(siteHits).toBe(0);
  });
});
