import type { Envelope } from '../../../server/contract/envelope.js';
import type { NoteRanges } from '../../../server/contract/log-stream.js';

export type EventHandler = (name: string, payload: unknown) => void;
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** What a live log viewer is told. Chunks arrive in order, each exactly once, across reconnects. */
export interface LogStreamHandlers {
  /** Raw bytes of chunk `seq` (ANSI kept); `notes`: the ranges of `bytes` that are Kozmic's notes. */
  onChunk(seq: number, bytes: Uint8Array, notes?: NoteRanges): void;
  /** The log is complete: nothing more will come. */
  onEnd(): void;
  /** The core could not serve the log; the message is for a person. */
  onError(message: string): void;
}

/**
 * How the renderer reaches the core. Electron gives an IPC transport, a browser a WebSocket one; the
 * rest of the renderer never knows which it has.
 */
export interface Transport {
  call(name: string, args: unknown): Promise<Envelope<unknown>>;
  /** Every core event until the returned disposer is called. */
  subscribe(handler: EventHandler): () => void;
  onConnectionChange(handler: (state: ConnectionState) => void): () => void;
  /**
   * One attempt's log from chunk `fromSeq` (1 = the start) until the disposer is called or it ends.
   * Gaps and reconnects are handled inside: the transport resumes after the last chunk it delivered.
   */
  subscribeLog(
    jobId: string,
    attempt: number | undefined,
    fromSeq: number,
    handlers: LogStreamHandlers,
  ): () => void;
}
