// Webhook reachability as the headless host reports it: its own health answer, `app.status` with and
// without a public URL, the push when the URL changes, and another Kozmic's endpoint told from its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppStatusDto } from '../../server/contract/dto.js';
import { freePort } from '../fixtures/free-port.js';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';

describe('webhook reachability of the headless host', () => {
  let app: HeadlessApp;
  let other: HeadlessApp;
  let port: number;

  beforeAll(async () => {
    // A fixed port (not 0), so the advice names the port the tunnel must point at.
    port = await freePort();
    [app, other] = await Promise.all([
      startHeadless(await makeDataDir(), { KOZMIC_PORT: String(port) }),
      startHeadless(await makeDataDir()),
    ]);
  });

  afterAll(async () => {
    for (const host of [app, other]) {
      await host.stop();
      await removeDataDir(host.dataDir);
    }
  });

  const webhooksOf = async (host: HeadlessApp) =>
    ((await host.call('app.status')).value as AppStatusDto).webhooks;

  it('answers GET /hooks/health with a per-process nonce and nothing else', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/hooks/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(health).sort()).toEqual(['instance', 'kozmic']);
    expect(health).toMatchObject({ kozmic: true, instance: expect.stringMatching(/^[a-f0-9]{32}$/) });
    const others = (await (await fetch(`http://127.0.0.1:${other.webhookPort}/hooks/health`)).json()) as {
      instance: string;
    };
    expect(others.instance).not.toBe(health.instance);
  });

  it('without a public URL, is unreachable with the advice at start-up and in app.status', async () => {
    expect(app.output()).toContain('Public:   No public URL is set');
    const webhooks = await webhooksOf(app);
    expect(webhooks).toMatchObject({ publicUrl: null, reachable: false });
    expect(webhooks.problem).toContain(`KOZMIC_PORT ${port}`);
  });

  it('is reachable once the public URL leads to its own webhook port, and pushes the news', async () => {
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/api/events`, [
      'kozmic',
      `token.${app.token}`,
    ]);
    const statuses: AppStatusDto[] = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { name?: string; payload?: unknown };
      if (frame.name === 'app.status') statuses.push(frame.payload as AppStatusDto);
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    try {
      const publicUrl = `http://127.0.0.1:${port}`;
      expect(await app.call('settings.update', { publicUrl })).toMatchObject({ ok: true });
      await expect
        .poll(() => statuses.at(-1)?.webhooks)
        .toMatchObject({ publicUrl, reachable: true, problem: null });
      expect(await webhooksOf(app)).toMatchObject({ publicUrl, reachable: true, problem: null });
    } finally {
      socket.close();
    }
  });

  it("tells another Kozmic's endpoint from its own", async () => {
    const publicUrl = `http://127.0.0.1:${other.webhookPort}`;
    expect(await app.call('settings.update', { publicUrl })).toMatchObject({ ok: true });
    expect(await webhooksOf(app)).toMatchObject({
      publicUrl,
      reachable: false,
      problem: `${publicUrl} answers, but not as this Kozmic (another Kozmic answers there): point it at port ${port}.`,
    });
  });
});
