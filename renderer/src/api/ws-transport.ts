import type { Envelope } from '../../../server/contract/envelope.js';
import { isLogServerFrame, LogStreams } from './log-streams.js';
import type { ConnectionState, EventHandler, LogStreamHandlers, Transport } from './transport.js';

const maxRetryMs = 10_000;

/**
 * The headless host: commands as `POST /api/call/<name>`, events and live logs over one WebSocket that
 * reconnects with backoff. The token is the operator's (from the URL Kozmic printed, `#token=…`) or a
 * teammate's session token; without one only the sign-in commands work and no socket is opened.
 * After a reconnect every open log resumes after its last chunk.
 */
export class WsTransport implements Transport {
  readonly #base: URL;
  readonly #token: string;
  /** The server no longer accepts the token (a session ended or expired). */
  readonly #onRefused: () => void;
  readonly #handlers = new Set<EventHandler>();
  readonly #stateHandlers = new Set<(state: ConnectionState) => void>();
  readonly #logs = new LogStreams((frame) => {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(frame));
    return true;
  });
  #socket: WebSocket | null = null;
  #retryMs = 500;
  #state: ConnectionState = 'closed';

  constructor(base: URL, token: string, onRefused: () => void = () => undefined) {
    this.#base = base;
    this.#token = token;
    this.#onRefused = onRefused;
    if (token !== '') this.#connect();
  }

  async call(name: string, args: unknown): Promise<Envelope<unknown>> {
    let response: Response;
    try {
      response = await fetch(new URL(`api/call/${encodeURIComponent(name)}`, this.#base), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.#token === '' ? {} : { authorization: `Bearer ${this.#token}` }),
        },
        body: JSON.stringify(args ?? {}),
      });
    } catch {
      return {
        ok: false,
        error: { code: 'unavailable', message: 'Kozmic is not reachable. Is it still running?' },
      };
    }
    if (response.status === 401 && this.#token !== '') this.#onRefused();
    const body = (await response.json().catch(() => null)) as Envelope<unknown> | null;
    return (
      body ?? {
        ok: false,
        error: { code: 'internal', message: `Unexpected answer (HTTP ${response.status}).` },
      }
    );
  }

  subscribe(handler: EventHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  onConnectionChange(handler: (state: ConnectionState) => void): () => void {
    this.#stateHandlers.add(handler);
    handler(this.#state);
    return () => this.#stateHandlers.delete(handler);
  }

  subscribeLog(
    jobId: string,
    attempt: number | undefined,
    fromSeq: number,
    handlers: LogStreamHandlers,
  ): () => void {
    return this.#logs.open(jobId, attempt, fromSeq, handlers);
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    for (const handler of this.#stateHandlers) handler(state);
  }

  #receive(text: string): void {
    let frame: { type?: unknown; name?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return;
    }
    if (isLogServerFrame(frame)) return this.#logs.receive(frame);
    if (frame.type !== 'event' || typeof frame.name !== 'string') return;
    for (const handler of this.#handlers) handler(frame.name, frame.payload);
  }

  #connect(): void {
    const url = new URL('api/events', this.#base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.#setState('connecting');
    const socket = new WebSocket(url, ['kozmic', `token.${this.#token}`]);
    this.#socket = socket;
        let opened = false;
    socket.onopen = () => {
      opened = true;
      this.#retryMs = 500;
      this.#logs.resumeAll();
      this.#setState('open');
    };
    socket.onmessage = (message) => this.#receive(String(message.data));
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      // 4401: the session was ended (signed out here or in another tab); reconnecting cannot help.
      if (event.code === 4401) return this.#onRefused();
      // A refused upgrade looks like any failed connection; one call tells a lapsed token (401, which
      // reaches onRefused) from a server that is simply away.
      if (!opened) void this.call('auth.status', {});
      this.#setState('closed');
      setTimeout(() => this.#connect(), this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, maxRetryMs);
    };
  }
}
