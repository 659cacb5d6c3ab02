// One subscriber of one log. It holds only a cursor (`next`): behind the writer's ring it reads the
// backlog from the files, a bounded piece at a time; once its cursor is inside the ring it is live and
// gets each new chunk as it is appended. Because the cursor only moves by delivering chunk `next`,
// switching between the two never skips or repeats a chunk, whatever is written meanwhile.
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogChunk } from '../core/ports.js';
import { inspectClosedLog, readClosedChunks, type ClosedLog } from './backlog-reader.js';
import type { FileLogWriter } from './file-log-writer.js';
import type { LogLimits } from './log-limits.js';
import type { LogPaths } from './log-paths.js';

export interface LogSubscriber {
  onChunk(chunk: LogChunk): void;
  onEnd(): void;
  onGap?(nextSeq: number): void;
  /**
   * Bytes the subscriber has taken but not yet passed on (a WebSocket's `bufferedAmount`). Optional: a
   * subscriber that consumes synchronously is never behind. Backlog is paced by it, and a live
   * subscriber that gets more than `LogLimits.maxBehindBytes` (4 MiB) behind is dropped with `onGap`
   * (or, without `onGap`, put back on the backlog at its own pace).
   */
  bufferedBytes?(): number;
}

/** What a subscription needs from its log. */
export interface LogSource {
  readonly paths: LogPaths;
  readonly limits: LogLimits;
  /** The writer, while this process writes the log. */
  readonly writer: FileLogWriter | null;
  forget(subscription: LogSubscription): void;
  report(error: unknown): void;
}

type Mode = 'backlog' | 'live' | 'over';

export class LogSubscription {
  readonly #source: LogSource;
  readonly #subscriber: LogSubscriber;
  #next: number;
  #mode: Mode = 'backlog';
  #closedLog: ClosedLog | null | undefined;

  constructor(source: LogSource, fromSeq: number, subscriber: LogSubscriber) {
    this.#source = source;
    this.#subscriber = subscriber;
    this.#next = fromSeq;
  }

  /** Begins on the next microtask, so no handler runs before `subscribe` has returned its disposer. */
  start(): void {
    queueMicrotask(() => void this.#readBacklog());
  }

  dispose(): void {
    if (this.#mode === 'over') return;
    this.#mode = 'over';
    this.#source.forget(this);
  }

  /** The writer appended chunks: a live subscriber takes them now. */
  pump(): void {
    if (this.#mode !== 'live') return;
    const ring = this.#source.writer?.ring;
    while (ring && this.#mode === 'live' && this.#next < ring.nextSeq) {
      if (this.#next < ring.firstSeq) {
        // The ring moved on without this subscriber (it can between two pumps): back to the files.
        this.#mode = 'backlog';
        void this.#readBacklog();
        return;
      }
      if (this.#tooFarBehind()) return;
      this.#deliver(ring.at(this.#next)!);
    }
  }

  /** The writer stopped and everything is on disk. */
  writerFinished(): void {
    this.pump();
    if (this.#mode === 'live') this.end();
  }

  /** Ends the subscription (the log is complete, replaced or deleted). */
  end(): void {
    if (this.#mode === 'over') return;
    this.dispose();
    this.#call(() => this.#subscriber.onEnd());
  }

  async #readBacklog(): Promise<void> {
    try {
      while (this.#mode === 'backlog') {
        await this.#paced();
        if (this.#mode !== 'backlog') return;
        const writer = this.#source.writer;
        if (writer !== null && !writer.finished && this.#next >= writer.ring.firstSeq) {
          this.#mode = 'live';
          this.pump();
          return;
        }
        const chunks =
          writer !== null && !writer.finished
            ? await writer.readFlushed(this.#next, this.#source.limits.pieceBytes)
            : await this.#readClosed();
        if (this.#mode !== 'backlog') return;
        if (chunks.length === 0) {
          if (writer === null || writer.finished) this.end();
          else throw new Error(`the index of ${this.#source.paths.log} has no chunk ${this.#next}`);
          return;
        }
        for (const chunk of chunks) if (this.#mode === 'backlog') this.#deliver(chunk);
      }
    } catch (error) {
      this.#source.report(error);
      this.end();
    }
  }

  async #readClosed(): Promise<LogChunk[]> {
    if (this.#closedLog === undefined) this.#closedLog = await inspectClosedLog(this.#source.paths);
    if (this.#closedLog === null) return [];
    return readClosedChunks(this.#source.paths, this.#closedLog, this.#next, this.#source.limits.pieceBytes);
  }

  /** Backlog waits while the subscriber is still passing on what it has (it costs nothing to wait: it is on disk). */
  async #paced(): Promise<void> {
    while (this.#mode === 'backlog' && this.#buffered() > this.#source.limits.resumeBelowBytes) {
      await sleep(this.#source.limits.pollMs);
    }
  }

  #tooFarBehind(): boolean {
    if (this.#buffered() <= this.#source.limits.maxBehindBytes) return false;
    const onGap = this.#subscriber.onGap;
    if (onGap === undefined) {
      // Nobody to tell: catch up from the files instead, at the subscriber's pace.
      this.#mode = 'backlog';
      void this.#readBacklog();
      return true;
    }
    this.dispose();
    const next = this.#next;
    this.#call(() => onGap.call(this.#subscriber, next));
    return true;
  }

  #deliver(chunk: LogChunk): void {
    // A cut may have removed chunks before `next`: the first kept one comes with the note saying so.
    this.#next = chunk.seq + 1;
    this.#call(() => this.#subscriber.onChunk(chunk));
  }

  #buffered(): number {
    try {
      return this.#subscriber.bufferedBytes?.() ?? 0;
    } catch {
      return 0;
    }
  }

  /** A throwing handler loses its subscription; it must never reach the writer or other subscribers. */
  #call(handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.dispose();
      this.#source.report(error);
    }
  }
}
