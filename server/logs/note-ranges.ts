// Where Kozmic's notes lie within a byte range of a log, read from the index (a note is a chunk of its
// own, flagged in its record; the cut note is the file's first `headLen` bytes). Pages of a log carry
// these ranges, so a viewer shows notes apart from output however the bytes were fetched.
import { open } from 'node:fs/promises';
import type { ByteRange } from '../core/ports.js';
import { readEnds, readRecords } from './log-index.js';
import type { LogPaths } from './log-paths.js';

const RECORDS_PIECE = 4096;

export async function readNoteRanges(
  paths: LogPaths,
  layout: { readonly indexed: number; readonly headLen: number },
  start: number,
  end: number,
): Promise<ByteRange[]> {
  const ranges: ByteRange[] = [];
  if (end <= start) return ranges;
  if (layout.headLen > 0 && start < layout.headLen) ranges.push([start, Math.min(end, layout.headLen)]);
  if (layout.indexed === 0) return ranges;
  const index = await open(paths.index, 'r');
  try {
    const first = await firstRecordEndingAfter(layout.indexed, start, (i) => readEnds(index, i, 1));
    let chunkStart = first === 0 ? 0 : ((await readEnds(index, first - 1, 1))[0] ?? 0);
    for (let record = first; record < layout.indexed && chunkStart < end; record += RECORDS_PIECE) {
      for (const { end: chunkEnd, note } of await readRecords(index, record, RECORDS_PIECE)) {
        if (chunkStart >= end) break;
        const from = Math.max(start, chunkStart, chunkStart === 0 ? layout.headLen : 0);
        const to = Math.min(end, chunkEnd);
        if (note && to > from) ranges.push([from, to]);
        chunkStart = chunkEnd;
      }
    }
    return ranges;
  } finally {
    await index.close();
  }
}

/** The first of `records` records whose chunk ends after `offset` (records only grow). */
async function firstRecordEndingAfter(
  records: number,
  offset: number,
  endOf: (record: number) => Promise<number[]>,
): Promise<number> {
  let low = 0;
  let high = records;
  while (low < high) {
    const mid = (low + high) >> 1;
    const [end] = await endOf(mid);
    if (end !== undefined && end > offset) high = mid;
    else low = mid + 1;
  }
  return low;
}
