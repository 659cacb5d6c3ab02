// Shared by the *.test.ts files beside it: throwaway folders, seeded random output that looks like a
// terminal's (ANSI codes, partial lines, multi-byte characters), and a subscriber that records what it got.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogChunk } from '../core/ports.js';
import type { JobLogFiles } from './job-log-files.js';
import type { LogSubscriber } from './log-subscription.js';

export function createTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kozmic-logs-'));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** A deterministic random source (mulberry32), so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

const pieces = [
  '\x1b[31m',
  '\x1b[0m',
  '\x1b[1;32m',
  'ok ',
  'npm ',
  'é',
  '✓',
  '\r\n',
  '\r',
  'lorem ipsum ',
  '\t',
];

/** Output as a container's TTY might send it, in one chunk of up to `maxBytes`. */
export function randomOutput(random: (below: number) => number, maxBytes: number): Buffer {
  const target = 1 + random(maxBytes);
  const parts: string[] = [];
  let length = 0;
  while (length < target) {
    const part = pieces[random(pieces.length)]!;
    parts.push(part);
    length += Buffer.byteLength(part);
  }
  // Cut anywhere, even inside an escape sequence or a multi-byte character: chunks are bytes.
  return Buffer.from(parts.join('')).subarray(0, target);
}

export interface Recording {
  readonly chunks: LogChunk[];
  readonly ended: Promise<void>;
  readonly gaps: number[];
  bytes(): Buffer;
  dispose(): void;
}

/** Subscribes and records every chunk; `ended` settles on onEnd (or onGap). */
export function record(
  logs: JobLogFiles,
  logFile: string,
  fromSeq: number,
  extra: Partial<LogSubscriber> & { onChunkSeen?(chunk: LogChunk, recording: Recording): void } = {},
): Recording {
  const chunks: LogChunk[] = [];
  const gaps: number[] = [];
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const recording: Recording = {
    chunks,
    ended,
    gaps,
    bytes: () => Buffer.concat(chunks.map((c) => c.data)),
    dispose: () => dispose(),
  };
  const dispose = logs.subscribe(logFile, fromSeq, {
    ...extra,
    onChunk(chunk) {
      chunks.push(chunk);
      extra.onChunkSeen?.(chunk, recording);
    },
    onEnd() {
      finish();
    },
    onGap(nextSeq) {
      gaps.push(nextSeq);
      finish();
    },
  });
  return recording;
}

/** Sequence numbers must run on by one from the first: no gap, no duplicate. */
export function seqsAreConsecutive(chunks: readonly LogChunk[]): boolean {
  return chunks.every((chunk, i) => i === 0 || chunk.seq === chunks[i - 1]!.seq + 1);
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * "same" or where two byte strings first differ: vitest's deep equality is far too slow (and too verbose)
 * for megabytes of log.
 */
export function compareBytes(actual: Buffer, expected: Buffer): string {
  if (actual.equals(expected)) return 'same';
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const around = (b: Buffer) => JSON.stringify(b.subarray(Math.max(0, at - 20), at + 20).toString('latin1'));
  return `differ at byte ${at} (lengths ${actual.length} vs ${expected.length}): ${around(actual)} vs ${around(expected)}`;
}

export interface IngestRun {
  readonly lines: number;
  /** Bytes per write, as Docker delivers them. */
  readonly chunkBytes: number;
  readonly limitBytes: number;
  /** Live subscribers counting what they receive. */
  readonly subscribers: number;
  /** Only produce the output (no log): the cost of the test producer itself, as a baseline. */
  readonly produceOnly?: boolean;
}

export interface IngestResult {
  readonly bytes: number;
  readonly seconds: number;
  readonly mbPerSecond: number;
  readonly fileBytes: number;
  readonly received: readonly number[];
  /** Peak resident memory above the level before writing started. */
  readonly rssGrowthBytes: number;
  readonly peakBufferedBytes: number;
}

/**
 * Writes `lines` terminal lines (about 80 bytes each, coloured) in `chunkBytes` writes, one write per
 * event-loop turn as a socket would deliver them, and reports throughput and memory. Used by the ingest
 * test and bench/log-ingest.bench.ts.
 */
export async function measureIngest(dir: string, run: IngestRun): Promise<IngestResult> {
  const { JobLogFiles } = await import('./job-log-files.js');
  const logs = new JobLogFiles({ dir });
  const file = 'logs/bench/1/1-1.log';
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  let peakBufferedBytes = 0;
  const started = performance.now();
  const writer = logs.open(file, run.limitBytes);
  const received = Array.from({ length: run.subscribers }, () => 0);
  const ends = received.map(
    (_, i) =>
      new Promise<void>((resolve) =>
        logs.subscribe(file, 1, { onChunk: (c) => void (received[i]! += c.data.length), onEnd: resolve }),
      ),
  );
  let pending = '';
  let bytes = 0;
  let writes = 0;
  for (let line = 0; line < run.lines; line++) {
    pending += `\x1b[32m${String(line).padStart(7, '0')}\x1b[0m ${'build output '.repeat(4)}step ${line % 97}\r\n`;
    if (pending.length >= run.chunkBytes || line === run.lines - 1) {
      const chunk = Buffer.from(pending, 'latin1');
      pending = '';
      bytes += chunk.length;
      if (run.produceOnly !== true) writer.write(chunk);
      await tick();
      if (++writes % 64 === 0) {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        peakBufferedBytes = Math.max(peakBufferedBytes, logs.stats().bufferedBytes);
      }
    }
  }
  await writer.close();
  await Promise.all(ends);
  const seconds = (performance.now() - started) / 1000;
  const fileBytes = (await logs.read(file)).length;
  return {
    bytes,
    seconds,
    mbPerSecond: bytes / 1e6 / seconds,
    fileBytes,
    received,
    rssGrowthBytes: Math.max(peakRss, process.memoryUsage.rss()) - rssBefore,
    peakBufferedBytes,
  };
}

/** Waits until `check` holds (the flush loop runs on its own schedule), failing after two seconds. */
export async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
