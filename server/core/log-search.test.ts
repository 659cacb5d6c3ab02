// Searching a whole log a piece at a time: every line reachable by number, escape sequences ignored,
// bounded in matches and time with a cursor to go on from.
import { describe, expect, it } from 'vitest';
import { isFailureLine, firstFailure } from './failure-lines.js';
import { PIECE_BYTES, type LogSource } from './log-lines.js';
import { logStart, searchLog } from './log-search.js';

function source(text: string | Buffer, notes: [number, number][] = []): LogSource {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return {
    size: bytes.length,
    read: async (start, end) => bytes.subarray(start, end),
    notes: async (start, end) => notes.filter(([s, e]) => e > start && s < end),
  };
}

const far = { limit: 200, deadline: Date.now() + 60_000 };

function numbered(count: number): string {
  let text = '';
  for (let i = 1; i <= count; i++) text += `\x1b[36mline ${i}\x1b[0m\r\n`;
  return text;
}

describe('searchLog', () => {
  it('finds a line deep in a 200,000-line log with its number and byte offset', async () => {
    const text = numbered(200_000);
    expect(text.length).toBeGreaterThan(2 * PIECE_BYTES);
    const result = await searchLog(source(text), 'LINE 150000', logStart, far);
    expect(result.next).toBeNull();
    expect(result.matches).toHaveLength(1);
    const [match] = result.matches;
    expect(match).toMatchObject({ line: 150_000, text: 'line 150000' });
    expect(text.slice(match!.start, match!.end)).toBe('\x1b[36mline 150000\x1b[0m\r');
  });

  it('ignores escape sequences inside the text searched for', async () => {
    const result = await searchLog(source('a\n\x1b[1mfatal\x1b[0m: \x1b[31mboom\x1b[0m\n'), 'fatal: boom', logStart, far);
    expect(result.matches.map((m) => [m.line, m.text])).toEqual([[2, 'fatal: boom']]);
  });

  it('stops at the match limit and goes on from the cursor without losing or repeating a line', async () => {
    const text = numbered(5000);
    const first = await searchLog(source(text), 'line 1', logStart, { ...far, limit: 100 });
    expect(first.matches).toHaveLength(100);
    expect(first.next).not.toBeNull();
    const rest = await searchLog(source(text), 'line 1', first.next!, { ...far, limit: 10_000 });
    const lines = [...first.matches, ...rest.matches].map((m) => m.line);
    const expected = Array.from({ length: 5000 }, (_, i) => i + 1).filter((n) => String(n).startsWith('1'));
    expect(lines).toEqual(expected);
    expect(rest.next).toBeNull();
  });

  it('stops at its deadline with where to go on', async () => {
    const text = numbered(200_000);
    const result = await searchLog(source(text), 'nowhere', logStart, { limit: 10, deadline: 0 });
    expect(result.matches).toEqual([]);
    expect(result.next?.offset).toBeGreaterThan(0);
    expect(result.next!.offset).toBeLessThan(text.length);
    expect(text.slice(0, result.next!.offset).split('\n').length).toBe(result.next!.line);
  });

  it('counts lines across multi-byte characters and pieces', async () => {
    const text = `${'é✓ filler\n'.repeat(150_000)}needle here\n`;
    const result = await searchLog(source(text), 'needle', logStart, far);
    expect(result.matches.map((m) => m.line)).toEqual([150_001]);
    expect(Buffer.from(text).subarray(result.matches[0]!.start, result.matches[0]!.end).toString()).toBe('needle here');
  });
});

describe('isFailureLine', () => {
  it.each([
    'sh: 1: ./build.sh: Permission denied',
    'bash: make: command not found',
    'npm ERR! code ELIFECYCLE',
    'FAIL src/app.test.ts',
    'Traceback (most recent call last):',
    "thread 'main' panicked at src/main.rs:2:5",
    'error[E0308]: mismatched types',
    'Error: Cannot find module',
    'cat: missing.txt: No such file or directory',
    'Segmentation fault (core dumped)',
    'Process exited with exit code 2',
    '1 test failed',
  ])('matches %s', (line) => expect(isFailureLine(line)).toBe(true));

  it.each(['Tests: 12 passed, 0 failed', 'compiled with 0 errors', 'All good', '» Job failed: exit 126'])(
    'does not match %s',
    (line) => expect(isFailureLine(line)).toBe(false),
  );
});

describe('firstFailure', () => {
  it('finds "Permission denied" and skips notes', async () => {
    const note = '\x1b[0;1;36m» Fetching error-handling (refs/heads/main)\x1b[0m\r\n';
    const text = `${note}ok\r\nsh: 1: ./build.sh: Permission denied\r\n\x1b[0;1;36m» Job failed: exit 126\x1b[0m\r\n`;
    const notes: [number, number][] = [[0, Buffer.byteLength(note)]];
    const found = await firstFailure(source(text, notes), Date.now() + 60_000);
    expect(found).toMatchObject({ kind: 'error', complete: true, match: { line: 3, text: 'sh: 1: ./build.sh: Permission denied' } });
  });

  it('falls back to the last output before the end when nothing looks like an error', async () => {
    const body = 'step one\r\nstep two\r\n\r\n';
    const end = '\x1b[0;1;36m» Job failed: exit 3\x1b[0m\r\n';
    const text = `${body}${end}`;
    const notes: [number, number][] = [[Buffer.byteLength(body), Buffer.byteLength(text)]];
    const found = await firstFailure(source(text, notes), Date.now() + 60_000);
    expect(found).toMatchObject({ kind: 'last-output', match: { line: 2, text: 'step two' } });
  });

  it('says so when there is no output at all', async () => {
    expect(await firstFailure(source(''), Date.now() + 60_000)).toEqual({ kind: 'none', match: null, complete: true });
  });
});
