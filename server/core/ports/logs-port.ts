// The JobLogs port: log files with live fan-out.
import type { Disposer } from '../event-bus.js';

/** A job attempt's log being written: raw bytes in order, each chunk numbered. */
export interface LogWriter {
  /** Output from the container, as it arrives (ANSI kept). */
  write(chunk: Buffer): void;
  /** A line from Kozmic itself (shown distinctly, e.g. "Pulling image…"). */
  note(text: string): void;
  /** Flushes and closes; later subscribers get the whole log and an end mark. */
  close(): Promise<void>;
}

/** Byte range [start, end) within a chunk or a page. */
export type ByteRange = readonly [start: number, end: number];

export interface LogChunk {
  /** 1-based sequence number of the chunk within the log; resume by asking for `seq + 1`. */
  readonly seq: number;
  readonly data: Buffer;
  /**
   * The parts of `data` that are Kozmic's own notes, not the job's output (absent: none). Kept apart
   * from the bytes so that nothing a build prints can pass for a note.
   */
  readonly notes?: readonly ByteRange[];
}

/**
 * Job logs as files under the data dir, with live fan-out. A subscriber that asks for "from sequence
 * N" gets the backlog then live chunks with no gap and no duplicate; a slow subscriber never stalls
 * the writer nor grows memory without bound (it is told to resume from the file instead).
 */
export interface JobLogs {
  /** Starts (or restarts, truncating) the log of an attempt. `limitBytes` caps the file: beyond it the tail is kept. */
  open(logFile: string, limitBytes: number): LogWriter;
  /**
   * Chunks from `fromSeq` on, then live ones until the log closes (`onEnd`). Returns a disposer.
   * `onGap(nextSeq)` is called when the subscriber fell too far behind: it should re-subscribe from there.
   */
  subscribe(
    logFile: string,
    fromSeq: number,
    handlers: {
      onChunk(chunk: LogChunk): void;
      onEnd(): void;
      onGap?(nextSeq: number): void;
      /** What the subscriber holds unsent (a WebSocket's bufferedAmount): paces the backlog, drops a laggard. */
      bufferedBytes?(): number;
    },
  ): Disposer;
  /** Raw bytes of a finished or running log (`start`/`end` byte offsets, for paging). */
  read(logFile: string, range?: { start?: number; end?: number }): Promise<Buffer>;
  /** Where Kozmic's notes lie within bytes [start, end) of a log (absolute offsets, in order). */
  notes(logFile: string, range: { start: number; end: number }): Promise<ByteRange[]>;
  /**
   * For a log still being written: how many bytes `read` can return now and the sequence number of the
   * chunk that follows them, so a viewer can show the tail and then go live from there. Null otherwise.
   */
  liveEnd(logFile: string): { readonly size: number; readonly nextSeq: number } | null;
  /** Bytes `read` can return right now (a running log grows). */
  size(logFile: string): Promise<number>;
  /** Deletes every log under a prefix (a project's or a build's). Idempotent. */
  remove(prefix: string): Promise<void>;
}
