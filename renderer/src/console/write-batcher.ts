// Log bytes reach the terminal at most once per animation frame, in one write, and the next write
// waits for xterm to have parsed the previous one. What waits is bounded: past `maxPendingBytes` the
// oldest waiting bytes are dropped (the terminal's scrollback would drop them anyway) and a note says so.
// Kozmic's notes are written on their own (`writeNote`), so the terminal can mark the lines they fill.

export interface TerminalSink {
  /** Writes and calls `done` once the terminal has parsed the data. */
  write(data: Uint8Array, done: () => void): void;
  /** Writes one of Kozmic's notes (whole lines) and calls `done` once it is parsed. */
  writeNote(data: Uint8Array, done: () => void): void;
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

interface Segment {
  readonly data: Uint8Array;
  readonly note: boolean;
}

export class WriteBatcher {
  readonly #sink: TerminalSink;
  readonly #frames: FrameScheduler;
  readonly #maxPendingBytes: number;
  #pending: Segment[] = [];
  #pendingBytes = 0;
  #droppedBytes = 0;
  #frame: number | null = null;
  #writing = false;
  #resetAfterWrite = false;
  #disposed = false;
  #waitingForIdle: (() => void)[] = [];
  /** Called after each batch is parsed (the console scrolls to the end when following). */
  onWritten: () => void = () => undefined;

  constructor(sink: TerminalSink, options: { frames?: FrameScheduler; maxPendingBytes?: number } = {}) {
    this.#sink = sink;
    this.#frames = options.frames ?? browserFrames;
    this.#maxPendingBytes = options.maxPendingBytes ?? 8 * 1024 * 1024;
  }

  /** Output to write; `note` marks one of Kozmic's own notes. */
  push(bytes: Uint8Array | string, note = false): void {
    if (this.#disposed) return;
    const data = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
    if (data.length === 0) return;
    this.#pending.push({ data, note });
    this.#pendingBytes += data.length;
    while (this.#pendingBytes > this.#maxPendingBytes && this.#pending.length > 1) {
      const dropped = this.#pending.shift()!;
      this.#pendingBytes -= dropped.data.length;
      this.#droppedBytes += dropped.data.length;
    }
    this.#schedule();
  }

  /** Settles once everything pushed so far has been parsed by the terminal. */
  idle(): Promise<void> {
    if (this.#quiet()) return Promise.resolve();
    return new Promise((resolve) => this.#waitingForIdle.push(resolve));
  }

  #quiet(): boolean {
    return this.#disposed || (!this.#writing && this.#pending.length === 0);
  }

  #settleIdle(): void {
    if (!this.#quiet()) return;
    for (const resolve of this.#waitingForIdle.splice(0)) resolve();
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
    this.#settleIdle();
  }

  dispose(): void {
    this.#disposed = true;
    this.#drop();
    this.#settleIdle();
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
    if (this.#pending.length === 0 || this.#disposed) return this.#settleIdle();
    const parts = this.#pending;
    if (this.#droppedBytes > 0) {
      const kb = Math.ceil(this.#droppedBytes / 1024);
      const skipped = `\r\n\x1b[0;33m[… ${kb} KB of output skipped here to keep up; download the raw log for all of it]\x1b[0m\r\n`;
      parts.unshift({ data: encoder.encode(skipped), note: true });
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#droppedBytes = 0;
    this.#writing = true;
    // A User Timing measure per batch: from the frame's flush until the terminal has taken it in
    // (read by `npm run bench:ui`; also visible in the browser's performance panel).
    const started = performance.now();
    // Runs of output are joined into one write; each note is written on its own. The terminal parses
    // writes in order, so the batch is taken in once the last one is.
    const runs = joinOutput(parts);
    runs.slice(0, -1).forEach((run) => this.#write(run, () => undefined));
    this.#write(runs.at(-1)!, () => {
      performance.measure('kozmic:console-write', { start: started, end: performance.now() });
      this.#writing = false;
      if (this.#disposed) return;
      if (this.#resetAfterWrite) {
        this.#resetAfterWrite = false;
        this.#sink.reset();
      }
      this.onWritten();
      this.#schedule();
      this.#settleIdle();
    });
  }

  #write(segment: Segment, done: () => void): void {
    if (segment.note) this.#sink.writeNote(segment.data, done);
    else this.#sink.write(segment.data, done);
  }
}

function joinOutput(parts: readonly Segment[]): Segment[] {
  const runs: Segment[] = [];
  let run: Uint8Array[] = [];
  const close = () => {
    if (run.length === 0) return;
    const data = new Uint8Array(run.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of run) {
      data.set(part, offset);
      offset += part.length;
    }
    runs.push({ data, note: false });
    run = [];
  };
  for (const part of parts) {
    if (!part.note) {
      run.push(part.data);
      continue;
    }
    close();
    runs.push(part);
  }
  close();
  return runs;
}
