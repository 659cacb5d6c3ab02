// Reading a log as lines without holding it in memory: pieces of about 1 MiB that end at a line break,
// each knowing the byte offset and line number it starts at. Searches walk these pieces, so their cost
// is bounded by the piece size whatever the log's, and they can stop at any line start and resume there.
import type { LogSearchCursor } from '../contract/log-stream.js';
import type { ByteRange } from './ports.js';

/** What a search needs of one log. */
export interface LogSource {
  readonly size: number;
  read(start: number, end: number): Promise<Buffer>;
  notes(start: number, end: number): Promise<ByteRange[]>;
}

export interface LinePiece {
  /** Byte offset and line number of the piece's first byte (always a line start). */
  readonly offset: number;
  readonly line: number;
  readonly bytes: Buffer;
  /** Line breaks in `bytes`. */
  readonly breaks: number;
}

export const PIECE_BYTES = 1024 * 1024;

/** Pieces from `from` to the end of the log; each but the last ends with a line break when it can. */
export async function* linePieces(source: LogSource, from: LogSearchCursor): AsyncGenerator<LinePiece> {
  let offset = from.offset;
  let line = from.line;
  while (offset < source.size) {
    const read = await source.read(offset, Math.min(source.size, offset + PIECE_BYTES));
    if (read.length === 0) return;
    const reachesEnd = offset + read.length >= source.size;
    const lastBreak = read.lastIndexOf(10);
    // A line longer than a piece is searched in piece-sized parts.
    const bytes = reachesEnd || lastBreak < 0 ? read : read.subarray(0, lastBreak + 1);
    const breaks = countBreaks(bytes);
    yield { offset, line, bytes, breaks };
    offset += bytes.length;
    line += breaks;
  }
}

export function countBreaks(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

// CSI (colours, cursor moves), OSC (titles, hyperlinks: their target is not shown text), other escapes,
// then the remaining control characters except tab and line breaks.
const escapes =
  // eslint-disable-next-line no-control-regex -- escape sequences are what this removes
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;

/** Text as a reader sees it: escape sequences and control characters removed (line breaks kept). */
export function plainText(text: string): string {
  return text.replace(escapes, '');
}

/** Finds where line `n` (0-based within a piece) starts and ends, walking line breaks from a cursor. */
export class LineWalker {
  readonly #bytes: Buffer;
  #index = 0;
  #start = 0;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** Byte range of line `n` within the piece (without its break); `n` must not go backwards. */
  range(n: number): { start: number; end: number } {
    while (this.#index < n) {
      const at = this.#bytes.indexOf(10, this.#start);
      this.#start = at === -1 ? this.#bytes.length : at + 1;
      this.#index++;
    }
    const next = this.#bytes.indexOf(10, this.#start);
    return { start: this.#start, end: next === -1 ? this.#bytes.length : next };
  }
}

const maxTextLength = 500;

/** A line's bytes as the text a search result shows. */
export function lineText(bytes: Buffer): string {
  const text = plainText(bytes.toString('utf8')).replace(/\r+$/, '');
  // A carriage return inside a line (a progress bar) leaves only what was printed last in view.
  const shown = text.slice(text.lastIndexOf('\r') + 1);
  return shown.length > maxTextLength ? `${shown.slice(0, maxTextLength)}…` : shown;
}

/** Whether `offset` lies inside one of `ranges` (sorted). */
export function inRanges(ranges: readonly ByteRange[], offset: number): boolean {
  return ranges.some(([start, end]) => offset >= start && offset < end);
}
