// Kozmic's own lines in a job log. They go into the same byte stream as the container's output (the
// log is one file, replayed by a terminal), so they are styled to stand apart and always fill whole lines.

/** Reset first, so a colour the script left on does not bleed into the note. */
const NOTE_START = '\x1b[0;1;36m» ';
const NOTE_END = '\x1b[0m\r\n';
const CUT_TEXT = 'Log over its size limit: ';

/**
 * A note as TTY bytes: one styled line per line of `text`, starting on a fresh line (`atLineStart` says
 * whether the log's last byte ended a line). Control characters are removed so a note cannot move the
 * cursor or restyle what follows.
 */
export function renderNote(text: string, atLineStart: boolean): Buffer {
  const lines = text.split(/\r\n|\r|\n/).map(printable);
  const body = lines.map((line) => `${NOTE_START}${line}${NOTE_END}`).join('');
  return Buffer.from(atLineStart ? body : `\r\n${body}`, 'utf8');
}

/** The note that opens a log whose beginning was cut to respect its size limit. */
export function renderCutNote(cutBytes: number, cutLines: number): Buffer {
  const text = `${CUT_TEXT}the first ${grouped(cutBytes)} bytes (${grouped(cutLines)} lines) were cut; the end is kept.`;
  return renderNote(text, true);
}

/** How a log that was never cut can be told from one that was (see log-index.ts). */
export const CUT_NOTE_MARK = Buffer.from(`${NOTE_START}${CUT_TEXT}`, 'utf8');

export function droppedBytesText(bytes: number): string {
  return `${grouped(bytes)} bytes of output were dropped here: the disk could not keep up with the job.`;
}

function printable(line: string): string {
  let out = '';
  for (const char of line) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\t' || (code >= 0x20 && code !== 0x7f && (code < 0x80 || code > 0x9f))) out += char;
  }
  return out;
}

/** 1234567 → "1,234,567", the same on every machine (no locale lookups). */
function grouped(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
