// Kills a process that is writing to the store at random moments and checks that the store it leaves
// behind opens, parses and holds every change that process saw acknowledged.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStateOf } from '../../server/core/build-state.js';
import type { Store } from '../../server/core/ports.js';
import { openStore } from '../../server/store/open-store.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const writer = join(repoRoot, 'test', 'fixtures', 'store-crash-writer.ts');
const ROUNDS = 6;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kozmic-store-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Acknowledged {
  readonly created: { buildNumber: number; sha: string; jobId: string }[];
  readonly done: string[];
}

/** Runs the writer until a random moment after it is ready, then SIGKILLs it. */
function runAndKill(round: number, acknowledged: Acknowledged): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, String(round)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!killed && stdout.includes('ready\n')) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), 50 + Math.random() * 700);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited with ${code}: ${stderr}`));
      for (const line of stdout.split('\n')) {
        const [kind, ...fields] = line.split(' ');
        if (kind === 'ack') {
          acknowledged.created.push({ buildNumber: Number(fields[0]), sha: fields[1]!, jobId: fields[2]! });
        } else if (kind === 'done') acknowledged.done.push(fields[0]!);
      }
      resolve();
    });
  });
}

async function expectEveryFileParses(): Promise<number> {
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    // Leftovers of interrupted writes (`.name.tmp`) are never read; everything else must parse.
    if (!entry.isFile() || !entry.name.endsWith('.json') || entry.name.startsWith('.')) continue;
    const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
    expect(() => JSON.parse(text), `${entry.name} parses`).not.toThrow();
    files++;
  }
  return files;
}

async function expectConsistent(store: Store, acknowledged: Acknowledged): Promise<number> {
  const project = store.listProjects()[0]!;
  const { total } = await store.listBuilds(project.id, 1, 1);
  const numbers: number[] = [];
  const unfinished = new Set<string>();
  for (let page = 1; (page - 1) * 100 < total; page++) {
    for (const summary of (await store.listBuilds(project.id, page, 100)).builds) {
      numbers.push(summary.number);
      const build = await store.getBuild(project.id, summary.number);
      for (const job of build!.jobs) {
        if (['queued', 'running'].includes(job.attempts.at(-1)!.status)) unfinished.add(job.id);
      }
    }
  }
  expect(numbers).toEqual(Array.from({ length: total }, (_, i) => total - i));
  expect(project.latestBuild?.number ?? 0).toBe(total);
  for (const { buildNumber, sha, jobId } of acknowledged.created) {
    expect((await store.getBuild(project.id, buildNumber))?.sha, `build ${buildNumber}`).toBe(sha);
    expect(await store.getJob(jobId), `job ${jobId}`).not.toBeNull();
  }
  for (const jobId of acknowledged.done) {
    expect((await store.getJob(jobId))?.attempts.at(-1)?.status, `job ${jobId}`).toBe('success');
  }
  expect(new Set((await store.listUnfinishedJobs()).map((job) => job.id))).toEqual(unfinished);
  return total;
}

describe('the store under SIGKILL', () => {
  it(
    `stays consistent and keeps every acknowledged change over ${ROUNDS} kills`,
    { timeout: 120_000 },
    async () => {
      const acknowledged: Acknowledged = { created: [], done: [] };
      let previousTotal = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        await runAndKill(round, acknowledged);
        expect(await expectEveryFileParses()).toBeGreaterThan(0);
        const store = await openStore({ dir, deriveBuildState: buildStateOf });
        const total = await expectConsistent(store, acknowledged);
        await store.close();
        expect(total).toBeGreaterThanOrEqual(previousTotal);
        previousTotal = total;
      }
      expect(acknowledged.created.length).toBeGreaterThan(ROUNDS);
    },
  );
});
