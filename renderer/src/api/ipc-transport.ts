import type { Envelope } from '../../../server/contract/envelope.js';
import type { LogClientFrame } from '../../../server/contract/log-stream.js';
import { isLogServerFrame, LogStreams } from './log-streams.js';
import type { ConnectionState, EventHandler, LogStreamHandlers, Transport } from './transport.js';

/** Name under which the preload delivers log frames through the same listener as events. */
const logFrameName = 'log';

/** What the Electron preload exposes as `window.kozmic`. */
export interface PreloadBridge {
  call(name: string, args: unknown): Promise<Envelope<unknown>>;
  subscribe(handler: EventHandler): () => void;
  /** Live logs: `log.subscribe` / `log.unsubscribe`; answers arrive as events named `log`. */
  sendLogFrame?(frame: LogClientFrame): void;
}

/** Electron: the preload's `call`/`subscribe`, and the same log frames as the WebSocket, over IPC. */
export class IpcTransport implements Transport {
  readonly #bridge: PreloadBridge;
  readonly #logs: LogStreams;
  readonly #stopLogFrames: () => void;

  constructor(bridge: PreloadBridge) {
    this.#bridge = bridge;
    this.#logs = new LogStreams((frame) => {
      if (!bridge.sendLogFrame) return false;
      bridge.sendLogFrame(frame);
      return true;
    });
    this.#stopLogFrames = bridge.subscribe((name, payload) => {
      if (name === logFrameName && isLogServerFrame(payload)) this.#logs.receive(payload);
    });
  }

  call(name: string, args: unknown): Promise<Envelope<unknown>> {
    return this.#bridge.call(name, args);
  }

  subscribe(handler: EventHandler): () => void {
    return this.#bridge.subscribe((name, payload) => {
      if (name !== logFrameName) handler(name, payload);
    });
  }

  onConnectionChange(handler: (state: ConnectionState) => void): () => void {
    handler('open');
    return () => undefined;
  }

  subscribeLog(
    jobId: string,
    attempt: number | undefined,
    fromSeq: number,
    handlers: LogStreamHandlers,
  ): () => void {
    if (!this.#bridge.sendLogFrame) {
      queueMicrotask(() => handlers.onError('This version of the desktop app cannot stream logs yet.'));
      return () => undefined;
    }
    return this.#logs.open(jobId, attempt, fromSeq, handlers);
  }

  /** Stops listening for log frames (the window is going away). */
  dispose(): void {
    this.#stopLogFrames();
  }
}
