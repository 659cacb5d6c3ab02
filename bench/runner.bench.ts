// Runner benchmark, each figure against a baseline measured in the same run on the same engine:
//  (a) cache-hit job overhead: job queued → first output of the build script, ÷ raw dockerode
//      create+start+wait of the same image and command;
//  (b) log ingest of a job printing 1,000,000 lines (~80 MB): container → log file → one live
//      subscriber, ÷ raw dockerode attach of the same command with the same container settings;
//      with the peak RSS of this process (the core) while it runs;
//  (c) cache-key time for 10,000 tracked files.
// Run: npm run bench:runner. The last line of output is one JSON object.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import type { JobEngine, StepSpec } from '../server/core/ports.js';
import { cacheKeyOf } from '../server/core/runner/cache-key.js';
import { currentAttempt } from '../server/core/build-state.js';
import { GitMirrors } from '../server/git/git-mirrors.js';
import { createRealRunner, gitToken } from '../test/fixtures/runner-harness.js';
import { createRepo, startGitHttpServer } from '../test/fixtures/git-http-server.js';

const image = 'kozmic-test/debian:12';
const rounds = 9;
const ingestRounds = 5;
const bigOutput = "seq 1 1000000 | sed 's/$/ xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/'";
const docker = new Docker();

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Same settings as a job container: TTY, no engine log copy, init. */
async function rawRun(
  imageId: string,
  command: string,
): Promise<{ totalMs: number; streamMs: number; bytes: number }> {
  const started = performance.now();
  const container = await docker.createContainer({
    Image: imageId,
    Entrypoint: [],
    Cmd: ['/bin/sh', '-c', command],
    Tty: true,
    HostConfig: { LogConfig: { Type: 'none', Config: {} }, Init: true },
  });
  const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as unknown as Readable;
  let bytes = 0;
  let firstByte = 0;
  stream.on('data', (chunk: Buffer) => {
    firstByte ||= performance.now();
    bytes += chunk.length;
  });
  const ended = new Promise((resolve) => stream.on('end', resolve));
  const waited = container.wait();
  await container.start();
  await ended;
  const lastByte = performance.now();
  await waited;
  const done = performance.now();
  await container.remove({ force: true });
  return { totalMs: done - started, streamMs: lastByte - firstByte, bytes };
}

/** The runner's engine, noting when each build step starts and first prints. */
function timedEngine(engine: JobEngine, marks: { stepStart: number; firstOutput: number }): JobEngine {
  return {
    probe: () => engine.probe(),
    prepareImage: (reference, onProgress, signal) => engine.prepareImage(reference, onProgress, signal),
    imageHasUser: (imageId, user) => engine.imageHasUser(imageId, user),
    commit: (containerId, labels) => engine.commit(containerId, labels),
    removeContainer: (containerId) => engine.removeContainer(containerId),
    listImages: (labels) => engine.listImages(labels),
    removeImage: (imageId) => engine.removeImage(imageId),
    listContainers: (labels) => engine.listContainers(labels),
    startContainer: async (spec, onOutput) => {
      const build = spec.labels['dev.kozmic.step'] === 'build';
      if (build) marks.stepStart = performance.now();
      return engine.startContainer(spec, (chunk) => {
        if (build && marks.firstOutput === 0) marks.firstOutput = performance.now();
        onOutput(chunk);
      });
    },
    startStep: (spec: StepSpec, onOutput: (chunk: Buffer) => void) => {
      const build = spec.labels['dev.kozmic.step'] === 'build';
      if (build) marks.stepStart = performance.now();
      return engine.startStep(spec, (chunk) => {
        if (build && marks.firstOutput === 0) marks.firstOutput = performance.now();
        onOutput(chunk);
      });
    },
  };
}

async function overhead(): Promise<{ ours: number; raw: number }> {
  const marks = { stepStart: 0, firstOutput: 0 };
  const r = await createRealRunner(
    { 'package.json': '{}' },
    { settings: { maxParallelJobs: 1 }, wrapEngine: (engine) => timedEngine(engine, marks) },
  );
  try {
    const hook = await r.hook({ image, installScript: 'echo install', trackedFiles: ['package.json'], buildScript: 'echo first' });
    await r.finished(await r.build(hook, r.repo.sha!)); // fills the cache
    const cached = (await r.engine.listImages({ 'dev.kozmic.project': r.projectId }))[0]!.id;
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const sha = await r.repo.commit({ [`f${i}`]: String(i) });
      marks.firstOutput = 0;
      const queued = performance.now();
      const id = await r.build(hook, sha);
      const job = await r.finished(id);
      if (!currentAttempt(job).cacheHit) throw new Error('expected a cache hit');
      ours.push(marks.firstOutput - queued);
      raw.push((await rawRun(cached, 'echo first')).totalMs);
    }
    return { ours: median(ours), raw: median(raw) };
  } finally {
    await r.close();
  }
}

/**
 * `logLimitBytes` decides whether the per-job cap (keep the tail) takes part: at the default 50 MB an
 * 80 MB log is cut while it streams, which costs copying the kept tail.
 */
