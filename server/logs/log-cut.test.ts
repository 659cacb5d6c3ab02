// The per-job size limit: beyond it the start is cut, the tail kept, and a note says what was cut.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobLogFiles } from './job-log-files.js';
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

async function setup() {
  const dir = await createTempDir();
  dirs.push(dir);
  return { dir, logs: new JobLogFiles({ dir, limits: { recentBytes: 0, batchBytes: 8 * KB } }) };
}

const FILE = 'logs/p/1/1-1.log';
const KB = 1024;
const cutNote = (bytes: string, lines: string) =>
  `\x1b[0;1;36m» Log over its size limit: the first ${bytes} bytes (${lines} lines) were cut; the end is kept.\x1b[0m\r\n`;

/** `count` chunks of ten numbered lines each (about 290 bytes a chunk). */
function numberedChunks(count: number): Buffer[] {
  return Array.from({ length: count }, (_, c) =>
    Buffer.from(
      Array.from({ length: 10 }, (_, l) => `line ${String(c * 10 + l).padStart(6, '0')} …\r\n`).join(''),
    ),
  );
}

const newlines = (bytes: Buffer) => bytes.toString('latin1').split('\n').length - 1;

describe('the size limit', () => {
  it('keeps the tail, at most the limit, opened by a note saying how many bytes and lines were cut', async () => {
    const { dir, logs } = await setup();
    const limit = 64 * KB;
    const writer = logs.open(FILE, limit);
    const written = numberedChunks(1000);
    let largest = 0;
    for (const [i, chunk] of written.entries()) {
      writer.write(chunk);
      if (i % 10 === 0) {
        await tick();
        largest = Math.max(largest, (await stat(join(dir, FILE)).catch(() => ({ size: 0 }))).size);
      }
    }
    await writer.close();
    const all = Buffer.concat(written);
    const file = await logs.read(FILE);
    expect(file.length).toBeLessThanOrEqual(limit);
    expect(file.length).toBeGreaterThan(limit - 2 * KB);
    // While running the file may overshoot by half the limit and one flush batch, never more.
    expect(largest).toBeLessThanOrEqual(limit * 1.5 + 8 * KB + 200);
    const text = file.toString('latin1');
    const noteEnd = text.indexOf('\r\n') + 2;
    const kept = file.subarray(noteEnd);
    expect(compareBytes(kept, all.subarray(all.length - kept.length))).toBe('same');
    const cut = all.subarray(0, all.length - kept.length);
    const grouped = (n: number) => n.toLocaleString('en-US');
    expect(file.subarray(0, noteEnd).toString()).toBe(cutNote(grouped(cut.length), grouped(newlines(cut))));
    // Cut at a chunk boundary: the kept part starts with a whole chunk.
    expect(kept.toString().startsWith('line ')).toBe(true);
  });

  it('serves a cut log from any sequence number: a cut one starts at the first kept chunk, note included', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 16 * KB);
    const written = numberedChunks(300);
    written.forEach((chunk) => writer.write(chunk));
    await writer.close();
    const file = await logs.read(FILE);
    const whole = record(logs, FILE, 1);
    await whole.ended;
    const firstKept = whole.chunks[0]!.seq;
    expect(firstKept).toBeGreaterThan(1);
    expect(whole.chunks.at(-1)!.seq).toBe(300);
    expect(seqsAreConsecutive(whole.chunks)).toBe(true);
    expect(compareBytes(whole.bytes(), file)).toBe('same');
    expect(whole.chunks[0]!.data.toString()).toBe(
      file.subarray(0, file.indexOf('\r\n') + 2).toString() + written[firstKept - 1]!.toString(),
    );
    const fromCut = record(logs, FILE, firstKept - 5);
    await fromCut.ended;
    expect(compareBytes(fromCut.bytes(), file)).toBe('same');
    const fromKept = record(logs, FILE, firstKept + 3);
    await fromKept.ended;
    expect(compareBytes(fromKept.bytes(), Buffer.concat(written.slice(firstKept + 2)))).toBe('same');
  });

  it('counts every cut when a runaway log is cut many times', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 8 * KB);
    const written = numberedChunks(600);
    for (const chunk of written) {
      writer.write(chunk);
      await tick();
    }
    await writer.close();
    const all = Buffer.concat(written);
    const file = await logs.read(FILE);
    const noteEnd = file.indexOf('\r\n') + 2;
    const kept = file.length - noteEnd;
    const cut = all.subarray(0, all.length - kept);
    const grouped = (n: number) => n.toLocaleString('en-US');
    expect(file.subarray(0, noteEnd).toString()).toBe(cutNote(grouped(cut.length), grouped(newlines(cut))));
    expect(file.length).toBeLessThanOrEqual(8 * KB);
  });

  it('does not cut what a live subscriber already has: it gets every chunk as written', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 8 * KB);
    const live = record(logs, FILE, 1);
    const written = numberedChunks(300);
    for (const chunk of written) {
      writer.write(chunk);
      await tick();
    }
    await writer.close();
    await live.ended;
    expect(compareBytes(live.bytes(), Buffer.concat(written))).toBe('same');
  });

  it.each([11, 12, 13])(
    'subscribers reading while cuts happen get each chunk intact, skipping only to a chunk that carries the cut note (seed %i)',
    async (seed) => {
      const dir = await createTempDir();
      dirs.push(dir);
      const logs = new JobLogFiles({ dir, limits: { recentBytes: 0, pieceBytes: 2048, batchChunks: 5 } });
      const random = seededRandom(seed);
      const writer = logs.open(FILE, 12 * KB);
      const written: Buffer[] = [];
      const recordings: Recording[] = [];
      for (let i = 0; i < 1500; i++) {
        const chunk = randomOutput(random, 400);
        written.push(chunk);
        writer.write(chunk);
        if (random(50) === 0) recordings.push(record(logs, FILE, 1 + random(written.length)));
        if (random(3) === 0) await tick();
      }
      await writer.close();
      const mark = Buffer.from('\x1b[0;1;36m» Log over its size limit');
      for (const recording of recordings) {
        await recording.ended;
        let previous = 0;
        for (const chunk of recording.chunks) {
          const original = written[chunk.seq - 1]!;
          const noted = chunk.data.subarray(0, mark.length).equals(mark);
          expect(chunk.seq).toBeGreaterThan(previous);
          if (previous !== 0 && chunk.seq !== previous + 1) {
            expect(noted).toBe(true);
          }
          const data = noted ? chunk.data.subarray(chunk.data.indexOf('\r\n') + 2) : chunk.data;
          expect(compareBytes(data, original)).toBe('same');
          previous = chunk.seq;
        }
        expect(previous).toBe(1500);
      }
      expect(recordings.length).toBeGreaterThan(15);
    },
  );

  it('keeps the last chunk whole even when it alone is over the limit', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 4 * KB);
    writer.write(Buffer.alloc(3 * KB, 97));
    writer.write(Buffer.alloc(10 * KB, 98));
    await writer.close();
    const file = await logs.read(FILE);
    expect(file.toString()).toBe(cutNote('3,072', '0') + 'b'.repeat(10 * KB));
  });

  it('leaves a log under the limit alone', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 64 * KB);
    writer.write(Buffer.alloc(60 * KB, 97));
    await writer.close();
    expect((await logs.read(FILE)).equals(Buffer.alloc(60 * KB, 97))).toBe(true);
  });
});
