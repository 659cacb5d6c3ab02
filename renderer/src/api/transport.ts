import type { Envelope } from '../../../server/contract/envelope.js';

export type EventHandler = (name: string, payload: unknown) => void;
export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * How the renderer reaches the core. Electron gives an IPC transport, a browser a WebSocket one; the
 * rest of the renderer never knows which it has.
 */
export interface Transport {
  call(name: string, args: unknown): Promise<Envelope<unknown>>;
  /** Every core event until the returned disposer is called. */
  subscribe(handler: EventHandler): () => void;
  onConnectionChange(handler: (state: ConnectionState) => void): () => void;
}
