import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LogServerFrame } from '../contract/log-stream.js';
import type { Caller, Disposer, EventListener, OpenLogRelay } from '../core/ports.js';

/** A browser that stops reading is cut off rather than let the core buffer without bound. */
const maxBufferedBytes = 8 * 1024 * 1024;

export interface EventSocketOptions {
  /** Events for one caller: the core leaves out what they may not see. */
  readonly subscribe: (listener: EventListener, caller: Caller) => Disposer;
  /** Decides on the upgrade request (token and origin checks live with the caller); null refuses it. */
  readonly admit: (request: IncomingMessage) => Promise<Caller | null>;
  /** Whether a connection's caller is still signed in (a teammate may sign out or be signed out). */
  readonly stillAdmitted: (caller: Caller) => Promise<boolean>;
  /** Live job logs, asked for with `log.subscribe` frames (contract/log-stream.ts; rpc/log-relay.ts). */
  readonly openLogRelay: OpenLogRelay;
}

/** How often open connections are checked against sign-outs and ended sessions. */
const recheckMs = 15_000;

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
  readonly #callers = new Map<WebSocket, Caller>();
  readonly #recheck: NodeJS.Timeout;

  constructor(options: EventSocketOptions) {
    this.#options = options;
    this.#recheck = setInterval(() => void this.recheck(), recheckMs);
    this.#recheck.unref();
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#options.admit(request).then(
      (caller) => {
        if (!caller) {
          socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
          return;
        }
        this.#server.handleUpgrade(request, socket, head, (ws) => this.#serve(ws, caller));
      },
      () => socket.destroy(),
    );
  }

  /** Closes the connections whose caller is no longer signed in; the browser then shows the sign-in. */
  async recheck(): Promise<void> {
    for (const [ws, caller] of this.#callers) {
      if (!(await this.#options.stillAdmitted(caller).catch(() => false))) ws.close(4401, 'signed out');
    }
  }

  #serve(ws: WebSocket, caller: Caller): void {
    this.#callers.set(ws, caller);
    const dispose = this.#options.subscribe((name, payload) => {
      if (ws.bufferedAmount > maxBufferedBytes) {
        ws.close(1013, 'too slow: reconnect and reload');
        return;
      }
      ws.send(JSON.stringify({ type: 'event', name, payload }));
    }, caller);
    const send = (frame: LogServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const logs = this.#options.openLogRelay(send, () => ws.bufferedAmount, caller);
    // Text that is not JSON is passed on as nothing, which the relay answers as an unknown frame.
    ws.on('message', (data) => logs.receive(parsedOrUndefined(String(data))));
    ws.on('close', () => {
      this.#callers.delete(ws);
      dispose();
      logs.close();
    });
    ws.on('error', () => ws.terminate());
    ws.send(JSON.stringify({ type: 'hello' }));
  }

  close(): void {
    clearInterval(this.#recheck);
    for (const client of this.#server.clients) client.close(1001, 'Kozmic is shutting down');
    this.#server.close();
  }
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
