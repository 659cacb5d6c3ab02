// Opening a running job's log: the tail page says where the live stream continues, so a viewer shows
// the tail and goes live without a gap or a repeat. Real log files, a real store.
import { afterEach, describe, expect, it } from 'vitest';
import type { LogServerFrame } from '../contract/log-stream.js';
import { LogAccess } from './log-access.js';
import { createFakeRunner, type FakeRunner } from '../../test/fixtures/runner-harness.js';

let h: FakeRunner;
afterEach(async () => h?.close());

describe('LogAccess', () => {
  it('gives a running log’s tail with the sequence number the live stream continues from', async () => {
    h = await createFakeRunner({ logLimits: { flushDelayMs: 0 } });
    const jobId = await h.queue({ buildScript: 'echo never runs' }); // not started: the scheduler is off
    const job = (await h.store.getJob(jobId))!;
    const logs = h.logs;
    const access = new LogAccess(h.store, logs);
    const writer = logs.open(job.attempts[0]!.logFile, 1024 * 1024);
    for (let i = 0; i < 50; i++) writer.write(Buffer.from(`line ${i}\n`));
    await expect.poll(async () => (await access.page(jobId)).size).toBeGreaterThan(300);

    const page = await access.page(jobId);
    expect(page.nextSeq).not.toBeNull();
    for (let i = 50; i < 60; i++) writer.write(Buffer.from(`line ${i}\n`));
    const frames: LogServerFrame[] = [];
    const done = new Promise<void>((resolve) =>
      access.subscribe({ type: 'log.subscribe', id: 's', jobId, fromSeq: page.nextSeq! }, (frame) => {
        frames.push(frame);
        if (frame.type === 'log.end') resolve();
      }),
    );
    await writer.close();
    await done;
    const live = frames.flatMap((f) => (f.type === 'log.chunk' ? [Buffer.from(f.data, 'base64')] : []));
    const whole = await logs.read(job.attempts[0]!.logFile);
    const shown = Buffer.concat([Buffer.from(page.data, 'base64'), ...live]);
    expect(shown.equals(whole.subarray(page.start))).toBe(true);
    expect((await access.page(jobId)).nextSeq).toBeNull(); // finished: nothing to continue
  });

  it('carries note ranges in live frames and pages, and searches the whole log', async () => {
    h = await createFakeRunner({ logLimits: { flushDelayMs: 0 } });
    const jobId = await h.queue({ buildScript: 'echo never runs' });
    const job = (await h.store.getJob(jobId))!;
    const logs = h.logs;
    const access = new LogAccess(h.store, logs);
    const writer = logs.open(job.attempts[0]!.logFile, 1024 * 1024);
    const frames: LogServerFrame[] = [];
    const done = new Promise<void>((resolve) =>
      access.subscribe({ type: 'log.subscribe', id: 's', jobId, fromSeq: 1 }, (frame) => {
        frames.push(frame);
        if (frame.type === 'log.end') resolve();
      }),
    );
    writer.write(Buffer.from('\x1b[0;1;36m» Job succeeded.\x1b[0m\r\n')); // printed by the job
    writer.note('Job succeeded.');
    await writer.close();
    await done;
    const chunks = frames.flatMap((f) => (f.type === 'log.chunk' ? [f] : []));
    expect(chunks.map((c) => c.notes ?? null)).toEqual([null, [[0, Buffer.from(chunks[1]!.data, 'base64').length]]]);

    const page = await access.page(jobId);
    const forgedEnd = Buffer.byteLength('\x1b[0;1;36m» Job succeeded.\x1b[0m\r\n');
    expect(page.notes).toEqual([[forgedEnd, page.size]]);
    const found = await access.search(jobId, undefined, 'job succeeded');
    expect(found.matches.map((m) => [m.line, m.text])).toEqual([
      [1, '» Job succeeded.'],
      [2, '» Job succeeded.'],
    ]);
    // Neither line says why anything failed (a note-like line never does, whoever printed it).
    expect(await access.firstFailure(jobId)).toMatchObject({ kind: 'none', match: null });
  });
});
