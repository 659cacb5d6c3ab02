// The localtunnel stand-in (test/fixtures/tunnel-server.ts) driven by the real `localtunnel` client over
// real TCP, so tests that use it meet the client's actual behaviour, including when the server goes away.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import localtunnel from 'localtunnel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTunnelServer, type TunnelServer, type TunnelServerOptions } from '../fixtures/tunnel-server.js';

interface Echo {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The laptop's side: a local HTTP server that answers each request with what it received. Responses are
 * held until `holdUntil` requests have arrived, so a test can prove that many were in flight at once.
 */
async function startLocalServer(holdUntil = 1) {
  let arrived = 0;
  const held: (() => void)[] = [];
  const local = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { method = '', url = '', headers } = req;
      const echo: Echo = { method, url, headers, body: Buffer.concat(chunks).toString() };
      const status = method === 'POST' ? 201 : 200;
      const headersBack = { 'Content-Type': 'application/json', 'X-Echo-Method': method };
      held.push(() => res.writeHead(status, headersBack).end(JSON.stringify(echo)));
      if (++arrived >= holdUntil) for (const release of held.splice(0)) release();
    });
  });
  local.listen(0, '127.0.0.1');
  await once(local, 'listening');
  cleanups.push(() => {
    local.closeAllConnections();
    return new Promise((resolve) => local.close(resolve));
  });
  return { port: (local.address() as AddressInfo).port, arrived: () => arrived };
}

async function startServer(options?: TunnelServerOptions): Promise<TunnelServer> {
  const server = await startTunnelServer(options);
  cleanups.push(() => server.close());
  return server;
}

/** The real client, as Kozmic will open it; every error it emits is kept (an unheard one would crash). */
async function openTunnel(server: TunnelServer, localPort: number, subdomain?: string) {
  const tunnel = await localtunnel({ port: localPort, host: server.url, local_host: '127.0.0.1', subdomain });
  const errors: Error[] = [];
  tunnel.on('error', (error: Error) => errors.push(error));
  cleanups.push(() => tunnel.close());
  return { tunnel, errors };
}

const echoOf = async (response: Response) => (await response.json()) as Echo;

