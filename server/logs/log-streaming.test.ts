// Live fan-out: backlog then live chunks with no gap and no duplicate, resuming by sequence number,
// and slow subscribers that are paced or dropped instead of stalling the writer or growing memory.
import { afterEach, describe, expect, it } from 'vitest';
import type { LogChunk } from '../core/ports.js';
import { JobLogFiles } from './job-log-files.js';
import type { LogLimits } from './log-limits.js';
import {
  compareBytes,
  createTempDir,
  randomOutput,
  record,
  removeDir,
  seededRandom,
  seqsAreConsecutive,
  tick,
  type Recording,
} from '../../test/fixtures/log-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

/** Tiny ring and pieces, so even small logs go through the disk paths and every switch between them. */
const tinyLimits: Partial<LogLimits> = {
  recentBytes: 0,
  pieceBytes: 8 * 1024,
  batchChunks: 7,
  chunkBytes: 4096,
};

async function setup(limits: Partial<LogLimits> = tinyLimits) {
  const dir = await createTempDir();
  dirs.push(dir);
  return { dir, logs: new JobLogFiles({ dir, limits }) };
}

const FILE = 'logs/p/1/1-1.log';
const MB = 1024 * 1024;

/** Bytes from the start of chunk `seq` on, given every chunk written (seq = index + 1). */
const from = (written: readonly Buffer[], seq: number) => Buffer.concat(written.slice(seq - 1));

describe('subscribing to a finished log', () => {
  it('gets the whole log from 1, then onEnd', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, MB);
    const random = seededRandom(1);
    const written = Array.from({ length: 200 }, () => randomOutput(random, 300));
    written.forEach((chunk) => writer.write(chunk));
    await writer.close();
    const recording = record(logs, FILE, 1);
    await recording.ended;
    expect(recording.chunks.map((c) => c.seq)).toEqual(written.map((_, i) => i + 1));
    expect(compareBytes(recording.bytes(), await logs.read(FILE))).toBe('same');
    expect(logs.stats().subscriptions).toBe(0);
  });

  it('gets every chunk from any sequence number, and nothing but onEnd past the last one', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, MB);
    const written = Array.from({ length: 30 }, (_, i) => Buffer.from(`line ${i}\r\n`));
    written.forEach((chunk) => writer.write(chunk));
    await writer.close();
    for (let seq = 1; seq <= 32; seq++) {
      const recording = record(logs, FILE, seq);
      await recording.ended;
      expect(compareBytes(recording.bytes(), from(written, seq))).toBe('same');
      expect(recording.chunks[0]?.seq ?? seq).toBe(seq);
    }
  });

  it('ends at once for a log that does not exist', async () => {
    const { logs } = await setup();
    const recording = record(logs, 'logs/p/1/9-1.log', 1);
    await recording.ended;
    expect(recording.chunks).toEqual([]);
  });

  it('runs no handler before subscribe has returned', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, MB);
    writer.write(Buffer.from('x'));
    let returned = false;
    let early = false;
    logs.subscribe(FILE, 1, { onChunk: () => (early ||= !returned), onEnd: () => (early ||= !returned) });
    returned = true;
    await writer.close();
    expect(early).toBe(false);
  });
});