async function logIngest(
  logLimitBytes: number,
): Promise<{ oursMbps: number; rawMbps: number; ratio: number; rssMb: number; bytes: number }> {
  const marks = { stepStart: 0, firstOutput: 0 };
  const r = await createRealRunner(
    { 'README.md': 'x' },
    { settings: { maxParallelJobs: 1, logLimitBytes }, wrapEngine: (engine) => timedEngine(engine, marks) },
  );
  try {
    const imageId = (await docker.getImage(image).inspect()).Id;
    const raws: number[] = [];
    const ours: number[] = [];
    const ratios: number[] = [];
    let peakRss = 0;
    let bytes = 0;
    const hook = await r.hook({ image, buildScript: bigOutput });
    for (let i = 0; i < ingestRounds; i++) {
      marks.firstOutput = 0;
      const raw = await rawRun(imageId, bigOutput);
      // Ingest rate on both sides: first output byte to last byte received (the raw stream's end; for
      // Kozmic the live subscriber's last chunk, after the log file). Start-up is (a)'s business.
      raws.push(raw.bytes / 1e6 / (raw.streamMs / 1000));
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
      const sha = await r.repo.commit({ [`run${i}`]: String(i) });
      const id = await r.build(hook, sha);
      for (;;) {
        const status = currentAttempt((await r.store.getJob(id))!).status;
        if (status !== 'queued') break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const logFile = currentAttempt((await r.store.getJob(id))!).logFile;
      let received = 0;
      let lastChunkAt = 0;
      await new Promise<void>((resolve) =>
        r.logs.subscribe(logFile, 1, {
          onChunk: (chunk) => {
            received += chunk.data.length;
            lastChunkAt = performance.now();
          },
          onEnd: () => resolve(),
        }),
      );
      clearInterval(sampler);
      await r.finished(id);
      bytes = received;
      ours.push(received / 1e6 / ((lastChunkAt - marks.firstOutput) / 1000));
      ratios.push(ours.at(-1)! / raws.at(-1)!);
    }
    // Each round pairs a raw run with a Kozmic run back to back, so the ratio of a pair sees the same
    // machine load; the median of those ratios is steadier than a ratio of medians.
    return {
      oursMbps: median(ours),
      rawMbps: median(raws),
      ratio: median(ratios),
      rssMb: peakRss / 1024 / 1024,
      bytes,
    };
  } finally {
    await r.close();
  }
}

async function cacheKeyTime(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'kozmic-bench-key-'));
  try {
    await mkdir(join(dir, 'served'));
    const git = await startGitHttpServer({ root: join(dir, 'served'), token: gitToken });
    const files: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) files[`dir${i % 100}/file${i}.txt`] = `content ${i}\n`;
    const repo = await createRepo(join(dir, 'served'), 'big', files);
    const mirrors = new GitMirrors({ dir: join(dir, 'mirrors') });
    await mirrors.fetch(
      {
        projectId: 'bench',
        cloneUrl: git.url('big'),
        credentials: { username: 'x-access-token', password: gitToken },
        ref: 'refs/heads/main',
        sha: repo.sha!,
      },
      () => undefined,
    );
    const paths = Object.keys(files);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const ids = await mirrors.objectIds('bench', repo.sha!, paths);
      cacheKeyOf('sha256:image', 'npm ci', ids);
      times.push(performance.now() - started);
    }
    await git.close();
    return median(times);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const a = await overhead();
const b = await logIngest(256 * 1024 * 1024);
const capped = await logIngest(50 * 1024 * 1024);
const c = await cacheKeyTime();
const result = {
  overhead_ratio: round(a.ours / a.raw),
  log_ratio_vs_raw: round(b.ratio),
  log_mb_per_s: round(b.oursMbps, 1),
  log_rss_mb: round(b.rssMb, 0),
  cache_key_ms_10k: round(c, 1),
};
console.log('| measure | Kozmic | baseline (same run) | ratio |');
console.log('|---|---:|---:|---:|');
console.log(`| cache-hit job: queued → first output (median of ${rounds}) | ${round(a.ours, 0)} ms | ${round(a.raw, 0)} ms raw create+start+wait | ${result.overhead_ratio} |`);
console.log(`| log ingest, ${round(b.bytes / 1e6, 1)} MB, 1 live subscriber (median of ${ingestRounds}) | ${result.log_mb_per_s} MB/s | ${round(b.rawMbps, 1)} MB/s raw attach | ${result.log_ratio_vs_raw} |`);
console.log(`| the same with the default 50 MB log cap (tail kept, median of ${ingestRounds}) | ${round(capped.oursMbps, 1)} MB/s | ${round(capped.rawMbps, 1)} MB/s raw attach | ${round(capped.ratio)} |`);
console.log(`| peak RSS of the core during ingest (uncapped / capped) | ${result.log_rss_mb} / ${round(capped.rssMb, 0)} MB | | |`);
console.log(`| cache key, 10,000 tracked files (median of 5) | ${result.cache_key_ms_10k} ms | | |`);
console.log(JSON.stringify(result));
process.exit(0);
