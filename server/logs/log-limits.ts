// The memory and batching bounds of the log adapter, in one place. Defaults suit real jobs; tests
// shrink them to reach the disk paths with small logs.
export interface LogLimits {
  /**
   * Bytes accepted but not yet on disk. Beyond this the disk is slower than the job: further output is
   * dropped, and a note says how much, rather than growing memory without bound or blocking the caller.
   */
  readonly unflushedBytes: number;
  /** Flushed chunks kept in memory so live subscribers rarely need the disk. */
  readonly recentBytes: number;
  /** A write larger than this becomes several chunks, so a chunk stays a small unit to fan out and cut. */
  readonly chunkBytes: number;
  /** One flush writes at most this many bytes and chunks (one writev). */
  readonly batchBytes: number;
  readonly batchChunks: number;
  /** How long new output may wait in memory before it is written, so writes come in batches. */
  readonly flushDelayMs: number;
  /** Backlog is read from disk in pieces of about this size. */
  readonly pieceBytes: number;
  /** Backlog is read only while the subscriber reports less than this buffered, checking this often. */
  readonly resumeBelowBytes: number;
  readonly pollMs: number;
  /** A live subscriber that reports more than this buffered is dropped and told where to resume. */
  readonly maxBehindBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = {
  unflushedBytes: 16 * 1024 * 1024,
  recentBytes: 1024 * 1024,
  chunkBytes: 64 * 1024,
  batchBytes: 4 * 1024 * 1024,
  batchChunks: 512,
  flushDelayMs: 25,
  pieceBytes: 256 * 1024,
  resumeBelowBytes: 1024 * 1024,
  pollMs: 20,
  maxBehindBytes: 4 * 1024 * 1024,
};
