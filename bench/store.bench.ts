// Store benchmark: start-up time, the cost of appending a build and the worst event-loop block while
// appending, for one project with 1k, 10k and 100k builds of history. History is seeded by writing
// shard, index and state files through the store's own modules (the format the store reads, and
// checks, at open), not through 100k requestBuild calls. Run: npx tsx bench/store.bench.ts
// The last line of output is one JSON object with the 100k figures.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildStateOf } from '../server/core/build-state.js';
import { newBuildRecord, newJob, rederiveBuild, summaryOf } from '../server/store/build-records.js';
import { emptyShard, writeShardDocument } from '../server/store/build-shards.js';
import { bucketOf, emptyBucket, refKey, setEntry, writeIndexBucket } from '../server/store/dedupe-index.js';
import { newRandomId } from '../server/store/ids.js';
import { openStore } from '../server/store/open-store.js';
import type { IndexBucketDocument, ShardDocument } from '../server/store/records.js';
import { emptyState, writeStateDocument } from '../server/store/state-file.js';
import { BUILDS_PER_SHARD, INDEX_BUCKETS } from '../server/store/store-layout.js';

const SIZES = [1_000, 10_000, 100_000];

// Seeding 100k builds leaves a large heap of garbage behind; collecting it before measuring keeps the
// seeder's garbage out of the store's figures.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const APPENDS = 200;
const definition = {
  title: 'test',
  image: 'debian:bookworm',
  installScript: '',
  buildScript: 'make test',
  trackedFiles: [],
};

interface Result {
  readonly builds: number;
  readonly seedMs: number;
  readonly startupMs: number;
  readonly appendMs: { p50: number; p95: number; max: number };
  readonly maxBlockMs: number;
}

async function seed(dir: string, builds: number): Promise<{ projectId: string; hookId: string }> {
  const projectId = newRandomId();
  const hookId = newRandomId(16);
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const buckets = { refs: bucketsOf(), deliveries: bucketsOf() };
  const writes: Promise<void>[] = [];
  let newest = null;
  for (let shard = 0; shard * BUILDS_PER_SHARD < builds; shard++) {
    const document: ShardDocument = emptyShard(shard);
    for (
      let number = shard * BUILDS_PER_SHARD + 1;
      number <= Math.min(builds, (shard + 1) * BUILDS_PER_SHARD);
      number++
    ) {
      const sha = `seed-${number}`;
      const build = newBuildRecord(
        number,
        { sha, ref: 'main', message: `commit ${sha}`, author: 'Octo', url: null },
        at,
      );
      const job = newJob({
        projectId,
        buildNumber: number,
        number: 1,
        hookId,
        definition,
        deliveryId: sha,
        queuedAt: at,
      });
      build.jobs.push({
        ...job,
        attempts: [{ ...job.attempts[0]!, status: 'success', startedAt: at, finishedAt: at, exitCode: 0 }],
      });
      build.deliveries.push({ id: sha, event: 'push', receivedAt: at, hookId });
      rederiveBuild(build, buildStateOf);
      document.builds.push(build);
      index(buckets.refs, refKey('main', sha), number);
      index(buckets.deliveries, sha, number);
      newest = build;
    }
    writes.push(writeShardDocument(dir, projectId, document));
    if (writes.length >= 32) await Promise.all(writes.splice(0));
  }
  for (const kind of ['refs', 'deliveries'] as const) {
    buckets[kind].forEach((bucket, at) => writes.push(writeIndexBucket(dir, projectId, kind, at, bucket)));
  }
  const state = emptyState();
  state.projects[projectId] = {
    id: projectId,
    githubRepoId: 1,
    fullName: 'octo/bench',
    ownerLogin: 'octo',
    name: 'bench',
    isPrivate: false,
    cloneUrl: 'https://github.com/octo/bench.git',
    ownerGithubId: 1,
    createdAt: at,
    latestBuild: newest ? summaryOf(projectId, newest) : null,
    defaultBranch: null,
    defaultBranchBuild: null,
  };
  state.hooks[hookId] = {
    ...definition,
    id: hookId,
    projectId,
    githubHookId: null,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  state.counters[projectId] = { lastBuildNumber: builds };
  writes.push(writeStateDocument(dir, state));
  await Promise.all(writes);
  return { projectId, hookId };
}

function bucketsOf(): IndexBucketDocument[] {
  return Array.from({ length: INDEX_BUCKETS }, emptyBucket);
}

function index(buckets: IndexBucketDocument[], key: string, number: number): void {
  setEntry(buckets[bucketOf(key)]!.entries, key, number);
}

async function measure(builds: number): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'kozmic-store-bench-'));
  try {
    const seedStart = performance.now();
    const { projectId, hookId } = await seed(dir, builds);
    const seedMs = performance.now() - seedStart;
    collectGarbage();

    const openStart = performance.now();
    const store = await openStore({ dir, deriveBuildState: buildStateOf });
    const startupMs = performance.now() - openStart;

    const samples: number[] = [];
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    for (let i = 1; i <= APPENDS; i++) {
      const sha = `bench-${i}`;
      const started = performance.now();
      const outcome = await store.requestBuild({
        projectId,
        hookId,
        commit: { sha, ref: 'main', message: `commit ${sha}`, author: 'Octo', url: null },
        delivery: {
          deliveryId: `delivery-${i}`,
          event: 'push',
          payload: JSON.stringify({ after: sha }),
          receivedAt: new Date().toISOString(),
        },
      });
      samples.push(performance.now() - started);
      if (outcome.kind !== 'created' || outcome.build.number !== builds + i)
        throw new Error(`append ${i}: ${outcome.kind}`);
    }
    loop.disable();
    await store.close();
    samples.sort((a, b) => a - b);
    const quantile = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
    return {
      builds,
      seedMs,
      startupMs,
      appendMs: { p50: quantile(0.5), p95: quantile(0.95), max: samples.at(-1)! },
      maxBlockMs: loop.max / 1e6,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const results: Result[] = [];
for (const builds of SIZES) results.push(await measure(builds));

const f = (ms: number) => ms.toFixed(2);
console.log(
  '| builds | seed s | start-up ms | append p50 ms | append p95 ms | append max ms | max block ms |',
);
console.log(
  '|-------:|-------:|------------:|--------------:|--------------:|--------------:|-------------:|',
);
for (const r of results) {
  const cells = [
    r.builds,
    (r.seedMs / 1000).toFixed(1),
    f(r.startupMs),
    f(r.appendMs.p50),
    f(r.appendMs.p95),
    f(r.appendMs.max),
    f(r.maxBlockMs),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
const largest = results.at(-1)!;
console.log(
  JSON.stringify({
    append_p50_ms_100k: Number(f(largest.appendMs.p50)),
    max_block_ms_100k: Number(f(largest.maxBlockMs)),
    startup_ms_100k: Number(f(largest.startupMs)),
  }),
);
