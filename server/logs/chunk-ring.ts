// The most recent chunks of a log being written, by sequence number. Chunks not yet on disk live only
// here; flushed ones stay a little longer so live subscribers are served from memory, then go (bounded).
import type { LogChunk } from '../core/ports.js';

export class ChunkRing {
  #chunks: LogChunk[] = [];
  #head = 0;
  #firstSeq: number;
  #bytes = 0;

  constructor(firstSeq = 1) {
    this.#firstSeq = firstSeq;
  }

  /** The oldest chunk still held; equals `nextSeq` when empty. */
  get firstSeq(): number {
    return this.#firstSeq;
  }

  get nextSeq(): number {
    return this.#firstSeq + this.#chunks.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  push(chunk: LogChunk): void {
    this.#chunks.push(chunk);
    this.#bytes += chunk.data.length;
  }

  at(seq: number): LogChunk | undefined {
    return seq >= this.#firstSeq ? this.#chunks[this.#head + seq - this.#firstSeq] : undefined;
  }

  /** Forgets the oldest chunk. */
  dropOldest(): void {
    const chunk = this.#chunks[this.#head];
    if (chunk === undefined) return;
    this.#chunks[this.#head] = undefined as unknown as LogChunk;
    this.#head++;
    this.#firstSeq++;
    this.#bytes -= chunk.data.length;
    // Shift the array now and then rather than on every drop: O(1) amortised, no unbounded hole.
    if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }
}
