// Log bytes reach the terminal at most once per animation frame, in one write, and the next write
// waits for xterm to have parsed the previous one. What waits is bounded: past `maxPendingBytes` the
// oldest waiting bytes are dropped (the terminal's scrollback would drop them anyway) and a note says so.

export interface TerminalSink {
  /** Writes and calls `done` once the terminal has parsed the data. */
  write(data: Uint8Array, done: () => void): void;
  /** Empties the terminal (never while a write is being parsed: the batcher waits for it). */
  reset(): void;
}

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const browserFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

const encoder = new TextEncoder();

export class WriteBatcher {
  readonly #sink: TerminalSink;
  readonly #frames: FrameScheduler;
  readonly #maxPendingBytes: number;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #droppedBytes = 0;
  #frame: number | null = null;
  #writing = false;
  #resetAfterWrite = false;
  #disposed = false;
  /** Called after each batch is parsed (the console scrolls to the end when following). */
  onWritten: () => void = () => undefined;

  constructor(sink: TerminalSink, options: { frames?: FrameScheduler; maxPendingBytes?: number } = {}) {
    this.#sink = sink;
    this.#frames = options.frames ?? browserFrames;
    this.#maxPendingBytes = options.maxPendingBytes ?? 8 * 1024 * 1024;
  }

  push(bytes: Uint8Array | string): void {
    if (this.#disposed) return;
    const data = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
    if (data.length === 0) return;
    this.#pending.push(data);
    this.#pendingBytes += data.length;
    while (this.#pendingBytes > this.#maxPendingBytes && this.#pending.length > 1) {
      const dropped = this.#pending.shift()!;
      this.#pendingBytes -= dropped.length;
      this.#droppedBytes += dropped.length;
    }
    this.#schedule();
  }

  /**
   * Empties the terminal and forgets what has not been written yet (the console switches logs). A
   * write xterm is still parsing cannot be taken back, so the terminal is emptied once it is done;
   * what is pushed meanwhile is written after that.
   */
  reset(): void {
    this.#drop();
    if (this.#writing) this.#resetAfterWrite = true;
    else this.#sink.reset();
  }

  dispose(): void {
    this.#disposed = true;
    this.#drop();
    if (this.#frame !== null) this.#frames.cancel(this.#frame);
    this.#frame = null;
  }

  #drop(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#droppedBytes = 0;
  }

  #schedule(): void {
    if (this.#frame !== null || this.#writing || this.#disposed) return;
    this.#frame = this.#frames.request(() => this.#flush());
  }

  #flush(): void {
    this.#frame = null;
    if (this.#pending.length === 0 || this.#disposed) return;
    const parts = this.#pending;
    if (this.#droppedBytes > 0) {
      const kb = Math.ceil(this.#droppedBytes / 1024);
      parts.unshift(
        encoder.encode(
          `\r\n\x1b[0;33m[… ${kb} KB of output skipped here to keep up; download the raw log for all of it]\x1b[0m\r\n`,
        ),
      );
    }
    const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.length;
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#droppedBytes = 0;
    this.#writing = true;
    // A User Timing measure per batch: from the frame's flush until the terminal has taken it in
    // (read by `npm run bench:ui`; also visible in the browser's performance panel).
    const started = performance.now();
    this.#sink.write(data, () => {
      performance.measure('kozmic:console-write', { start: started, end: performance.now() });
      this.#writing = false;
      if (this.#disposed) return;
      if (this.#resetAfterWrite) {
        this.#resetAfterWrite = false;
        this.#sink.reset();
      }
      this.onWritten();
      this.#schedule();
    });
  }
}
