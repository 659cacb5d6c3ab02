import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientErrors, isLoopback } from './waiting-connections.js';

let server: Server;
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A server whose headers timeout (300 ms) is checked every 50 ms, as the webhook port's is every 30 s. */
async function start(waitsForTunnel?: () => boolean): Promise<number> {
  server = createServer({ connectionsCheckingInterval: 50 }, (_request, response) => response.end('ok'));
  server.headersTimeout = 300;
  server.requestTimeout = 600;
  answerClientErrors(server, waitsForTunnel);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** Connects, optionally writes, and records what comes back until the server closes or `ms` pass. */
async function talk(port: number, ms: number, write?: string): Promise<{ received: string; closed: boolean; socket: Socket }> {
  const socket = connect(port, '127.0.0.1');
  const seen = { received: '', closed: false, socket };
  socket.on('data', (data) => (seen.received += String(data)));
  socket.on('close', () => (seen.closed = true));
  await new Promise((resolve) => socket.once('connect', resolve));
  if (write) socket.write(write);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return seen;
}

describe('client errors on the webhook port', () => {
  it('leaves a silent connection from this machine waiting, and serves it when a request comes', async () => {
    const port = await start();
    const waiting = await talk(port, 900);
    expect(waiting).toMatchObject({ received: '', closed: false });
    waiting.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(waiting.received).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*ok$/);
    waiting.socket.destroy();
  });

  it('closes a silent connection from elsewhere without answering', async () => {
    const port = await start(() => false);
    expect(await talk(port, 900)).toMatchObject({ received: '', closed: true });
  });

  it('still answers a request that stalls half-way 408, and garbage 400', async () => {
    const port = await start();
    const stalled = await talk(port, 900, 'GET / HTTP/1.1\r\nHost: x\r\n');
    expect(stalled).toMatchObject({ closed: true });
    expect(stalled.received).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    const garbage = await talk(port, 200, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatchObject({ closed: true });
    expect(garbage.received).toMatch(/^HTTP\/1\.1 400 Bad Request/);
  });

  it('knows loopback addresses in every spelling', () => {
    expect(['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '1270::1', undefined].map(isLoopback)).toEqual([false, false, false, false]);
  });
});
