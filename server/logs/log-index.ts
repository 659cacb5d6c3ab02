// The index beside each log (`<log>.idx`), so "from sequence N" is served from disk without keeping
// a log in memory. Binary, appended as the log is flushed:
//
//   header (32 bytes): "KZLI", version u8, 3 reserved bytes, then three u64 LE:
//                      firstSeq (the sequence number of the log's first chunk; > 1 once the start was cut),
//                      cutBytes, cutLines (what the size limit removed; 0 when nothing was)
//   records (8 bytes each, u64 LE): the byte offset in the log where chunk firstSeq + i ends; the top
//            bit is set when that chunk is a note of Kozmic's own rather than the job's output (version
//            2; version 1 files, written before notes had their own channel, have no such bit).
//
// Chunk s spans [end(s - 1), end(s)), the first one starting at 0, so the chunks tile the file and any
// run of them concatenates to exactly the file's bytes. When the start was cut, the first kept chunk
// also carries the note saying so (it sits at offset 0, before that chunk's own bytes).
import type { FileHandle } from 'node:fs/promises';

export const INDEX_HEADER_BYTES = 32;
export const RECORD_BYTES = 8;
const MAGIC = 'KZLI';
const VERSION = 2;
/** Versions this code reads; version 1 differs only in having no note bits. */
const READABLE = new Set([1, 2]);
/** The note flag, in the high half of a record (offsets stay far below 2^52). */
const NOTE_BIT = 0x8000_0000;

export interface IndexHeader {
  readonly firstSeq: number;
  readonly cutBytes: number;
  readonly cutLines: number;
}

export function encodeHeader(header: IndexHeader): Buffer {
  const buf = Buffer.alloc(INDEX_HEADER_BYTES);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt8(VERSION, 4);
  writeU64(buf, header.firstSeq, 8);
  writeU64(buf, header.cutBytes, 16);
  writeU64(buf, header.cutLines, 24);
  return buf;
}

/** The header, or null when the bytes are not an index this version understands. */
export function decodeHeader(buf: Buffer): IndexHeader | null {
  if (buf.length < INDEX_HEADER_BYTES || buf.toString('latin1', 0, 4) !== MAGIC || !READABLE.has(buf[4]!))
    return null;
  const header = { firstSeq: readU64(buf, 8), cutBytes: readU64(buf, 16), cutLines: readU64(buf, 24) };
  return header.firstSeq >= 1 ? header : null;
}

/** One chunk as the index describes it. */
export interface IndexRecord {
  /** Where the chunk ends in the log. */
  readonly end: number;
  /** Whether the chunk is a note of Kozmic's own (see log-notes.ts). */
  readonly note: boolean;
}

export function encodeRecords(records: readonly IndexRecord[]): Buffer {
  const buf = Buffer.allocUnsafe(records.length * RECORD_BYTES);
  records.forEach(({ end, note }, i) => {
    buf.writeUInt32LE(end % 0x1_0000_0000, i * RECORD_BYTES);
    buf.writeUInt32LE(Math.floor(end / 0x1_0000_0000) + (note ? NOTE_BIT : 0), i * RECORD_BYTES + 4);
  });
  return buf;
}

/** Records `from` … `from + count - 1` (0-based); fewer when the file is shorter. */
export async function readRecords(index: FileHandle, from: number, count: number): Promise<IndexRecord[]> {
  const buf = Buffer.alloc(count * RECORD_BYTES);
  const { bytesRead } = await index.read(buf, 0, buf.length, INDEX_HEADER_BYTES + from * RECORD_BYTES);
  const records: IndexRecord[] = [];
  for (let at = 0; at + RECORD_BYTES <= bytesRead; at += RECORD_BYTES) {
    const high = buf.readUInt32LE(at + 4);
    records.push({
      end: buf.readUInt32LE(at) + ((high & ~NOTE_BIT) >>> 0) * 0x1_0000_0000,
      note: (high & NOTE_BIT) !== 0,
    });
  }
  return records;
}

/** The ends of records `from` … `from + count - 1`, without their kinds. */
export async function readEnds(index: FileHandle, from: number, count: number): Promise<number[]> {
  return (await readRecords(index, from, count)).map((record) => record.end);
}

export function recordPosition(record: number): number {
  return INDEX_HEADER_BYTES + record * RECORD_BYTES;
}

// Two u32 halves rather than BigInt: offsets stay far below 2^53, and this runs once per chunk.
function writeU64(buf: Buffer, value: number, at: number): void {
  buf.writeUInt32LE(value % 0x1_0000_0000, at);
  buf.writeUInt32LE(Math.floor(value / 0x1_0000_0000), at + 4);
}

function readU64(buf: Buffer, at: number): number {
  return buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * 0x1_0000_0000;
}
