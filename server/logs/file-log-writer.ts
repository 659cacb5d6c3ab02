// One log being written. `write` and `note` only append to the in-memory ring and return: the bytes
// reach the disk from an asynchronous flush loop that batches whatever piled up meanwhile (one writev
// for many chunks), so the engine's output callback never waits for the disk.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CoreError, type ByteRange, type LogChunk, type LogWriter } from '../core/ports.js';
import { readIndexedChunks, readRange } from './backlog-reader.js';
import { readNoteRanges } from './note-ranges.js';
import { ChunkRing } from './chunk-ring.js';
import { cutThreshold, cutToLimit, type LogLayout } from './log-cut.js';
import { encodeHeader, encodeRecords, recordPosition, type IndexRecord } from './log-index.js';
import type { LogLimits } from './log-limits.js';
import { droppedBytesText, renderNote } from './log-notes.js';
import type { LogPaths } from './log-paths.js';

/** What the writer tells its log's subscribers. */
export interface WriterEvents {
  /** New chunks are in the ring (called synchronously from `write`/`note`). */
  appended(): void;
  /** The writer stopped for good (closed, discarded or failed) and every kept chunk is on disk. */
  finished(): void;
  failed(error: unknown): void;
}

interface Handles {
  readonly log: FileHandle;
  readonly index: FileHandle;
}

const emptyLayout: LogLayout = { firstSeq: 1, chunks: 0, size: 0, headLen: 0, cutBytes: 0, cutLines: 0 };

export class FileLogWriter implements LogWriter {
  readonly paths: LogPaths;
  readonly ring = new ChunkRing();
  readonly #limitBytes: number;
  readonly #limits: LogLimits;
  readonly #events: WriterEvents;
  #layout = emptyLayout;
  /** Every chunk before this one is on disk, data and index record. */
  #flushedSeq = 1;
  #unflushedBytes = 0;
  #atLineStart = true;
  #droppedBytes = 0;
  #accepting = true;
  /** Ends the wait for a fuller batch (see #drain), when the log is closing. */
  #flushNow: (() => void) | null = null;
  /** No more flushing: discarded, or the disk failed. */
  #stopped = false;
  #finished = false;
  #failure: unknown = null;
  #handles: Promise<Handles>;
  #draining: Promise<void> | null = null;
  #closing: Promise<void> | null = null;
  /** Bumped when a cut starts and when it ends: a read that saw it change may have mixed two files. */
  #generation = 0;
  #cutting: Promise<unknown> | null = null;

  constructor(paths: LogPaths, limitBytes: number, limits: LogLimits, events: WriterEvents) {
    this.paths = paths;
    this.#limitBytes = limitBytes;
    this.#limits = limits;
    this.#events = events;
    this.#handles = createFiles(paths);
    this.#handles.catch((error: unknown) => this.#fail(error));
  }

