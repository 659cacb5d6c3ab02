// The headless host as a user runs it: a real process, real HTTP and WebSocket, the real Docker engine.
import { execFileSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { makeDataDir, removeDataDir, runToExit, startHeadless, type HeadlessApp } from './headless-process.js';

describe('headless host', () => {
  let app: HeadlessApp;

  beforeAll(async () => {
    app = await startHeadless(await makeDataDir());
  });

  afterAll(async () => {
    await app.stop();
    await removeDataDir(app.dataDir);
  });

  it('prints where to open it, its token and the webhook port', () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.token.length).toBeGreaterThanOrEqual(32);
    expect(app.output()).toContain(`Data:     ${app.dataDir}`);
  });

  it('keeps the token in a file only its user can read, and reuses it', async () => {
    const file = join(app.dataDir, 'ui-token');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(app.token);
  });

  it('reports the real Docker engine in app.status', async () => {
    const engineVersion = execFileSync('docker', ['version', '--format', '{{.Server.Version}}']).toString().trim();
    const result = await app.call('app.status');
    expect(result.ok).toBe(true);
    expect(result.value).toMatchObject({
      host: 'headless',
      dataDir: app.dataDir,
      docker: { reachable: true, version: engineVersion, problem: null },
    });
  });

  it('refuses API calls without the token, with a wrong one, or from another site', async () => {
    const plain = await fetch(`${app.url}/api/call/projects.list`, { method: 'POST', body: '{}' });
    expect(plain.status).toBe(401);
    const wrong = await fetch(`${app.url}/api/call/projects.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${'x'.repeat(app.token.length)}` },
    });
    expect(wrong.status).toBe(401);
    const crossSite = await fetch(`${app.url}/api/call/projects.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, origin: 'https://evil.test' },
    });
    expect(crossSite.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${app.url}/`, { headers: { host: 'attacker.test' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('answers malformed and invalid calls with the error envelope', async () => {
    const notJson = await fetch(`${app.url}/api/call/projects.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}` },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    expect(await app.call('builds.get', { projectId: 'p' })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(await app.call('no.such.command')).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(await app.call('projects.get', { projectId: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('serves the renderer, with its routes falling back to index.html', async () => {
    for (const path of ['/', '/projects/abc']) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toContain('<div id="app">');
    }
    expect((await fetch(`${app.url}/..%2f..%2fpackage.json`)).status).not.toBe(200);
  });

  it('streams events over the WebSocket to a client with the token', async () => {
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/api/events`, ['kozmic', `token.${app.token}`]);
    const frames: { type: string; name?: string; payload?: unknown }[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    await expect.poll(() => frames.some((f) => f.type === 'hello')).toBe(true);
    const updated = await app.call('settings.update', { maxParallelJobs: 3 });
    expect(updated).toMatchObject({ ok: true, value: { maxParallelJobs: 3 } });
    await expect.poll(() => frames.find((f) => f.name === 'settings.changed')?.payload).toMatchObject({ maxParallelJobs: 3 });
    socket.close();
  });

  it('refuses a WebSocket without the token', async () => {
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/api/events`, ['kozmic']);
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('error', (error) => resolve(error.message));
    });
    expect(outcome).toMatch(/401/);
  });

  it('answers on the webhook port without exposing the UI API there', async () => {
    const base = `http://127.0.0.1:${app.webhookPort}`;
    expect((await fetch(`${base}/`)).status).toBe(200);
    const api = await fetch(`${base}/api/call/app.status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}` },
    });
    expect(api.status).toBe(404);
  });
});

describe('headless host lifecycle', () => {
  it('shuts down cleanly on SIGTERM and keeps what was saved', async () => {
    const dataDir = await makeDataDir();
    try {
      const first = await startHeadless(dataDir);
      expect(await first.call('settings.update', { jobTimeoutSeconds: 1234 })).toMatchObject({ ok: true });
      expect(await first.stop()).toBe(0);
      expect(first.output()).toContain('SIGTERM received; shutting down');

      const second = await startHeadless(dataDir);
      expect(second.token).toBe(first.token);
      expect(await second.call('settings.get')).toMatchObject({ ok: true, value: { jobTimeoutSeconds: 1234 } });
      expect(await second.stop()).toBe(0);
    } finally {
      await removeDataDir(dataDir);
    }
  });

  it('reports an unreachable Docker engine as a status, not a crash', async () => {
    const dataDir = await makeDataDir();
    try {
      const app = await startHeadless(dataDir, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
      expect(app.output()).toContain('No Docker engine answers at unix:///nonexistent/docker.sock');
      const status = await app.call('app.status');
      expect(status).toMatchObject({
        ok: true,
        value: { docker: { reachable: false, endpoint: 'unix:///nonexistent/docker.sock', version: null } },
      });
      expect(await app.call('settings.update', { dockerHost: null })).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: expect.stringContaining('DOCKER_HOST') },
      });
      expect(await app.stop()).toBe(0);
    } finally {
      await removeDataDir(dataDir);
    }
  });

  it('refuses to start on invalid configuration, naming each variable', async () => {
    const dataDir = await makeDataDir();
    try {
      const { code, output } = await runToExit({ KOZMIC_DATA_DIR: dataDir, KOZMIC_PORT: 'http', KOZMIC_JOB_TIMEOUT: 'soon' });
      expect(code).toBe(78);
      expect(output).toContain('KOZMIC_PORT must be a whole number from 0 to 65535 (got "http")');
      expect(output).toContain('KOZMIC_JOB_TIMEOUT must be a whole number');
    } finally {
      await removeDataDir(dataDir);
    }
  });

  it('refuses to start on a corrupt store and leaves the file untouched', async () => {
    const dataDir = await makeDataDir();
    try {
      const corrupt = '{"schemaVersion": 2, "projects": [';
      await writeFile(join(dataDir, 'state.json'), corrupt);
      const { code, output } = await runToExit({ KOZMIC_DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(output).toContain('state.json');
      expect(await readFile(join(dataDir, 'state.json'), 'utf8')).toBe(corrupt);
    } finally {
      await removeDataDir(dataDir);
    }
  });
});
