// Job-log ingest: how fast output as Docker delivers it (one write per socket read) reaches the log
// file and live subscribers, and how much memory that takes. Each case runs in a fresh process so its
// memory figures are its own:
//   node --expose-gc --import tsx bench/log-ingest.bench.ts
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTempDir, measureIngest, removeDir, type IngestRun } from '../test/fixtures/log-fixtures.js';

const MB = 1024 * 1024;
const lines = 1_000_000;
const uncapped = 1024 * MB;
const cases: (IngestRun & { name: string })[] = [
  {
    name: 'producer alone (baseline)',
    lines,
    chunkBytes: 16 * 1024,
    limitBytes: uncapped,
    subscribers: 0,
    produceOnly: true,
  },
  { name: '16 KB writes, no subscriber', lines, chunkBytes: 16 * 1024, limitBytes: uncapped, subscribers: 0 },
  {
    name: '16 KB writes, 1 live subscriber',
    lines,
    chunkBytes: 16 * 1024,
    limitBytes: uncapped,
    subscribers: 1,
  },
  {
    name: '16 KB writes, 10 live subscribers',
    lines,
    chunkBytes: 16 * 1024,
    limitBytes: uncapped,
    subscribers: 10,
  },
  {
    name: '4 KB writes, 1 live subscriber',
    lines,
    chunkBytes: 4 * 1024,
    limitBytes: uncapped,
    subscribers: 1,
  },
  {
    name: '32 KB writes, 1 live subscriber',
    lines,
    chunkBytes: 32 * 1024,
    limitBytes: uncapped,
    subscribers: 1,
  },
  {
    name: '16 KB writes, 1 subscriber, 50 MB cap',
    lines,
    chunkBytes: 16 * 1024,
    limitBytes: 50 * MB,
    subscribers: 1,
  },
];

const mib = (bytes: number) => `${(bytes / MB).toFixed(1)} MiB`;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function runCase(run: IngestRun & { name: string }): Promise<void> {
  const dir = await createTempDir();
  try {
    gc();
    const before = process.memoryUsage.rss();
    const result = await measureIngest(dir, run);
    gc();
    const after = process.memoryUsage.rss() - before;
    const received = result.received.every((r) => r === result.received[0])
      ? mib(result.received[0] ?? 0)
      : '?';
    console.log(
      `${run.name.padEnd(38)} ${(result.bytes / 1e6).toFixed(1)} MB in ${result.seconds.toFixed(2)} s = ` +
        `${result.mbPerSecond.toFixed(0).padStart(3)} MB/s | RSS peak +${mib(result.rssGrowthBytes)}, ` +
        `after GC +${mib(after)} | adapter buffer peak ${mib(result.peakBufferedBytes)} | ` +
        `file ${mib(result.fileBytes)} | each subscriber got ${received}`,
    );
  } finally {
    await removeDir(dir);
  }
}

const only = process.argv[2];
if (only !== undefined) {
  await runCase(cases[Number(only)]!);
} else {
  console.log(
    `${lines.toLocaleString('en-US')} lines, one write per event-loop turn, node ${process.version}`,
  );
  for (const [i] of cases.entries()) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), String(i)],
      {
        stdio: 'inherit',
      },
    );
    if (child.status !== 0) process.exitCode = 1;
  }
}
