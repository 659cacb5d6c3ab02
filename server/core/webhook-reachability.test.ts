// The probe against real local HTTP servers: what each failure looks like, and when it asks again.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/fixtures/free-port.js';
import { WebhookReachability, type WebhookReachabilityOptions } from './webhook-reachability.js';

const nonce = 'nonce-of-this-process';
const servers: Server[] = [];

/** A server on a free port; `requests` counts what reached it. */
async function serve(listener: RequestListener): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    listener(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

/** Answers `path` the way the webhook server answers `/hooks/health`, with the given nonce. */
function health(instance: string, path = '/hooks/health'): RequestListener {
  return (request, response) => {
    if (request.url !== path) return void response.writeHead(404).end();
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kozmic: true, instance }));
  };
}

function probe(publicUrl: () => string | null, options: Partial<WebhookReachabilityOptions> = {}) {
  return new WebhookReachability({ publicUrl, port: 7420, instance: nonce, timeoutMs: 300, ...options });
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('WebhookReachability', () => {
  it('without a public URL, says so and where to set one', async () => {
    const result = await probe(() => null).check();
    expect(result).toMatchObject({ publicUrl: null, reachable: false });
    expect(result.problem).toContain('No public URL is set');
    expect(result.problem).toContain('KOZMIC_PORT 7420');
    expect(Date.parse(result.checkedAt)).not.toBeNaN();
  });

  it('is reachable when the health answer carries this process nonce, keeping a path prefix', async () => {
    const server = await serve(health(nonce, '/kozmic/hooks/health'));
    const result = await probe(() => `${server.url}/kozmic/`).check();
    expect(result).toEqual({
      publicUrl: `${server.url}/kozmic/`,
      reachable: true,
      checkedAt: expect.any(String),
      problem: null,
    });
  });

  it('tells another Kozmic, and any other answer, from this one', async () => {
    const other = await serve(health('someone-else'));
    const otherResult = await probe(() => other.url).check();
    expect(otherResult.reachable).toBe(false);
    expect(otherResult.problem).toBe(
      `${other.url} answers, but not as this Kozmic (another Kozmic answers there): point it at port 7420.`,
    );

    const page = await serve(
      (_request, response) => void response.writeHead(200).end('<html>It works!</html>'),
    );
    expect((await probe(() => page.url).check()).problem).toContain('(not a Kozmic health answer)');

    const redirect = await serve(
      (_request, response) => void response.writeHead(301, { location: 'https://x.test/' }).end(),
    );
    expect((await probe(() => redirect.url).check()).problem).toContain('(HTTP 301)');
  });

  it('names a refused connection and what to check', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await probe(() => url).check();
    expect(result).toMatchObject({ publicUrl: url, reachable: false });
    expect(result.problem).toBe(
      `Could not reach ${url}: connection refused. GitHub cannot deliver webhooks there either; ` +
        'check that the tunnel or port forward points at port 7420.',
    );
  });

  it('gives up on a server that never answers after the timeout', async () => {
    const silent = await serve(() => undefined);
    const started = Date.now();
    const result = await probe(() => silent.url, { timeoutMs: 200 }).check();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.reachable).toBe(false);
    expect(result.problem).toContain('no answer within 0.2 s');
  });

  it('keeps an answer for a while, shares it between callers, and asks again when it expires', async () => {
    const server = await serve(health(nonce));
    let now = 1_000_000;
    const reachability = probe(() => server.url, { cacheMs: 30_000, now: () => now });
    const [first, second] = await Promise.all([reachability.check(), reachability.check()]);
    expect(first).toBe(second);
    now += 29_000;
    expect(await reachability.check()).toBe(first);
    expect(server.requests()).toBe(1);
    now += 2_000;
    expect((await reachability.check()).checkedAt).toBe(new Date(now).toISOString());
    expect(server.requests()).toBe(2);
  });

  it('asks again at once when the public URL changes, and only then', async () => {
    const ours = await serve(health(nonce));
    let publicUrl: string | null = null;
    const reachability = probe(() => publicUrl);
    expect((await reachability.check()).reachable).toBe(false);
    expect(reachability.forgetIfUrlChanged()).toBe(false);

    publicUrl = ours.url;
    expect(reachability.forgetIfUrlChanged()).toBe(true);
    expect(await reachability.check()).toMatchObject({ publicUrl: ours.url, reachable: true });
    expect(reachability.forgetIfUrlChanged()).toBe(false);
    await reachability.check();
    expect(ours.requests()).toBe(1);
  });
});
