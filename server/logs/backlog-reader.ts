// Reading chunks back from a log's files, a bounded piece at a time, for subscribers that start behind
// the in-memory ring and for logs written before this process started.
import { open, type FileHandle } from 'node:fs/promises';
import type { LogChunk } from '../core/ports.js';
import { decodeHeader, INDEX_HEADER_BYTES, readEnds, readRecords, RECORD_BYTES } from './log-index.js';
import { CUT_NOTE_MARK, renderCutNote } from './log-notes.js';
import type { LogPaths } from './log-paths.js';

/** At most this many chunks per piece, whatever their size. */
const MAX_RECORDS = 1024;
/** Bytes after the last index record (a crash between the two writes, or no index at all) are served in
 * pieces of this size, numbered on from the indexed chunks: stable, since nobody writes that file again. */
export const TAIL_PIECE_BYTES = 64 * 1024;

/** A finished log as found on disk: which chunks the index describes and what lies after them. */
export interface ClosedLog {
  readonly firstSeq: number;
  /** Length of the cut note at the file's start (0 when nothing was cut). */
  readonly headLen: number;
  /** Index records that fit inside the file. */
  readonly indexed: number;
  /** Where the last indexed chunk ends (0 when none). */
  readonly indexedEnd: number;
  readonly size: number;
}

/**
 * Chunks `from` … `to - 1` of an indexed log whose first chunk is `firstSeq` (and whose first `headLen`
 * bytes are the cut note): at least one chunk, then more while they fit in `maxBytes`. The caller makes
 * sure they are all on disk.
 */
export async function readIndexedChunks(
  paths: LogPaths,
  layout: { readonly firstSeq: number; readonly headLen: number },
  from: number,
  to: number,
  maxBytes: number,
): Promise<LogChunk[]> {
  const record = from - layout.firstSeq;
  const wanted = Math.min(to - from, MAX_RECORDS);
  if (wanted <= 0) return [];
  const records = await withFile(paths.index, (index) =>
    record === 0
      ? readRecords(index, 0, wanted).then((r) => [{ end: 0, note: false }, ...r])
      : readRecords(index, record - 1, wanted + 1),
  );
  const start = records[0]?.end ?? 0;
  let last = 1;
  while (last + 1 < records.length && records[last + 1]!.end - start <= maxBytes) last++;
  const data = await readRange(paths.log, start, records[last]?.end ?? start);
  const chunks: LogChunk[] = [];
  for (let i = 1; i <= last && records[i]!.end - start <= data.length; i++) {
    const chunkStart = records[i - 1]!.end;
    const chunk = data.subarray(chunkStart - start, records[i]!.end - start);
    const notes: (readonly [number, number])[] = [];
    if (chunkStart === 0 && layout.headLen > 0) notes.push([0, Math.min(layout.headLen, chunk.length)]);
    if (records[i]!.note) notes.push([chunkStart === 0 ? layout.headLen : 0, chunk.length]);
    chunks.push({ seq: from + i - 1, data: chunk, ...(notes.length > 0 ? { notes } : {}) });
  }
  return chunks;
}

/** What the files of a finished log hold, or null when there is no log file. */
export async function inspectClosedLog(paths: LogPaths): Promise<ClosedLog | null> {
  const size = await fileSize(paths.log);
  if (size === null) return null;
  const unindexed: ClosedLog = { firstSeq: 1, headLen: 0, indexed: 0, indexedEnd: 0, size };
  const header = await readHeader(paths.index);
  if (header === null || !(await headerMatchesLog(paths, header))) return unindexed;
  const headLen = header.cutBytes > 0 ? renderCutNote(header.cutBytes, header.cutLines).length : 0;
  return withFile(paths.index, async (index) => {
    const records = Math.floor(((await index.stat()).size - INDEX_HEADER_BYTES) / RECORD_BYTES);
    const indexed = await recordsWithin(index, Math.max(0, records), size);
    const indexedEnd = indexed === 0 ? 0 : ((await readEnds(index, indexed - 1, 1))[0] ?? 0);
    return { firstSeq: header.firstSeq, headLen, indexed, indexedEnd, size };
  });
}

/** The next piece of a finished log from `from` on; empty once past its end. */
export async function readClosedChunks(
  paths: LogPaths,
  log: ClosedLog,
  from: number,
  maxBytes: number,
): Promise<LogChunk[]> {
  const seq = Math.max(from, log.firstSeq);
  const tailSeq = log.firstSeq + log.indexed;
  if (seq < tailSeq) return readIndexedChunks(paths, log, seq, tailSeq, maxBytes);
  const start = log.indexedEnd + (seq - tailSeq) * TAIL_PIECE_BYTES;
  if (start >= log.size) return [];
  const pieces = Math.max(1, Math.floor(maxBytes / TAIL_PIECE_BYTES));
  const data = await readRange(paths.log, start, Math.min(log.size, start + pieces * TAIL_PIECE_BYTES));
  const chunks: LogChunk[] = [];
  for (let at = 0; at < data.length; at += TAIL_PIECE_BYTES) {
    chunks.push({ seq: seq + at / TAIL_PIECE_BYTES, data: data.subarray(at, at + TAIL_PIECE_BYTES) });
  }
  return chunks;
}

/** Bytes [start, end) of a file, fewer if it is shorter; empty when it does not exist. */
export async function readRange(file: string, start: number, end: number): Promise<Buffer> {
  if (end <= start) return Buffer.alloc(0);
  try {
    return await withFile(file, async (handle) => {
      const buf = Buffer.allocUnsafe(end - start);
      let filled = 0;
      while (filled < buf.length) {
        const { bytesRead } = await handle.read(buf, filled, buf.length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buf.subarray(0, filled);
    });
  } catch (error) {
    if (isMissing(error)) return Buffer.alloc(0);
    throw error;
  }
}

export async function fileSize(file: string): Promise<number | null> {
  try {
    return await withFile(file, async (handle) => (await handle.stat()).size);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

async function withFile<T>(file: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r');
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

async function readHeader(file: string): Promise<ReturnType<typeof decodeHeader>> {
  return decodeHeader(await readRange(file, 0, INDEX_HEADER_BYTES));
}

/**
 * Cutting rewrites the log and its index and renames them one after the other; a crash in between
 * leaves a pair that does not belong together. The header names the cut, and the cut note at the log's
 * start must say the same, so such a pair is recognised (and the log served unindexed, every byte kept).
 */
async function headerMatchesLog(
  paths: LogPaths,
  header: { cutBytes: number; cutLines: number },
): Promise<boolean> {
  const expected = header.cutBytes > 0 ? renderCutNote(header.cutBytes, header.cutLines) : CUT_NOTE_MARK;
  const start = await readRange(paths.log, 0, expected.length);
  return header.cutBytes > 0 ? start.equals(expected) : !start.equals(expected);
}

/** How many of the first `records` records end within `size` bytes (records only grow). */
async function recordsWithin(index: FileHandle, records: number, size: number): Promise<number> {
  let low = 0;
  let high = records;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    const [end] = await readEnds(index, mid - 1, 1);
    if (end !== undefined && end <= size) low = mid;
    else high = mid - 1;
  }
  return low;
}