describe('tunnel server stand-in with the real localtunnel client', () => {
  it('carries a GET and a POST to the local server and their answers back intact', async () => {
    const local = await startLocalServer();
    const server = await startServer();
    const { tunnel } = await openTunnel(server, local.port);

    expect(tunnel.url).toBe(server.tunnels()[0]?.publicUrl);
    const get = await fetch(`${tunnel.url}/builds?branch=main`, { headers: { 'X-GitHub-Event': 'ping' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('x-echo-method')).toBe('GET');
    const got = await echoOf(get);
    expect(got).toMatchObject({ method: 'GET', url: '/builds?branch=main', body: '' });
    expect(got.headers['x-github-event']).toBe('ping');

    const payload = JSON.stringify({ ref: 'refs/heads/main', message: 'Café ☕ '.repeat(200) });
    const post = await fetch(`${tunnel.url}/webhooks/github`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: payload,
    });
    expect(post.status).toBe(201);
    expect(post.headers.get('content-type')).toBe('application/json');
    const posted = await echoOf(post);
    expect(posted).toMatchObject({ method: 'POST', url: '/webhooks/github', body: payload });
    expect(posted.headers['content-type']).toBe('application/json');
  });

  it('carries several requests in a row', async () => {
    const local = await startLocalServer();
    const server = await startServer();
    const { tunnel } = await openTunnel(server, local.port);

    for (let n = 1; n <= 5; n++) {
      const response = await fetch(`${tunnel.url}/deliveries/${n}`);
      expect((await echoOf(response)).url).toBe(`/deliveries/${n}`);
    }
    await vi.waitFor(() => expect(server.tunnels()[0]?.clientSockets).toBe(4)); // max_conn_count, kept up
  });

  it('carries as many requests at once as the client has sockets, and queues the rest', async () => {
    const local = await startLocalServer(4); // nothing is answered until 4 requests are in flight together
    const server = await startServer({ maxConnCount: 4 });
    const { tunnel } = await openTunnel(server, local.port);

    // `Connection: close` ends each visitor connection after its answer; the client replaces the socket
    // that carried it, and a queued request gets the new one.
    const paths = ['/a', '/b', '/c', '/d', '/e', '/f'];
    const answers = await Promise.all(
      paths.map((path) => fetch(`${tunnel.url}${path}`, { headers: { Connection: 'close' } }).then(echoOf)),
    );
    expect(answers.map((echo) => echo.url)).toEqual(paths);
    expect(local.arrived()).toBe(6);
  });

  it('honours a requested subdomain and refuses one in use or malformed', async () => {
    const local = await startLocalServer();
    const server = await startServer();
    const { tunnel } = await openTunnel(server, local.port, 'kozmic-laptop');

    expect(server.tunnels()).toEqual([
      { id: 'kozmic-laptop', publicUrl: tunnel.url, clientSockets: expect.any(Number) },
    ]);
    expect((await echoOf(await fetch(`${tunnel.url}/hook`))).url).toBe('/hook');
    // Asked of the control server directly: the client would retry these refusals every second, forever.
    const taken = await fetch(`${server.url}/kozmic-laptop`);
    expect(taken.status).toBe(403);
    expect(await taken.json()).toEqual({ message: expect.stringContaining('in use') });
    expect((await fetch(`${server.url}/No_Good`)).status).toBe(400);
  });

  it('answers /?new like localtunnel.me, and 502 when no client socket comes free', async () => {
    const server = await startServer({ socketWaitMs: 50 });
    const answer = await fetch(`${server.url}/?new`);
    const info = (await answer.json()) as { id: string; port: number; max_conn_count: number; url: string };
    expect(info).toEqual({
      id: expect.stringMatching(/^[a-z]+$/),
      port: expect.any(Number),
      max_conn_count: 4,
      url: expect.any(String),
    });

    const unserved = await fetch(info.url); // no client ever connected to info.port
    expect(unserved.status).toBe(502);
    expect(await unserved.text()).toContain(info.id);
  });

  it('makes the client wait, not fail, while new tunnels are refused', async () => {
    const local = await startLocalServer();
    const server = await startServer();
    server.refuseNew(503);
    const opening = openTunnel(server, local.port);
    const refused = await fetch(`${server.url}/?new`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ message: expect.any(String) });

    server.refuseNew(null);
    const { tunnel } = await opening; // the client retries each second until it gets a 200
    expect((await echoOf(await fetch(`${tunnel.url}/after`))).url).toBe('/after');
  });

  it('when the tunnel is dropped, the client emits one error per socket and never comes back', async () => {
    const local = await startLocalServer();
    const server = await startServer({ maxConnCount: 4 });
    const { tunnel, errors } = await openTunnel(server, local.port);
    let closed = false;
    tunnel.on('close', () => (closed = true));
    const url = tunnel.url;
    await vi.waitFor(() => expect(server.tunnels()[0]?.clientSockets).toBe(4));

    const fourErrors = new Promise<void>((resolve) =>
      tunnel.on('error', () => {
        if (errors.length === 4) resolve();
      }),
    );
    await server.dropTunnel(server.tunnels()[0]!.id);
    await fourErrors;
    // Each dead socket is replaced at once, the replacement is refused, and that is the end of it: no
    // 'close', no new tunnel (lib/Tunnel.js asks the control server only in open()); the URL stays, dead.
    expect(errors.map((error) => error.message)).toEqual(
      Array(4).fill(
        expect.stringMatching(/^connection refused: 127\.0\.0\.1:\d+ \(check your firewall settings\)$/),
      ),
    );
    expect(closed).toBe(false);
    expect(tunnel.url).toBe(url);
    expect(server.tunnels()).toEqual([]);
    await expect(fetch(`${url}/late`)).rejects.toThrow();
  });
});
