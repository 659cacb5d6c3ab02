import type { KozmicClient } from '../api/client.js';
import { readAll } from './log-pages.js';

/** Saves the raw log (ANSI codes kept) as a file, fetched page by page. */
export async function downloadLog(
  client: KozmicClient,
  jobId: string,
  attempt: number,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  await readAll(client, jobId, attempt, (bytes, end, size) => {
    parts.push(new Uint8Array(bytes));
    onProgress(size === 0 ? 1 : end / size);
  });
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/plain' }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = `kozmic-${jobId}-attempt-${attempt}.log`;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
