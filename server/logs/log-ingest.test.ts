// Ingest throughput, measured (never asserted as a timing): a million lines in 16 KB writes with one
// live subscriber. What is asserted is that nothing was lost and memory stayed bounded.
import { afterEach, expect, it } from 'vitest';
import { createTempDir, measureIngest, removeDir } from '../../test/fixtures/log-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

it('ingests 1,000,000 lines in 16 KB writes with a live subscriber, every byte delivered', async () => {
  const dir = await createTempDir();
  dirs.push(dir);
  const result = await measureIngest(dir, {
    lines: 1_000_000,
    chunkBytes: 16 * 1024,
    limitBytes: 1024 ** 3,
    subscribers: 1,
  });
  console.log(
    `log ingest: ${(result.bytes / 1e6).toFixed(1)} MB in ${result.seconds.toFixed(2)} s = ` +
      `${result.mbPerSecond.toFixed(0)} MB/s; peak RSS growth ${(result.rssGrowthBytes / 2 ** 20).toFixed(1)} MiB; ` +
      `peak adapter buffer ${(result.peakBufferedBytes / 2 ** 20).toFixed(1)} MiB`,
  );
  expect(result.bytes).toBeGreaterThan(75e6);
  expect(result.fileBytes).toBe(result.bytes);
  expect(result.received).toEqual([result.bytes]);
  // The unflushed cap (16 MiB) plus the recent ring (1 MiB) bound what the adapter holds.
  expect(result.peakBufferedBytes).toBeLessThanOrEqual(17 * 2 ** 20 + 64 * 1024);
}, 120_000);
