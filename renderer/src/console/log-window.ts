// The part of a log the console holds: a run of whole lines, bounded in bytes and lines (a terminal's
// scrollback is bounded, and a million-line log would not fit), placed anywhere in the log. Pages are
// read with `logs.read`; the window keeps where each of its lines starts, so a search result (a byte
// offset in the log) maps to a line on screen.
import type { NoteRanges } from '../../../server/contract/log-stream.js';
import type { KozmicClient } from '../api/client.js';
import { decodeBase64 } from '../api/base64.js';

/** Bytes read for a window, and the most lines it keeps (well inside the terminal's scrollback). */
export const windowBytes = 512 * 1024;
export const windowLines = 10_000;
/** How much comes before a line a search jumps to, and how much is read after it. */
export const contextBytes = 16 * 1024;
export const aroundBytes = 128 * 1024;

export interface WindowPiece {
  readonly bytes: Uint8Array;
  /** Note ranges within `bytes`. */
  readonly notes: NoteRanges;
  /** Offsets in the log of [start, end) and the log's size. */
  readonly start: number;
  readonly end: number;
  readonly size: number;
  /** For a log still being written and a piece reaching its end: the sequence to stream from. */
  readonly nextSeq: number | null;
}

interface Target {
  readonly jobId: string;
  readonly attempt: number;
}

async function readPage(client: KozmicClient, t: Target, start?: number, end?: number): Promise<WindowPiece> {
  const page = await client.call('logs.read', {
    jobId: t.jobId,
    attempt: t.attempt,
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
  });
  const bytes = decodeBase64(page.data);
  return {
    bytes,
    notes: page.notes.map(([s, e]) => [s - page.start, e - page.start] as const),
    start: page.start,
    end: page.end,
    size: page.size,
    nextSeq: page.nextSeq,
  };
}

/** The piece's bytes [from, to) (relative), notes clipped to them. */
export function slice(piece: WindowPiece, from: number, to: number): WindowPiece {
  return {
    bytes: piece.bytes.subarray(from, to),
    notes: piece.notes
      .map(([s, e]) => [Math.max(s, from) - from, Math.min(e, to) - from] as const)
      .filter(([s, e]) => e > s),
    start: piece.start + from,
    end: piece.start + to,
    size: piece.size,
    nextSeq: piece.start + to === piece.end ? piece.nextSeq : null,
  };
}

/** Lines from `start` (a line start) on: whole lines only unless the log ends, at most `windowLines`. */
export async function readForward(client: KozmicClient, t: Target, start: number): Promise<WindowPiece> {
  const page = await readPage(client, t, start, start + windowBytes);
  let to = page.bytes.length;
  if (page.end < page.size) {
    const lastBreak = page.bytes.lastIndexOf(0x0a);
    if (lastBreak >= 0) to = lastBreak + 1;
  }
  return slice(page, 0, Math.min(to, breakAfter(page.bytes, windowLines, to)));
}

/** The lines ending at `end` (the end of the log when omitted), at most `windowLines`. */
export async function readBackward(client: KozmicClient, t: Target, end?: number): Promise<WindowPiece> {
  const page =
    end === undefined ? await readPage(client, t) : await readPage(client, t, Math.max(0, end - windowBytes), end);
  let from = 0;
  if (page.start > 0) {
    const firstBreak = page.bytes.indexOf(0x0a);
    if (firstBreak >= 0) from = firstBreak + 1;
  }
  return slice(page, Math.max(from, breakBefore(page.bytes, windowLines)), page.bytes.length);
}

/** A window that shows the line starting at `offset`, with a little of what comes before it. */
export async function readAround(client: KozmicClient, t: Target, offset: number): Promise<WindowPiece> {
  const from = Math.max(0, offset - contextBytes);
  const page = await readPage(client, t, from, offset + aroundBytes);
  if (from === 0) return slice(page, 0, wholeLines(page));
  const firstBreak = page.bytes.indexOf(0x0a);
  const start = firstBreak >= 0 ? Math.min(firstBreak + 1, offset - page.start) : offset - page.start;
  return slice(page, start, Math.max(start, wholeLines(page)));
}

/** Where a page's last whole line ends (its end, when it reaches the log's). */
function wholeLines(page: WindowPiece): number {
  if (page.end >= page.size) return page.bytes.length;
  const lastBreak = page.bytes.lastIndexOf(0x0a);
  return lastBreak >= 0 ? lastBreak + 1 : page.bytes.length;
}

/** Offset just after the `lines`-th line break, or `fallback` when there are fewer. */
function breakAfter(bytes: Uint8Array, lines: number, fallback: number): number {
  let at = -1;
  for (let n = 0; n < lines; n++) {
    at = bytes.indexOf(0x0a, at + 1);
    if (at === -1) return fallback;
  }
  return at + 1;
}

/** Offset where the last `lines` lines begin (0 when there are fewer). */
function breakBefore(bytes: Uint8Array, lines: number): number {
  let at = bytes.length - 1;
  if (bytes[at] === 0x0a) at--;
  for (let n = 0; n < lines; n++) {
    at = bytes.lastIndexOf(0x0a, at);
    if (at === -1) return 0;
    at--;
  }
  return at + 2;
}

/** Where each line of a window starts (offsets in the log), kept as the window grows while live. */
export class LineStarts {
  #starts: number[] = [];
  #end = 0;

  constructor(start: number) {
    this.#starts = [start];
    this.#end = start;
  }

  get count(): number {
    return this.#starts.length - (this.#starts.at(-1) === this.#end ? 1 : 0);
  }

  get first(): number {
    return this.#starts[0]!;
  }

  /** Where the window's line `index` starts, or its end when there is no such line. */
  startOf(index: number): number {
    return index < this.count ? this.#starts[index]! : this.#end;
  }

  append(bytes: Uint8Array): void {
    for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) {
      this.#starts.push(this.#end + at + 1);
    }
    this.#end += bytes.length;
  }

  /** Forgets the oldest lines beyond `keep` (the terminal dropped them); returns how many. */
  trim(keep: number): number {
    const excess = this.#starts.length - keep;
    if (excess <= keep / 10) return 0;
    this.#starts = this.#starts.slice(excess);
    return excess;
  }

  /** The 0-based line of the window that holds byte `offset` of the log, or null when outside. */
  lineOf(offset: number): number | null {
    if (offset < this.#starts[0]! || offset >= this.#end) return null;
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
