// Reading finished logs through `logs.read`: the tail first (what people look at), the rest on demand.
import type { KozmicClient } from '../api/client.js';
import { decodeBase64 } from '../api/base64.js';

export interface LogTail {
  readonly bytes: Uint8Array;
  /** Byte offset the shown part starts at (0: the whole log is shown). */
  readonly start: number;
  readonly size: number;
  /** For a log still being written: the sequence number to stream from, right after these bytes. */
  readonly nextSeq: number | null;
}

/** The last part of a log (the core picks the size), starting at a line boundary when it is cut. */
export async function readTail(client: KozmicClient, jobId: string, attempt: number): Promise<LogTail> {
  const page = await client.call('logs.read', { jobId, attempt });
  let bytes = decodeBase64(page.data);
  let start = page.start;
  if (start > 0) {
    const newline = bytes.indexOf(0x0a);
    if (newline >= 0) {
      bytes = bytes.subarray(newline + 1);
      start += newline + 1;
    }
  }
  return { bytes, start, size: page.size, nextSeq: page.nextSeq };
}

/** Every page of a log from `start`, in order; `onPage` sees each as it arrives. */
export async function readAll(
  client: KozmicClient,
  jobId: string,
  attempt: number,
  onPage: (bytes: Uint8Array, end: number, size: number) => void,
  start = 0,
): Promise<void> {
  for (let at = start; ;) {
    const page = await client.call('logs.read', { jobId, attempt, start: at });
    onPage(decodeBase64(page.data), page.end, page.size);
    if (page.end <= at || page.end >= page.size) return;
    at = page.end;
  }
}
