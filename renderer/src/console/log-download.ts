// Saving a log as a file, fetched page by page: raw (every byte, ANSI codes kept, as a terminal replays
// it) or plain text (plain-text.ts). Named after what it is a log of, e.g.
// `hello-world-2-Build-attempt-1.log`.
import type { KozmicClient } from '../api/client.js';
import { decodeBase64 } from '../api/base64.js';
import { PlainText } from './plain-text.js';

export type LogFormat = 'raw' | 'plain';

/** What the file is named after. */
export interface LogName {
  readonly project: string;
  readonly build: number;
  readonly job: string;
  readonly attempt: number;
}

/** A file name from the project, build, job and attempt; characters file systems dislike become `-`. */
export function logFileName(name: LogName, format: LogFormat): string {
  const safe = (text: string) =>
    text
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'job';
  return `${safe(name.project)}-${name.build}-${safe(name.job)}-attempt-${name.attempt}.${format === 'raw' ? 'log' : 'txt'}`;
}

export async function downloadLog(
  client: KozmicClient,
  jobId: string,
  name: LogName,
  format: LogFormat,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const parts: BlobPart[] = [];
  const plain = new PlainText();
  for (let at = 0; ;) {
    const page = await client.call('logs.read', { jobId, attempt: name.attempt, start: at });
    const bytes = decodeBase64(page.data);
    parts.push(format === 'raw' ? new Uint8Array(bytes) : plain.push(bytes));
    onProgress(page.size === 0 ? 1 : page.end / page.size);
    if (page.end <= at || page.end >= page.size) break;
    at = page.end;
  }
  if (format === 'plain') parts.push(plain.end());
  const type = format === 'raw' ? 'application/octet-stream' : 'text/plain;charset=utf-8';
  const url = URL.createObjectURL(new Blob(parts, { type }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = logFileName(name, format);
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
