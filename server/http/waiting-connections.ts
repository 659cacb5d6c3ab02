// How the webhook port answers clients that fail before a request arrives. A connection that has sent
// nothing yet is usually not a slow request: the localtunnel client connects to this port as soon as
// each of its sockets to the tunnel server opens, and waits there for the next delivery. Node would
// answer such a connection "408 Request Timeout" after `headersTimeout` and close it; the 408 then sits
// in the tunnel server's idle socket and becomes the answer to the next request that socket carries, so
// a health check reads 408, the tunnel is judged dead and replaced, and every webhook re-pointed.
// So a silent connection from this machine (the tunnel client) is left waiting, a silent one from
// elsewhere is closed without a word, and every other client error gets the answer Node would give.
import type { Server } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';

/** Node's own answers to a broken request (lib/_http_server.js), sent before the socket is closed. */
const answers: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
};
const badRequest = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

type ClientSocket = Duplex & { readonly bytesRead?: number; readonly remoteAddress?: string };

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'));
}

export function answerClientErrors(
  server: Server,
  waitsForTunnel: (socket: ClientSocket) => boolean = (socket) => isLoopback(socket.remoteAddress),
): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: ClientSocket) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.bytesRead === 0) {
      // Node checks a connection's headers timeout once; left open, it waits until bytes arrive.
      if (waitsForTunnel(socket)) return;
      socket.destroy();
      return;
    }
    if (socket.writable) socket.write(answers[error.code ?? ''] ?? badRequest);
    socket.destroy();
  });
}
