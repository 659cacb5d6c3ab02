// Search over a whole job log, however long: the log is read a piece at a time (log-lines.ts), each
// piece searched as one string (escape sequences removed, case ignored), and only the lines that hold a
// match are looked at one by one. Bounded in results and in time: past either it answers with what it
// found and where to continue.
import type { LogMatchDto, LogSearchCursor, LogSearchDto } from '../contract/log-stream.js';
import { LineWalker, lineText, linePieces, plainText, type LinePiece, type LogSource } from './log-lines.js';

export interface SearchBounds {
  readonly limit: number;
  /** `Date.now()` past which the search stops at the next piece. */
  readonly deadline: number;
}

export const logStart: LogSearchCursor = { offset: 0, line: 1 };

export async function searchLog(
  source: LogSource,
  query: string,
  from: LogSearchCursor,
  bounds: SearchBounds,
): Promise<LogSearchDto> {
  const needle = query.toLowerCase();
  const matches: LogMatchDto[] = [];
  for await (const piece of linePieces(source, from)) {
    const found = matchesIn(piece, needle, bounds.limit - matches.length);
    matches.push(...found.matches);
    const next = found.resumeAt ?? { offset: piece.offset + piece.bytes.length, line: piece.line + piece.breaks };
    const more = next.offset < source.size;
    if (more && (found.resumeAt !== null || Date.now() > bounds.deadline)) {
      return { matches, next, size: source.size };
    }
  }
  return { matches, next: null, size: source.size };
}

/** Matching lines of one piece, at most `room`; `resumeAt` is the line after the last when it filled up. */
function matchesIn(
  piece: LinePiece,
  needle: string,
  room: number,
): { matches: LogMatchDto[]; resumeAt: LogSearchCursor | null } {
  const text = plainText(piece.bytes.toString('utf8')).toLowerCase();
  const matches: LogMatchDto[] = [];
  const walker = new LineWalker(piece.bytes);
  let lineIndex = 0;
  let counted = 0;
  for (let at = text.indexOf(needle); at !== -1; ) {
    // Line breaks survive removing escapes and lowering case, so their count names the line.
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) {
      lineIndex++;
      counted = nl + 1;
    }
    const { start, end } = walker.range(lineIndex);
    if (matches.length === room) {
      return { matches, resumeAt: { offset: piece.offset + start, line: piece.line + lineIndex } };
    }
    matches.push({
      line: piece.line + lineIndex,
      start: piece.offset + start,
      end: piece.offset + end,
      text: lineText(piece.bytes.subarray(start, end)),
    });
    const lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) break;
    at = text.indexOf(needle, lineEnd + 1);
  }
  return { matches, resumeAt: null };
}
