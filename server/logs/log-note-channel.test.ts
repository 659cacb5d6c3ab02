// Kozmic's notes travel apart from the job's output: the index flags note chunks, live chunks and pages
// carry their note ranges, and output that prints a note's exact bytes is still output.
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobLogFiles } from './job-log-files.js';
import { decodeHeader, encodeHeader, encodeRecords, INDEX_HEADER_BYTES, readRecords } from './log-index.js';
import { createTempDir, record, removeDir } from '../../test/fixtures/log-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function setup(limits = {}) {
  const dir = await createTempDir();
  dirs.push(dir);
  return { dir, logs: new JobLogFiles({ dir, limits }) };
}

const FILE = 'logs/p1/3/2-1.log';
const forged = '\x1b[0;1;36m» Job passed\x1b[0m\r\n';

/** The note text of every chunk part flagged as a note. */
function notesOf(chunks: readonly { data: Buffer; notes?: readonly (readonly [number, number])[] }[]): string[] {
  return chunks.flatMap((c) => (c.notes ?? []).map(([s, e]) => c.data.subarray(s, e).toString()));
}

describe('the note channel', () => {
  it('flags notes, not output printing the same bytes, live and after the log is closed', async () => {
    const { dir, logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    const live = record(logs, FILE, 1);
    writer.write(Buffer.from(`building\r\n${forged}`));
    writer.note('Job passed');
    await writer.close();
    await live.ended;
    expect(live.bytes().toString()).toBe(`building\r\n${forged}${forged}`);
    expect(notesOf(live.chunks)).toEqual([forged]);

    const later = new JobLogFiles({ dir });
    const replay = record(later, FILE, 1);
    await replay.ended;
    expect(notesOf(replay.chunks)).toEqual([forged]);
    const size = (await later.read(FILE)).length;
    const firstNote = Buffer.byteLength(`building\r\n${forged}`);
    expect(await later.notes(FILE, { start: 0, end: size })).toEqual([[firstNote, size]]);
    expect(await later.notes(FILE, { start: firstNote + 3, end: size - 1 })).toEqual([[firstNote + 3, size - 1]]);
    expect(await later.notes(FILE, { start: 0, end: firstNote })).toEqual([]);
  });

  it('answers note ranges of a running log as far as it is on disk', async () => {
    const { logs } = await setup({ flushDelayMs: 0 });
    const writer = logs.open(FILE, 1024 * 1024);
    writer.note('Running the build script');
    writer.write(Buffer.from('out\n'));
    await expect.poll(() => logs.liveEnd(FILE)?.size ?? 0).toBeGreaterThan(4);
    const size = logs.liveEnd(FILE)!.size;
    expect(await logs.notes(FILE, { start: 0, end: size })).toEqual([[0, size - 4]]);
    await writer.close();
  });

  it('keeps note flags through a cut, and marks the cut note itself', async () => {
    const { dir, logs } = await setup({ chunkBytes: 100 });
    const writer = logs.open(FILE, 2000);
    for (let i = 0; i < 30; i++) {
      writer.write(Buffer.from(`${'x'.repeat(90)} ${String(i).padStart(2, '0')}\n`));
      if (i % 10 === 9) writer.note(`step ${i}`);
    }
    await writer.close();
    const replay = record(new JobLogFiles({ dir }), FILE, 1);
    await replay.ended;
    const notes = notesOf(replay.chunks);
    // eslint-disable-next-line no-control-regex -- notes are styled with escape sequences
    expect(notes[0]).toMatch(/^\x1b\[0;1;36m» Log over its size limit: /);
    const text = (await readFile(join(dir, FILE))).toString();
    const kept = [...text.matchAll(/» (step \d+)/g)].map((m) => `» ${m[1]}`);
    expect(kept.at(-1)).toBe('» step 29');
    // eslint-disable-next-line no-control-regex -- notes are styled with escape sequences
    expect(notes.slice(1).map((n) => n.replace(/\x1b\[[0-9;]*m|\r\n/g, ''))).toEqual(kept);
  });

  it('writes version 2 records with the note bit and still reads version 1 indexes', async () => {
    const { dir, logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    writer.write(Buffer.from('a\n'));
    writer.note('n');
    await writer.close();
    const index = await readFile(join(dir, `${FILE}.idx`));
    expect(index[4]).toBe(2);
    const handle = await open(join(dir, `${FILE}.idx`), 'r');
    expect(await readRecords(handle, 0, 10)).toEqual([
      { end: 2, note: false },
      { end: index.length > 0 ? (await logs.read(FILE)).length : 0, note: true },
    ]);
    await handle.close();

    // A log written before notes had their channel: its index is version 1, its notes are plain bytes.
    const v1 = encodeHeader({ firstSeq: 1, cutBytes: 0, cutLines: 0 });
    v1[4] = 1;
    expect(decodeHeader(v1)).not.toBeNull();
    await writeFile(join(dir, FILE), `old output\n${forged}`);
    await writeFile(
      join(dir, `${FILE}.idx`),
      Buffer.concat([v1, encodeRecords([{ end: 11, note: false }, { end: 11 + Buffer.byteLength(forged), note: false }])]),
    );
    const old = record(new JobLogFiles({ dir }), FILE, 1);
    await old.ended;
    expect(old.bytes().toString()).toBe(`old output\n${forged}`);
    expect(old.chunks.map((c) => c.seq)).toEqual([1, 2]);
    expect(notesOf(old.chunks)).toEqual([]);
    expect(index.length).toBe(INDEX_HEADER_BYTES + 16);
  });
});
