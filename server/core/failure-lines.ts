// "First error": the line most likely to say why a job failed. The first line that looks like a
// failure as compilers, test runners, shells and interpreters print it; when there is none (a script
// that died quietly), the job's last output before it ended, which is where a reader would look next.
import type { LogFailureDto, LogMatchDto } from '../contract/log-stream.js';
import { inRanges, LineWalker, lineText, linePieces, plainText, type LogSource } from './log-lines.js';
import { logStart } from './log-search.js';

const failureWords = [
  String.raw`\b(?:error|errors|failed|failure|fail|fatal|exception|panic|panicked|traceback|aborted|segmentation fault|core dumped)\b|\berr!`,
  String.raw`permission denied`,
  String.raw`command not found`,
  String.raw`no such file or directory`,
  String.raw`not found`,
  String.raw`cannot |can't |could not |unable to `,
  String.raw`exit (?:code|status) [1-9]`,
  String.raw`\bkilled\b`,
  String.raw`^\s*(?:✗|✖|×|not ok\b)`,
].join('|');

const failure = new RegExp(failureWords, 'i');
/** The same words, to find candidate lines in a whole piece at once. */
const failureAnywhere = new RegExp(failureWords, 'gim');
/** Counts of nothing ("0 errors", "no failures") are good news, not failures. */
const goodNews = /\b(?:0|no|zero) (?:errors?|failures?|failed|failing)\b/gi;

/** Whether a line of plain text (no escape sequences) looks like a failure. */
export function isFailureLine(text: string): boolean {
  // Kozmic's own notes ("» Job failed: exit 126") say that it failed, not why.
  if (text.startsWith('» ')) return false;
  return failure.test(text.replace(goodNews, ''));
}

/** Bytes of the log's end read to find its last output line. */
const tailBytes = 64 * 1024;

export async function firstFailure(source: LogSource, deadline: number): Promise<LogFailureDto> {
  let lines = 1;
  for await (const piece of linePieces(source, logStart)) {
    const found = await firstFailureIn(source, piece.bytes, piece.offset, piece.line);
    if (found) return { kind: 'error', match: found, complete: true };
    lines = piece.line + piece.breaks;
    if (Date.now() > deadline && piece.offset + piece.bytes.length < source.size) {
      return { kind: 'none', match: null, complete: false };
    }
  }
  const last = await lastOutputLine(source, lines);
  return { kind: last ? 'last-output' : 'none', match: last, complete: true };
}

async function firstFailureIn(
  source: LogSource,
  bytes: Buffer,
  offset: number,
  firstLine: number,
): Promise<LogMatchDto | null> {
  const text = plainText(bytes.toString('utf8'));
  const walker = new LineWalker(bytes);
  let notes: Awaited<ReturnType<LogSource['notes']>> | null = null;
  let lineIndex = 0;
  let counted = 0;
  failureAnywhere.lastIndex = 0;
  for (let hit = failureAnywhere.exec(text); hit !== null; hit = failureAnywhere.exec(text)) {
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < hit.index; nl = text.indexOf('\n', nl + 1)) {
      lineIndex++;
      counted = nl + 1;
    }
    const { start, end } = walker.range(lineIndex);
    const line = lineText(bytes.subarray(start, end));
    notes ??= await source.notes(offset, offset + bytes.length);
    if (isFailureLine(line) && !inRanges(notes, offset + start)) {
      return { line: firstLine + lineIndex, start: offset + start, end: offset + end, text: line };
    }
    const lineEnd = text.indexOf('\n', hit.index);
    if (lineEnd === -1) break;
    failureAnywhere.lastIndex = lineEnd + 1;
  }
  return null;
}

/** The last line with visible output that is not a note; `lines` is the line number after the log's last break. */
async function lastOutputLine(source: LogSource, lines: number): Promise<LogMatchDto | null> {
  const start = Math.max(0, source.size - tailBytes);
  const bytes = await source.read(start, source.size);
  const notes = await source.notes(start, source.size);
  // Walk back from the end: line `lines` starts after the last break.
  let end = bytes.length;
  if (bytes[end - 1] === 10) end--;
  for (let line = lines - (bytes.at(-1) === 10 ? 1 : 0); line >= 1; line--) {
    const lineStart = end === 0 ? 0 : bytes.lastIndexOf(10, end - 1) + 1;
    if (lineStart === 0 && start > 0) return null; // reached the part not read: nothing but notes in the tail
    const text = lineText(bytes.subarray(lineStart, end));
    if (text.trim() !== '' && !inRanges(notes, start + lineStart) && !text.startsWith('» ')) {
      return { line, start: start + lineStart, end: start + end, text };
    }
    if (lineStart === 0) return null;
    end = lineStart - 1;
  }
  return null;
}
