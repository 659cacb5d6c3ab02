// After a restart the files are the truth: a new adapter serves a closed log from any sequence number,
// and logs left by a crash (missing, short or mismatched index) still give every byte they hold.
import { open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobLogFiles } from './job-log-files.js';
import {
  compareBytes,
  createTempDir,
  eventually,
  randomOutput,
  record,
  removeDir,
  seededRandom,
  seqsAreConsecutive,
} from '../../test/fixtures/log-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const FILE = 'logs/p/7/2-3.log';

/** A closed log of `count` random chunks written by one adapter, and a second adapter on the same folder. */
async function afterRestart(count: number, limit = 64 * 1024 * 1024) {
  const dir = await createTempDir();
  dirs.push(dir);
  const before = new JobLogFiles({ dir });
  const writer = before.open(FILE, limit);
  const random = seededRandom(count);
  const written = Array.from({ length: count }, () => randomOutput(random, 3000));
  written.forEach((chunk, i) => (i % 17 === 5 ? writer.note(`note ${i}`) : writer.write(chunk)));
  await writer.close();
  const logs = new JobLogFiles({ dir, limits: { pieceBytes: 5000 } });
  return { dir, logs, file: await readFile(join(dir, FILE)) };
}

async function everything(logs: JobLogFiles, fromSeq: number) {
  const recording = record(logs, FILE, fromSeq);
  await recording.ended;
  expect(seqsAreConsecutive(recording.chunks)).toBe(true);
  return recording;
}

describe('after a restart', () => {
  it('serves a closed log from every sequence number, each time exactly the bytes after the chunks before it', async () => {
    const { logs, file } = await afterRestart(120);
    const whole = await everything(logs, 1);
    expect(whole.chunks.map((c) => c.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(compareBytes(whole.bytes(), file)).toBe('same');
    let offset = 0;
    for (let seq = 1; seq <= 121; seq++) {
      const rest = await everything(logs, seq);
      expect(compareBytes(rest.bytes(), file.subarray(offset))).toBe('same');
      offset += whole.chunks[seq - 1]?.data.length ?? 0;
    }
  });

  it('serves a cut log the same way', async () => {
    const { logs, file } = await afterRestart(200, 100 * 1024);
    const whole = await everything(logs, 1);
    expect(whole.chunks[0]!.seq).toBeGreaterThan(1);
    expect(whole.chunks.at(-1)!.seq).toBe(200);
    expect(compareBytes(whole.bytes(), file)).toBe('same');
    const tail = await everything(logs, 190);
    expect(
      compareBytes(tail.bytes(), Buffer.concat(whole.chunks.filter((c) => c.seq >= 190).map((c) => c.data))),
    ).toBe('same');
  });

  it('serves a log without an index as one run of pieces, every byte in order', async () => {
    const { dir, logs, file } = await afterRestart(100);
    await rm(join(dir, `${FILE}.idx`));
    const whole = await everything(logs, 1);
    expect(whole.chunks[0]!.seq).toBe(1);
    expect(compareBytes(whole.bytes(), file)).toBe('same');
    const rest = await everything(logs, 2);
    expect(compareBytes(rest.bytes(), file.subarray(whole.chunks[0]!.data.length))).toBe('same');
  });

  it('numbers bytes after the last index record on from it (a crash between the two writes)', async () => {
    const { dir, logs, file } = await afterRestart(100);
    await truncate(join(dir, `${FILE}.idx`), 32 + 60 * 8);
    const whole = await everything(logs, 1);
    expect(whole.chunks.length).toBeGreaterThan(60);
    expect(compareBytes(whole.bytes(), file)).toBe('same');
    const fromTail = await everything(logs, 62);
    expect(compareBytes(fromTail.bytes(), Buffer.concat(whole.chunks.slice(61).map((c) => c.data)))).toBe(
      'same',
    );
  });

  it('ignores index records past the end of the log (the data never reached the disk)', async () => {
    const { dir, logs, file } = await afterRestart(100);
    await truncate(join(dir, FILE), file.length - 5000);
    const whole = await everything(logs, 1);
    expect(compareBytes(whole.bytes(), file.subarray(0, file.length - 5000))).toBe('same');
  });

  it('does not trust an index that belongs to another version of the log (a crash while cutting)', async () => {
    const uncut = await afterRestart(100);
    const cut = await afterRestart(200, 100 * 1024);
    const uncutIndex = await readFile(join(uncut.dir, `${FILE}.idx`));
    const cutIndex = await readFile(join(cut.dir, `${FILE}.idx`));
    // Each log with the other's index beside it.
    await writeFile(join(cut.dir, `${FILE}.idx`), uncutIndex);
    await writeFile(join(uncut.dir, `${FILE}.idx`), cutIndex);
    for (const { logs, file } of [cut, uncut]) {
      const whole = await everything(logs, 1);
      expect(whole.chunks[0]!.seq).toBe(1);
      expect(compareBytes(whole.bytes(), file)).toBe('same');
    }
  });

  it('serves what a log holds when its writer never closed it (the app crashed)', async () => {
    const dir = await createTempDir();
    dirs.push(dir);
    const crashed = new JobLogFiles({ dir });
    const writer = crashed.open(FILE, 1024 * 1024);
    writer.write(Buffer.from('before the crash\r\n'));
    writer.write(Buffer.from('half a li'));
    await eventually(async () => {
      const index = await readFile(join(dir, `${FILE}.idx`)).catch(() => Buffer.alloc(0));
      return index.length === 32 + 2 * 8;
    });
    const logs = new JobLogFiles({ dir });
    const whole = await everything(logs, 1);
    expect(whole.bytes().toString()).toBe('before the crash\r\nhalf a li');
    expect((await logs.read(FILE)).toString()).toBe('before the crash\r\nhalf a li');
    await writer.close();
  });

  it('reads an index header it does not know as no index', async () => {
    const { dir, logs, file } = await afterRestart(20);
    const handle = await open(join(dir, `${FILE}.idx`), 'r+');
    await handle.write(Buffer.from('XXXX'), 0, 4, 0);
    await handle.close();
    const whole = await everything(logs, 1);
    expect(compareBytes(whole.bytes(), file)).toBe('same');
  });
});
