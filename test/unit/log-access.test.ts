// Opening a running job's log: the tail page says where the live stream continues, so a viewer shows
// the tail and goes live without a gap or a repeat. Real log files, a real store.
import { afterEach, describe, expect, it } from 'vitest';
import type { LogServerFrame } from '../../server/contract/log-stream.js';
import { LogAccess } from '../../server/core/log-access.js';
import { JobLogFiles } from '../../server/logs/job-log-files.js';
import { createHarness, type Harness } from './runner-harness.js';

let h: Harness;
afterEach(async () => h?.close());

describe('LogAccess', () => {
  it('gives a running log’s tail with the sequence number the live stream continues from', async () => {
    h = await createHarness();
    const jobId = await h.queue({ buildScript: 'echo never runs' }); // not started: the scheduler is off
    const job = (await h.store.getJob(jobId))!;
    const logs = new JobLogFiles({ dir: h.dir, limits: { flushDelayMs: 0 } });
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
});
