// The localtunnel adapter against the tunnel server stand-in (real client, real TCP): what it reports
// when the server cannot be reached or refuses, that bodies arrive byte for byte (webhook signatures
// depend on it), and that a dropped tunnel is reported lost.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedTunnel } from '../core/ports.js';
import { TunnelError } from '../core/ports.js';
import { openLocaltunnel } from './localtunnel-tunnel.js';
import { freePort } from '../../test/fixtures/free-port.js';
import { startTunnelServer, type TunnelServer } from '../../test/fixtures/tunnel-server.js';

describe('openLocaltunnel', () => {
  let tunnels: TunnelServer;
  let local: Server;
  let localPort: number;
  const received: Buffer[] = [];
  const opened: OpenedTunnel[] = [];

  beforeEach(async () => {
    tunnels = await startTunnelServer();
    received.length = 0;
    local = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(Buffer.concat(chunks));
        response.writeHead(202, { 'content-type': 'text/plain' }).end('accepted');
      });
    });
    local.listen(0);
    await once(local, 'listening');
    localPort = (local.address() as AddressInfo).port;
  });

  afterEach(async () => {
    for (const tunnel of opened.splice(0)) tunnel.close();
    local.close();
    await tunnels.close();
  });

  it('carries a webhook body byte for byte, multi-byte characters included', async () => {
    const tunnel = await openLocaltunnel({ server: tunnels.url, localPort, subdomain: null });
    opened.push(tunnel);
    expect(tunnel.url).toBe(tunnels.tunnels()[0]!.publicUrl);
    // Long enough to span several TCP chunks, with a multi-byte character at every offset.
    const body = Buffer.from(JSON.stringify({ message: 'Zürich ✓ 東京 '.repeat(4000) }));
        const response = await fetch(`${tunnel.url}/hooks/github/abc`, { method: 'POST', body });
    expect(response.status).toBe(202);
    expect(Buffer.compare(received[0]!, body)).toBe(0);
    // Bytes that are not UTF-8 at all come through too: nothing on the way decodes the stream as text.
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    expect((await fetch(`${tunnel.url}/x`, { method: 'POST', body: bytes })).status).toBe(202);
    expect(Buffer.compare(received[1]!, bytes)).toBe(0);
  });

  it('says the server cannot be reached, instead of trying forever', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const error = await openLocaltunnel({ server: closed, localPort, subdomain: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TunnelError);
    expect((error as Error).message).toMatch(/cannot be reached \(ECONNREFUSED\)/);
  });

  it('says which name was refused, and what a refusal said', async () => {
    opened.push(await openLocaltunnel({ server: tunnels.url, localPort, subdomain: 'kozmic-ci' }));
    const taken = await openLocaltunnel({ server: tunnels.url, localPort, subdomain: 'kozmic-ci' }).catch(
      (e: unknown) => e,
    );
    expect((taken as Error).message).toContain('refused the name "kozmic-ci"');
    tunnels.refuseNew(503);
    const refused = await openLocaltunnel({ server: tunnels.url, localPort, subdomain: null }).catch(
      (e: unknown) => e,
    );
    expect((refused as Error).message).toContain('refused a tunnel');
  });

  it('reports a tunnel the server dropped as lost', async () => {
    const tunnel = await openLocaltunnel({ server: tunnels.url, localPort, subdomain: null });
    opened.push(tunnel);
    await expect.poll(() => tunnels.tunnels()[0]?.clientSockets).toBeGreaterThan(0);
    await tunnels.dropTunnel(tunnels.tunnels()[0]!.id);
    expect(await tunnel.lost).toMatch(/^The tunnel was lost: connection refused/);
  });
});
