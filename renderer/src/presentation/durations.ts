import type { BuildSummaryDto } from '../../../server/contract/dto.js';

/** `1h 02m`, `3m 05s`, `12s`: how long something took. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * What a build took: from the first start to the last end of its jobs' current attempts (the server
 * derives both). Null while it is queued or runs, so a restart never shows a figure that grows.
 */
export function buildTook(
  build: Pick<BuildSummaryDto, 'progress' | 'startedAt' | 'finishedAt'>,
): string | null {
  if (build.progress !== 'finished' || !build.startedAt || !build.finishedAt) return null;
  return formatDuration(Date.parse(build.finishedAt) - Date.parse(build.startedAt));
}

/** How long a running build has been running, up to `now`; null unless it runs. */
export function buildRunningFor(
  build: Pick<BuildSummaryDto, 'progress' | 'startedAt'>,
  now: number,
): string | null {
  if (build.progress !== 'running' || !build.startedAt) return null;
  return formatDuration(now - Date.parse(build.startedAt));
}

/** From start to finish, or to `now` while it runs; null before it started. */
export function elapsed(startedAt: string | null, finishedAt: string | null, now: number): string | null {
  if (!startedAt) return null;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return formatDuration(end - Date.parse(startedAt));
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** `5 minutes ago`, `yesterday`; `just now` under a minute. */
export function ago(iso: string | null, now: number): string {
  if (!iso) return '—';
  const diff = Date.parse(iso) - now;
  for (const [unit, size] of units) {
    if (Math.abs(diff) >= size) return relative.format(Math.round(diff / size), unit);
  }
  return 'just now';
}

export function exactTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** Byte counts for people: `512 B`, `3.4 KB`, `12.0 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
