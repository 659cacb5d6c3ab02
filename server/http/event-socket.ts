import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LogServerFrame } from '../contract/log-stream.js';
import type { Disposer, EventListener, SubscribeLog } from '../core/ports.js';
import { parseClientFrame } from './log-frames.js';

/** A browser that stops reading is cut off rather than let the core buffer without bound. */
const maxBufferedBytes = 8 * 1024 * 1024;

export interface EventSocketOptions {
  readonly subscribe: (listener: EventListener) => Disposer;
  /** Decides on the upgrade request: token and origin checks live with the caller. */
  readonly admit: (request: IncomingMessage) => boolean;
  /** Live job logs, asked for with `log.subscribe` frames (contract/log-stream.ts). */
  readonly subscribeLog: SubscribeLog;
}

/** Live log subscriptions one browser may hold at once (a build page shows a handful). */
const maxLogSubscriptions = 32;

/**
 * Core events to browsers over one WebSocket each: frames `{type: 'event', name, payload}`. Every
 * connection's subscription is disposed when it closes.
 */
export class EventSocket {
  readonly #server = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has('kozmic') ? 'kozmic' : false),
  });
  readonly #options: EventSocketOptions;

  constructor(options: EventSocketOptions) {
    this.#options = options;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.#options.admit(request)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#serve(ws));
  }

  #serve(ws: WebSocket): void {
    const dispose = this.#options.subscribe((name, payload) => {
      if (ws.bufferedAmount > maxBufferedBytes) {
        ws.close(1013, 'too slow: reconnect and reload');
        return;
      }
      ws.send(JSON.stringify({ type: 'event', name, payload }));
    });
    const logs = new Map<string, Promise<Disposer | null>>();
    const send = (frame: LogServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    ws.on('message', (data) => {
      const frame = parseClientFrame(String(data));
      if (!frame) return send({ type: 'log.error', id: '', message: 'Unknown frame.' });
      void logs.get(frame.id)?.then((stop) => stop?.());
      logs.delete(frame.id);
      if (frame.type === 'log.unsubscribe') return;
      if (logs.size >= maxLogSubscriptions) {
        return send({ type: 'log.error', id: frame.id, message: 'Too many logs open at once.' });
      }
      const started = this.#options.subscribeLog(frame, send, () => ws.bufferedAmount).catch((error: unknown) => {
        send({ type: 'log.error', id: frame.id, message: (error as Error).message });
        return null;
      });
      logs.set(frame.id, started);
    });
    ws.on('close', () => {
      dispose();
      for (const stop of logs.values()) void stop.then((s) => s?.());
      logs.clear();
    });
    ws.on('error', () => ws.terminate());
    ws.send(JSON.stringify({ type: 'hello' }));
  }

  close(): void {
    for (const client of this.#server.clients) client.close(1001, 'Kozmic is shutting down');
    this.#server.close();
  }
}
