// Words for what part of a log the console holds, so the reader always knows.
import { formatBytes } from '../presentation/durations.js';
import type { ShownPart } from './useLogFeed.js';

const grouped = (n: number) => n.toLocaleString('en');

/** Null when the whole log is shown. */
export function describeShownPart(part: ShownPart): string | null {
  if (part.start === 0 && part.end >= part.size) return null;
  const lines =
    part.firstLine !== null
      ? `lines ${grouped(part.firstLine)}–${grouped(part.firstLine + Math.max(0, part.lines - 1))}`
      : part.end >= part.size
        ? `the last ${grouped(part.lines)} lines`
        : `${grouped(part.lines)} lines`;
  return `Showing ${lines} (${formatBytes(part.start)}–${formatBytes(part.end)} of ${formatBytes(part.size)}).`;
}

/** Whether an OSC 8 link's visible text is an address other than where it leads. */
export function linkDeceives(text: string, url: string): boolean {
  const shown = text.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\/|^www\./i.test(shown)) return false;
  try {
    return new URL(shown.startsWith('www.') ? `https://${shown}` : shown).href !== new URL(url).href;
  } catch {
    return true;
  }
}