describe('subscribing while the log is written', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'mid-stream subscribers get exactly the bytes from their sequence number on (seed %i)',
    async (seed) => {
      const { logs } = await setup();
      const random = seededRandom(seed);
      const writer = logs.open(FILE, 64 * MB);
      const written: Buffer[] = [];
      const subscribers: { seq: number; recording: Recording }[] = [];
      for (let i = 0; i < 1500; i++) {
        if (random(10) === 0) {
          writer.note(`step ${i}`);
          written.push(Buffer.alloc(0)); // placeholder, filled from the file below
        } else {
          const chunk = randomOutput(random, 2000);
          writer.write(chunk);
          written.push(chunk);
        }
        if (random(60) === 0) {
          const seq = 1 + random(written.length + 3);
          subscribers.push({ seq, recording: record(logs, FILE, seq) });
        }
        // Let flushes, backlog reads and pumps interleave with writing at random points.
        if (random(3) === 0) await tick();
        if (random(50) === 0) await new Promise((resolve) => setTimeout(resolve, random(3)));
      }
      await writer.close();
      const all = record(logs, FILE, 1);
      await all.ended;
      const chunks = all.chunks.map((c) => c.data);
      expect(chunks.length).toBe(written.length);
      for (const { seq, recording } of subscribers) {
        await recording.ended;
        expect(seqsAreConsecutive(recording.chunks)).toBe(true);
        if (recording.chunks.length > 0) expect(recording.chunks[0]!.seq).toBe(seq);
        expect(compareBytes(recording.bytes(), from(chunks, seq))).toBe('same');
      }
      expect(subscribers.length).toBeGreaterThan(10);
      expect(logs.stats()).toEqual({ writers: 0, subscriptions: 0, bufferedBytes: 0 });
    },
  );

  it('a live subscriber from 1 gets every chunk as written, then onEnd after the last', async () => {
    const { logs } = await setup({});
    const writer = logs.open(FILE, MB);
    const seen: LogChunk[] = [];
    let endedAfter = -1;
    logs.subscribe(FILE, 1, { onChunk: (c) => seen.push(c), onEnd: () => (endedAfter = seen.length) });
    writer.write(Buffer.from('a'));
    await tick();
    expect(seen.map((c) => c.data.toString())).toEqual(['a']);
    writer.write(Buffer.from('b'));
    writer.note('n');
    await tick();
    expect(seen.map((c) => c.seq)).toEqual([1, 2, 3]);
    expect(endedAfter).toBe(-1);
    await writer.close();
    expect(endedAfter).toBe(3);
  });

  it('resumes after a reconnect: dispose at k, subscribe from k + 1, and the two add up to the whole log', async () => {
    const random = seededRandom(42);
    for (let round = 0; round < 20; round++) {
      const { logs } = await setup();
      const writer = logs.open(FILE, 64 * MB);
      const k = 1 + random(300);
      const reconnected: { second?: Recording } = {};
      const first = record(logs, FILE, 1, {
        onChunkSeen(chunk, self) {
          if (chunk.seq !== k) return;
          self.dispose();
          // Reconnect a little later, while writing goes on.
          setTimeout(() => (reconnected.second = record(logs, FILE, k + 1)), random(5));
        },
      });
      for (let i = 0; i < 400; i++) {
        writer.write(randomOutput(random, 500));
        if (random(4) === 0) await tick();
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      await writer.close();
      const second = reconnected.second!;
      await second.ended;
      expect(first.chunks.at(-1)!.seq).toBe(k);
      expect(compareBytes(Buffer.concat([first.bytes(), second.bytes()]), await logs.read(FILE))).toBe(
        'same',
      );
    }
  });
});

