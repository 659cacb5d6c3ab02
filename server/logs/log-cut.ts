// The per-job size limit. A runaway job must not fill the disk, and the end of a log (where it failed)
// matters more than its start, so beyond the limit the START is cut and the tail kept:
//
// - while the job runs the file may grow to 1.5 × the limit (plus one flush batch, at most 4 MB); then
//   its oldest whole chunks are cut so that at most `limit` bytes remain, and a note saying how much was
//   cut opens the file. The 50% slack means each byte is copied about twice at worst, not on every write.
// - on close the same cut runs once more if the file is over the limit, so a finished log holds at most
//   `limit` bytes (plus, in the rare case its last chunk alone is larger, that one chunk).
//
// Cuts happen at chunk boundaries: chunks keep their sequence numbers, cut ones are simply gone (a
// subscriber asking for one starts at the first kept chunk, which begins with the cut note). Both files
// are rewritten beside the originals and renamed over them, the log first; see backlog-reader.ts for
// how a crash between the two renames is detected.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { encodeHeader, encodeRecords, readEnds, readRecords, type IndexHeader } from './log-index.js';
import { renderCutNote } from './log-notes.js';
import type { LogPaths } from './log-paths.js';

/** What the log and index hold; the writer keeps it in step with every flush. */
export interface LogLayout {
  /** Sequence number of the first chunk in the file. */
  readonly firstSeq: number;
  /** Chunks in the file (and records in the index). */
  readonly chunks: number;
  readonly size: number;
  /** Length of the cut note at the file's start (0 when nothing was cut). */
  readonly headLen: number;
  readonly cutBytes: number;
  readonly cutLines: number;
}

/** Room kept for the cut note within the limit; the note is about 120 bytes. */
const NOTE_RESERVE = 256;
const COPY_PIECE = 1024 * 1024;
const RECORDS_PIECE = 64 * 1024;

/** The size at which a running log is cut. */
export function cutThreshold(limitBytes: number): number {
  return limitBytes + Math.floor(limitBytes / 2);
}

/** Cuts the oldest chunks so that the file holds at most `limitBytes`; returns the layout afterwards. */
export async function cutToLimit(paths: LogPaths, layout: LogLayout, limitBytes: number): Promise<LogLayout> {
  if (layout.size <= limitBytes || layout.chunks < 2) return layout;
  const temp: LogPaths = { log: `${paths.log}.cut`, index: `${paths.index}.cut` };
  try {
    const { kept, cutAt } = await withHandle(paths.index, 'r', (index) =>
      firstKept(index, layout, limitBytes - NOTE_RESERVE),
    );
    if (kept === 0) return layout;
    const cutLines = layout.cutLines + (await countLines(paths.log, layout.headLen, cutAt));
    const cutBytes = layout.cutBytes + cutAt - layout.headLen;
    const note = renderCutNote(cutBytes, cutLines);
    const header: IndexHeader = { firstSeq: layout.firstSeq + kept, cutBytes, cutLines };
    await copyTail(paths.log, temp.log, note, cutAt, layout.size);
    await rewriteIndex(paths.index, temp.index, header, kept, layout.chunks, note.length - cutAt);
    await rename(temp.log, paths.log);
    await rename(temp.index, paths.index);
    const size = note.length + layout.size - cutAt;
    return { ...header, chunks: layout.chunks - kept, size, headLen: note.length };
  } finally {
    await Promise.all([rm(temp.log, { force: true }), rm(temp.index, { force: true })]);
  }
}

/** The first chunk to keep (0-based) so that what follows fits in `budget`; always keeps the last chunk. */
async function firstKept(index: FileHandle, layout: LogLayout, budget: number) {
  const startOf = async (k: number) => (k === 0 ? 0 : ((await readEnds(index, k - 1, 1))[0] ?? layout.size));
  let low = 0;
  let high = layout.chunks - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (layout.size - (await startOf(mid)) <= budget) high = mid;
    else low = mid + 1;
  }
  return { kept: low, cutAt: await startOf(low) };
}

async function countLines(file: string, start: number, end: number): Promise<number> {
  let lines = 0;
  await withHandle(file, 'r', (source) =>
    eachPiece(source, start, end, async (piece) => {
      for (let at = piece.indexOf(10); at !== -1; at = piece.indexOf(10, at + 1)) lines++;
    }),
  );
  return lines;
}

async function copyTail(from: string, to: string, note: Buffer, start: number, end: number): Promise<void> {
  await withHandle(from, 'r', (source) =>
    withHandle(to, 'w', async (target) => {
      await target.write(note, 0, note.length, 0);
      let position = note.length;
      await eachPiece(source, start, end, async (piece) => {
        await target.write(piece, 0, piece.length, position);
        position += piece.length;
      });
    }),
  );
}

/** The kept records, shifted by `shift` bytes, under a new header. */
async function rewriteIndex(
  from: string,
  to: string,
  header: IndexHeader,
  kept: number,
  chunks: number,
  shift: number,
): Promise<void> {
  await withHandle(from, 'r', (source) =>
    withHandle(to, 'w', async (target) => {
      const head = encodeHeader(header);
      await target.write(head, 0, head.length, 0);
      let position = head.length;
      for (let record = kept; record < chunks; record += RECORDS_PIECE) {
        const read = await readRecords(source, record, Math.min(RECORDS_PIECE, chunks - record));
        const records = encodeRecords(read.map(({ end, note }) => ({ end: end + shift, note })));
        await target.write(records, 0, records.length, position);
        position += records.length;
      }
    }),
  );
}

/** Calls `use` with consecutive pieces of bytes [start, end); each piece is reused by the next read. */
async function eachPiece(
  source: FileHandle,
  start: number,
  end: number,
  use: (piece: Buffer) => Promise<void>,
): Promise<void> {
  const buf = Buffer.allocUnsafe(Math.min(COPY_PIECE, Math.max(1, end - start)));
  for (let at = start; at < end;) {
    const { bytesRead } = await source.read(buf, 0, Math.min(buf.length, end - at), at);
    if (bytesRead === 0) throw new Error('The log is shorter than its index says.');
    await use(buf.subarray(0, bytesRead));
    at += bytesRead;
  }
}

async function withHandle<T>(
  file: string,
  flags: string,
  use: (handle: FileHandle) => Promise<T>,
): Promise<T> {
  const handle = await open(file, flags);
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}
