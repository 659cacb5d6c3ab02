import type { Envelope } from '../../../server/contract/envelope.js';
import type { ConnectionState, EventHandler, Transport } from './transport.js';

/** What the Electron preload exposes as `window.kozmic`. */
export interface PreloadBridge {
  call(name: string, args: unknown): Promise<Envelope<unknown>>;
  subscribe(handler: EventHandler): () => void;
}

export class IpcTransport implements Transport {
  readonly #bridge: PreloadBridge;

  constructor(bridge: PreloadBridge) {
    this.#bridge = bridge;
  }

  call(name: string, args: unknown): Promise<Envelope<unknown>> {
    return this.#bridge.call(name, args);
  }

  subscribe(handler: EventHandler): () => void {
    return this.#bridge.subscribe(handler);
  }

  onConnectionChange(handler: (state: ConnectionState) => void): () => void {
    handler('open');
    return () => undefined;
  }
}