describe('slow subscribers', () => {
  it('a live subscriber that stops passing chunks on is dropped with onGap, and memory stays bounded', async () => {
    const { logs } = await setup({ recentBytes: MB, maxBehindBytes: 4 * MB, unflushedBytes: 16 * MB });
    const writer = logs.open(FILE, 1024 * MB);
    // A WebSocket whose peer stopped reading: everything it is given stays in its buffer.
    let socketBuffer = 0;
    const stuck = record(logs, FILE, 1, {
      bufferedBytes: () => socketBuffer,
      onChunkSeen: (chunk) => void (socketBuffer += chunk.data.length),
    });
    const healthy = record(logs, FILE, 1);
    let peakBuffered = 0;
    const written: Buffer[] = [];
    for (let i = 0; i < 1000; i++) {
      const chunk = Buffer.alloc(16 * 1024, 97 + (i % 26));
      written.push(chunk);
      writer.write(chunk);
      await tick();
      peakBuffered = Math.max(peakBuffered, logs.stats().bufferedBytes);
      // A producer about as fast as the disk, so what stays in memory is down to the subscribers alone.
      while (logs.stats().bufferedBytes > 2 * MB) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await writer.close();
    await healthy.ended;
    await stuck.ended;
    expect(stuck.gaps).toHaveLength(1);
    const resumeAt = stuck.gaps[0]!;
    expect(resumeAt).toBe(stuck.chunks.at(-1)!.seq + 1);
    // Dropped once just past 4 MB behind, not after taking the whole 16 MB log.
    expect(socketBuffer).toBeGreaterThan(4 * MB);
    expect(socketBuffer).toBeLessThanOrEqual(4 * MB + 16 * 1024);
    // The ring's recent megabyte plus what the disk had not taken yet: nothing held for the stuck subscriber.
    expect(peakBuffered).toBeLessThanOrEqual(MB + 2 * MB + 16 * 1024);
    expect(compareBytes(healthy.bytes(), Buffer.concat(written))).toBe('same');
    // Told where to resume, it gets the rest from the file: nothing lost, nothing twice.
    const resumed = record(logs, FILE, resumeAt);
    await resumed.ended;
    expect(compareBytes(Buffer.concat([stuck.bytes(), resumed.bytes()]), Buffer.concat(written))).toBe(
      'same',
    );
  });

  it('backlog is paced by what the subscriber still has buffered, and never dropped', async () => {
    const { logs } = await setup({ pieceBytes: 64 * 1024, resumeBelowBytes: 100 * 1024, pollMs: 5 });
    const writer = logs.open(FILE, 64 * MB);
    const written = Array.from({ length: 200 }, (_, i) => Buffer.alloc(10 * 1024, 65 + (i % 26)));
    written.forEach((chunk) => writer.write(chunk));
    await writer.close();
    let socketBuffer = 0;
    let peak = 0;
    const recording = record(logs, FILE, 1, {
      bufferedBytes: () => socketBuffer,
      onChunkSeen: (chunk) => {
        socketBuffer += chunk.data.length;
        peak = Math.max(peak, socketBuffer);
      },
    });
    // The socket drains slowly.
    const drain = setInterval(() => (socketBuffer = Math.max(0, socketBuffer - 50 * 1024)), 2);
    await recording.ended;
    clearInterval(drain);
    expect(recording.gaps).toEqual([]);
    expect(compareBytes(recording.bytes(), Buffer.concat(written))).toBe('same');
    expect(peak).toBeLessThanOrEqual(100 * 1024 + 64 * 1024 + 10 * 1024);
  });

  it('a subscriber whose handler throws is dropped and reported; the writer and others go on', async () => {
    const dir = await createTempDir();
    dirs.push(dir);
    const errors: unknown[] = [];
    const logs = new JobLogFiles({ dir, onError: (error) => errors.push(error) });
    const writer = logs.open(FILE, MB);
    logs.subscribe(FILE, 1, {
      onChunk: () => {
        throw new Error('broken socket');
      },
      onEnd: () => undefined,
    });
    const healthy = record(logs, FILE, 1);
    writer.write(Buffer.from('a'));
    await tick();
    writer.write(Buffer.from('b'));
    await writer.close();
    await healthy.ended;
    expect(healthy.bytes().toString()).toBe('ab');
    expect(errors).toEqual([new Error('broken socket')]);
  });
});

describe('a disk slower than the job', () => {
  it('drops output beyond the unflushed cap and says how much, never silently', async () => {
    const { logs } = await setup({ unflushedBytes: 10 * 1024 });
    const writer = logs.open(FILE, 64 * MB);
    const live = record(logs, FILE, 1);
    // One synchronous burst: the flush loop cannot run until it is over.
    for (let i = 0; i < 100; i++) writer.write(Buffer.alloc(1024, 120));
    writer.write(Buffer.from('last\n'));
    await writer.close();
    await live.ended;
    const text = (await logs.read(FILE)).toString();
    // 100 × 1 KB + 5 bytes written, the first 10 KB accepted: 92,165 bytes dropped, and said so.
    expect(text.startsWith('x'.repeat(10 * 1024))).toBe(true);
    expect(text.slice(10 * 1024)).toBe(
      '\r\n\x1b[0;1;36m» 92,165 bytes of output were dropped here: the disk could not keep up with the job.\x1b[0m\r\n',
    );
    expect(live.bytes().toString() === text).toBe(true);
  });
});
