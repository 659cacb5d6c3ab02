// Shared by the *.test.ts files beside it: throwaway data folders, sample inputs, a deterministic
// clock and a build-state deriver (the real one lives in the core, which the store may not import).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitDto, HookDefinition, JobDto } from '../contract/dto.js';
import type { BuildRequest, BuildState, NewProject, Store } from '../core/ports.js';
import { openStore } from './open-store.js';

export function createTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kozmic-store-'));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Same rules as the core's buildStateOf, reduced to what the store's tests observe. */
export function deriveTestBuildState(jobs: readonly JobDto[]): BuildState {
  const attempts = jobs.map((job) => job.attempts.at(-1)!);
  const statuses = attempts.map((attempt) => attempt.status);
  const status = statuses.includes('failure')
    ? 'failure'
    : statuses.length === 0 || statuses.some((s) => s === 'queued' || s === 'running')
      ? 'pending'
      : 'success';
  const starts = attempts
    .map((a) => a.startedAt)
    .filter((t): t is string => t !== null)
    .sort();
  const finishes = attempts.map((a) => a.finishedAt);
  const finished = finishes.length > 0 && finishes.every((t) => t !== null);
  const progress = statuses.includes('running')
    ? 'running'
    : statuses.length === 0 || statuses.includes('queued')
      ? 'queued'
      : 'finished';
  return {
    status,
    progress,
    startedAt: starts[0] ?? null,
    finishedAt: finished ? (finishes as string[]).sort().at(-1)! : null,
  };
}

/** Distinct, increasing timestamps, one per call. */
export function steppingClock(start = Date.UTC(2026, 0, 1)): () => string {
  let tick = 0;
  return () => new Date(start + tick++ * 1000).toISOString();
}

export function openTestStore(dir: string, now: () => string = steppingClock()): Promise<Store> {
  return openStore({ dir, deriveBuildState: deriveTestBuildState, now });
}

export function sampleProject(repoId = 1): NewProject {
  return {
    githubRepoId: repoId,
    fullName: `octo/repo-${repoId}`,
    ownerLogin: 'octo',
    name: `repo-${repoId}`,
    isPrivate: false,
    cloneUrl: `https://github.com/octo/repo-${repoId}.git`,
    ownerGithubId: 42,
  };
}

export function sampleHook(title = 'test'): HookDefinition {
  return {
    title,
    image: 'debian:bookworm',
    installScript: '',
    buildScript: 'make test',
    trackedFiles: ['Makefile'],
  };
}

export function sampleCommit(sha: string, ref = 'main'): CommitDto {
  return { sha, ref, message: `commit ${sha}`, author: 'Octo Cat', url: null };
}

export function buildRequest(
  projectId: string,
  hookId: string,
  options: { sha: string; ref?: string; deliveryId: string },
): BuildRequest {
  return {
    projectId,
    hookId,
    commit: sampleCommit(options.sha, options.ref),
    delivery: {
      deliveryId: options.deliveryId,
      event: 'push',
      payload: JSON.stringify({ after: options.sha }),
      receivedAt: '2026-01-01T00:00:00.000Z',
    },
  };
}

/** A project with one hook, and a way to append builds to it one after another. */
export async function projectWithHook(store: Store, repoId = 1) {
  const project = await store.createProject(sampleProject(repoId));
  const hook = await store.createHook(project.id, sampleHook());
  let next = 0;
  const appendBuilds = async (count: number) => {
    for (let i = 0; i < count; i++) {
      next++;
      const outcome = await store.requestBuild(
        buildRequest(project.id, hook.id, { sha: `sha-${next}`, deliveryId: `delivery-${next}` }),
      );
      if (outcome.kind !== 'created') throw new Error(`build ${next} was not created: ${outcome.kind}`);
    }
  };
  return { project, hook, appendBuilds };
}

/** Every file under `dir` with its bytes, to prove a refused file was left exactly as it was. */
export async function snapshotFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(path, (await readFile(path)).toString('base64'));
    }
  }
  return files;
}
