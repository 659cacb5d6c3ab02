// Live log subscriptions over a frame channel (a WebSocket or the preload's IPC), shared by both
// transports. Each subscription remembers the next chunk it wants, so a gap, a duplicate or a
// reconnect never loses or repeats a line: it simply asks again from there, under the same id.
import type { LogClientFrame, LogServerFrame } from '../../../server/contract/log-stream.js';
import { decodeBase64 } from './base64.js';
import type { LogStreamHandlers } from './transport.js';

interface Stream {
  readonly id: string;
  readonly jobId: string;
  readonly attempt: number | undefined;
  nextSeq: number;
  readonly handlers: LogStreamHandlers;
}

export class LogStreams {
  readonly #send: (frame: LogClientFrame) => boolean;
  readonly #streams = new Map<string, Stream>();
  #counter = 0;

  /** `send` returns false when the channel is down; `resumeAll` then re-sends once it is back. */
  constructor(send: (frame: LogClientFrame) => boolean) {
    this.#send = send;
  }

  get size(): number {
    return this.#streams.size;
  }

  open(jobId: string, attempt: number | undefined, fromSeq: number, handlers: LogStreamHandlers): () => void {
    const id = `log-${++this.#counter}`;
    const stream: Stream = { id, jobId, attempt, nextSeq: Math.max(1, fromSeq), handlers };
    this.#streams.set(id, stream);
    this.#subscribe(stream);
    return () => {
      if (this.#streams.delete(id)) this.#send({ type: 'log.unsubscribe', id });
    };
  }

  /** The channel (re)opened: every open stream resumes after the last chunk it delivered. */
  resumeAll(): void {
    for (const stream of this.#streams.values()) this.#subscribe(stream);
  }

  receive(frame: LogServerFrame): void {
    const stream = this.#streams.get(frame.id);
    if (!stream) return; // a late frame for a stream already closed
    switch (frame.type) {
      case 'log.chunk':
        if (frame.seq < stream.nextSeq) return; // already delivered (a resume overlapped)
        if (frame.seq > stream.nextSeq) return this.#subscribe(stream); // a hole: ask again from ours
        stream.nextSeq = frame.seq + 1;
        stream.handlers.onChunk(frame.seq, decodeBase64(frame.data), frame.notes);
        return;
      case 'log.gap':
        // The core dropped us for falling behind; our own cursor is the truth about what we have.
        return this.#subscribe(stream);
      case 'log.end':
        this.#streams.delete(stream.id);
        stream.handlers.onEnd();
        return;
      case 'log.error':
        this.#streams.delete(stream.id);
        stream.handlers.onError(frame.message);
        return;
    }
  }

  #subscribe(stream: Stream): void {
    this.#send({
      type: 'log.subscribe',
      id: stream.id,
      jobId: stream.jobId,
      ...(stream.attempt === undefined ? {} : { attempt: stream.attempt }),
      fromSeq: stream.nextSeq,
    });
  }
}

/** Whether a parsed frame from the core is a log frame (`log.chunk`, `log.end`, …). */
export function isLogServerFrame(frame: unknown): frame is LogServerFrame {
  const f = frame as { type?: unknown; id?: unknown } | null;
  return typeof f?.type === 'string' && f.type.startsWith('log.') && typeof f.id === 'string';
}