  write(chunk: Buffer): void {
    if (!this.#accepting || chunk.length === 0) return;
    if (this.#unflushedBytes >= this.#limits.unflushedBytes) {
      this.#droppedBytes += chunk.length;
      return;
    }
    this.#noteDropped();
    // Copied: the caller may reuse its buffer once write returns, and a slice kept in the ring would
    // pin its parent (often a much larger socket read) in memory.
    for (let at = 0; at < chunk.length; at += this.#limits.chunkBytes) {
      this.#append(Buffer.from(chunk.subarray(at, at + this.#limits.chunkBytes)));
    }
    this.#atLineStart = chunk[chunk.length - 1] === 0x0a;
    this.#appended();
  }

  note(text: string): void {
    if (!this.#accepting) return;
    this.#noteDropped();
    this.#appendNote(text);
    this.#appended();
  }

  close(): Promise<void> {
    this.#closing ??= this.#finish(true);
    return this.#closing;
  }

  /** Stops at once without cutting (the log is about to be deleted). */
  discard(): Promise<void> {
    this.#closing ??= this.#finish(false);
    return this.#closing;
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** Bytes of the log on disk so far (what `readBytes` can return). */
  get flushedSize(): number {
    return this.#layout.size;
  }

  /** The log's end on disk and the sequence number of the first chunk after it, read together. */
  get flushedEnd(): { readonly size: number; readonly nextSeq: number } {
    return { size: this.#layout.size, nextSeq: this.#flushedSeq };
  }

  /** Bytes held in memory: unflushed chunks plus the recent ones kept for live subscribers. */
  get bufferedBytes(): number {
    return this.ring.bytes;
  }

  /**
   * Flushed chunks from `from` on (or from the first kept one, when `from` was cut), up to about
   * `maxBytes`. Retried when a cut replaced the files during the read.
   */
  async readFlushed(from: number, maxBytes: number): Promise<LogChunk[]> {
    return this.#stableRead(() => {
      const { firstSeq } = this.#layout;
      const at = Math.max(from, firstSeq);
      return readIndexedChunks(this.paths, { firstSeq, headLen: this.#layout.headLen }, at, this.#flushedSeq, maxBytes);
    });
  }

  /** Where notes lie within bytes [start, end) of the log as flushed so far. */
  async readNotes(start: number, end: number): Promise<ByteRange[]> {
    return this.#stableRead(() =>
      readNoteRanges(this.paths, { indexed: this.#layout.chunks, headLen: this.#layout.headLen }, start, end),
    );
  }

  /** Bytes [start, end) of the log as flushed so far. */
  async readBytes(start: number, end: number | undefined): Promise<Buffer> {
    return this.#stableRead(() =>
      readRange(this.paths.log, start, Math.min(end ?? Infinity, this.#layout.size)),
    );
  }

  async #stableRead<T>(read: () => Promise<T>): Promise<T> {
    for (;;) {
      while (this.#cutting) await this.#cutting.catch(() => undefined);
      const generation = this.#generation;
      const result = await read();
      if (generation === this.#generation && this.#cutting === null) return result;
    }
  }

  #append(data: Buffer, note = false): void {
    this.ring.push({ seq: this.ring.nextSeq, data, ...(note ? { notes: [[0, data.length]] } : {}) });
    this.#unflushedBytes += data.length;
  }

  #appendNote(text: string): void {
    this.#append(renderNote(text, this.#atLineStart), true);
    this.#atLineStart = true;
  }

  /** Output dropped while the disk was behind is announced as soon as there is room again. */
  #noteDropped(): void {
    if (this.#droppedBytes === 0) return;
    this.#appendNote(droppedBytesText(this.#droppedBytes));
    this.#droppedBytes = 0;
  }

  #appended(): void {
    this.#events.appended();
    this.#flushSoon();
  }

  #flushSoon(): void {
    if (this.#draining !== null || this.#stopped || this.#flushedSeq === this.ring.nextSeq) return;
    this.#draining = this.#drain().then(
      () => {
        this.#draining = null;
        this.#flushSoon();
      },
      (error: unknown) => {
        this.#draining = null;
        this.#fail(error);
      },
    );
  }

  async #drain(): Promise<void> {
    // Output arrives in ~4 KB pieces; writing each at once costs two system calls per piece, which on
    // a busy machine takes CPU from the job itself. Live subscribers are served from memory, so waiting
    // a moment for a batch delays nobody. A closing log is flushed at once.
    if (this.#accepting && this.#unflushedBytes < this.#limits.batchBytes) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#limits.flushDelayMs);
        this.#flushNow = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#flushNow = null;
    }
    let handles = await this.#handles;
    while (this.#flushedSeq < this.ring.nextSeq && !this.#stopped) {
      await this.#flushBatch(handles);
      if (this.#layout.size > cutThreshold(this.#limitBytes) && this.#accepting) handles = await this.#cut();
    }
  }

  async #flushBatch(handles: Handles): Promise<void> {
    const data: Buffer[] = [];
    const records: IndexRecord[] = [];
    let end = this.#layout.size;
    for (let seq = this.#flushedSeq; seq < this.ring.nextSeq; seq++) {
      const chunk = this.ring.at(seq)!;
      data.push(chunk.data);
      end += chunk.data.length;
      records.push({ end, note: chunk.notes !== undefined });
      if (data.length >= this.#limits.batchChunks || end - this.#layout.size >= this.#limits.batchBytes)
        break;
    }
    // Data first, then its index records: after a crash a record never points past the data it names.
    await writeAll(handles.log, data, this.#layout.size);
    await writeAll(handles.index, [encodeRecords(records)], recordPosition(this.#layout.chunks));
    const bytes = end - this.#layout.size;
    this.#layout = { ...this.#layout, chunks: this.#layout.chunks + records.length, size: end };
    this.#flushedSeq += records.length;
    this.#unflushedBytes -= bytes;
    while (this.ring.bytes - this.#unflushedBytes > this.#limits.recentBytes) this.ring.dropOldest();
  }

  /** Applies the size limit (see log-cut.ts); the files are closed meanwhile, then reopened. */
  async #cut(): Promise<Handles> {
    const previous = await this.#handles;
    this.#generation++;
    const cut = (async () => {
      await Promise.all([previous.log.close(), previous.index.close()]);
      this.#layout = await cutToLimit(this.paths, this.#layout, this.#limitBytes);
      return reopenFiles(this.paths);
    })();
    this.#cutting = cut;
    this.#handles = cut;
    try {
      return await cut;
    } finally {
      this.#cutting = null;
      this.#generation++;
    }
  }

  async #finish(keepLimit: boolean): Promise<void> {
    if (keepLimit && this.#accepting && this.#droppedBytes > 0) {
      this.#noteDropped();
      this.#appended();
    }
    this.#accepting = false;
    if (!keepLimit) this.#stopped = true;
    this.#flushNow?.();
    while (this.#draining) await this.#draining;
    let handles: Handles | null = null;
    try {
      handles = await this.#handles;
      if (keepLimit && this.#failure === null && this.#layout.size > this.#limitBytes)
        handles = await this.#cut();
    } catch (error) {
      this.#fail(error);
    } finally {
      await Promise.allSettled([handles?.log.close(), handles?.index.close()]);
      this.#finished = true;
      this.#events.finished();
    }
    if (keepLimit && this.#failure !== null) throw writeFailure(this.paths.log, this.#failure);
  }

  /** The disk refused a write: stop accepting output (what reached the ring still goes to subscribers). */
  #fail(error: unknown): void {
    if (this.#failure !== null) return;
    this.#failure = error;
    this.#accepting = false;
    this.#stopped = true;
    this.#events.failed(writeFailure(this.paths.log, error));
  }
}

async function createFiles(paths: LogPaths): Promise<Handles> {
  await mkdir(dirname(paths.log), { recursive: true });
  // The index first: a crash between the two leaves an empty index beside the old log, which is then
  // served unindexed rather than misread.
  const index = await open(paths.index, 'w');
  try {
    await writeAll(index, [encodeHeader({ firstSeq: 1, cutBytes: 0, cutLines: 0 })], 0);
    return { index, log: await open(paths.log, 'w') };
  } catch (error) {
    await index.close();
    throw error;
  }
}

async function reopenFiles(paths: LogPaths): Promise<Handles> {
  return { log: await open(paths.log, 'r+'), index: await open(paths.index, 'r+') };
}

/** Writes every byte of `buffers` at `position`, continuing after short writes. */
async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let rest = buffers.slice();
  let at = position;
  while (rest.length > 0) {
    let { bytesWritten } = await handle.writev(rest, at);
    if (bytesWritten === 0) throw new Error('the disk accepted no bytes');
    at += bytesWritten;
    while (rest.length > 0 && bytesWritten >= rest[0]!.length) bytesWritten -= rest.shift()!.length;
    if (rest.length > 0 && bytesWritten > 0) rest = [rest[0]!.subarray(bytesWritten), ...rest.slice(1)];
  }
}

function writeFailure(file: string, cause: unknown): CoreError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CoreError('unavailable', `Kozmic could not write the job log ${file} (${reason}).`, { cause });
}
