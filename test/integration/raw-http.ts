// HTTP as a hostile or broken client speaks it, over a plain socket: targets no URL parser would
// produce, uploads cut short, chunked bodies that lie about their size.
import { connect } from 'node:net';

/** Sends `text` as is and resolves with the status code of the first answer (0 when none came). */
export function rawRequest(port: number, text: string | Buffer, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const done = () => {
      socket.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0));
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (/^HTTP\/1\.1 \d{3}/.test(received)) {
        clearTimeout(timer);
        done();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.write(text);
  });
}

/** Starts an upload of `declared` bytes, sends part of it, and drops the connection. */
export function abortedUpload(port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"ref":`,
      );
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 30);
    });
    socket.on('error', () => resolve());
  });
}

/** A chunked body whose chunk-size line is not hexadecimal. */
export function malformedChunked(port: number, path: string): Promise<number> {
  return rawRequest(
    port,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\nzz\r\nnonsense\r\n0\r\n\r\n`,
    2000,
  );
}

/** Sends `text` (which should ask for `Connection: close`) and resolves with the whole answer. */
export function rawResponse(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (data) => (received += data.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    socket.write(text);
  });
}
