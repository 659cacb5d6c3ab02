// The job runner on real parts: Docker engine, git mirrors fetching over HTTP with a token, the store
// and log files in a temp dir. Only GitHub itself is absent (the source comes from a local git server).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HookDefinition, JobDto, SettingsDto } from '../../server/contract/dto.js';
import { buildStateOf, currentAttempt } from '../../server/core/build-state.js';
import type { JobEngine, Logger, Store } from '../../server/core/ports.js';
import { InstallCache } from '../../server/core/runner/install-cache.js';
import { Scheduler } from '../../server/core/runner/scheduler.js';
import { DockerEngine } from '../../server/engine/docker/docker-engine.js';
import { GitMirrors } from '../../server/git/git-mirrors.js';
import { JobLogFiles } from '../../server/logs/job-log-files.js';
import { openStore } from '../../server/store/open-store.js';
import {
  createRepo,
  startGitHttpServer,
  type GitHttpServer,
  type TestRepo,
} from '../fixtures/git-http-server.js';
import { defaultSettings } from '../unit/runner-harness.js';

export const gitToken = 'ghs_runnerTestToken0123456789abcdefXYZ';

export interface RealRunner {
  readonly dir: string;
  readonly store: Store;
  readonly engine: DockerEngine;
  readonly logs: JobLogFiles;
  readonly scheduler: Scheduler;
  readonly repo: TestRepo;
  readonly git: GitHttpServer;
  readonly settings: { -readonly [K in keyof SettingsDto]: SettingsDto[K] };
  readonly projectId: string;
  readonly errors: unknown[];
  /** The labels marking this runner's containers. */
  readonly instanceLabels: Readonly<Record<string, string>>;
  hook(definition: Partial<HookDefinition>): Promise<string>;
  /** Requests a build of `sha` for the hook and queues its job; returns the job id. */
  build(hookId: string, sha: string, ref?: string): Promise<string>;
  finished(jobId: string): Promise<JobDto>;
  logText(jobId: string, attempt?: number): Promise<string>;
  close(): Promise<void>;
}

export async function createRealRunner(
  files: Record<string, string>,
  overrides: Partial<SettingsDto> = {},
  wrapEngine: (engine: JobEngine) => JobEngine = (engine) => engine,
  endpoint: string | null = null,
): Promise<RealRunner> {
  const dir = await mkdtemp(join(tmpdir(), 'kozmic-real-runner-'));
  const reposDir = join(dir, 'served');
  await mkdir(reposDir);
  const git = await startGitHttpServer({ root: reposDir, token: gitToken });
  const repo = await createRepo(reposDir, 'app', files);
  const store = await openStore({ dir, deriveBuildState: buildStateOf });
  const engine = new DockerEngine(endpoint);
  const logs = new JobLogFiles({ dir });
  const settings = { ...defaultSettings, ...overrides };
  const errors: unknown[] = [];
  const log: Logger = { info: () => undefined, warn: () => undefined, error: (_m, e) => void errors.push(e) };
  const instanceLabels = {
    'dev.kozmic.managed': 'true',
    'dev.kozmic.instance': `test-${process.pid}-${Date.now()}`,
  };
  const scheduler = new Scheduler({
    store,
    engine: wrapEngine(engine),
    sources: new GitMirrors({ dir: join(dir, 'mirrors') }),
    logs,
    cache: new InstallCache(wrapEngine(engine), store),
    settings: () => settings,
    credentials: async () => ({ username: 'x-access-token', password: gitToken }),
    log,
    changed: async () => undefined,
    instanceLabels,
  });
  const project = await store.createProject({
    githubRepoId: Math.floor(Math.random() * 1e9),
    fullName: 'octo/app',
    ownerLogin: 'octo',
    name: 'app',
    isPrivate: true,
    cloneUrl: git.url('app'),
    ownerGithubId: 1,
  });
  await scheduler.start();
  let deliveries = 0;
  const runner: RealRunner = {
    dir,
    store,
    engine,
    logs,
    scheduler,
    repo,
    git,
    settings,
    projectId: project.id,
    errors,
    instanceLabels,
    async hook(definition) {
      const hook = await store.createHook(project.id, {
        title: 'Tests',
        image: 'kozmic-test/debian:12',
        installScript: '',
        buildScript: 'echo ok',
        trackedFiles: [],
        ...definition,
      });
      return hook.id;
    },
    async build(hookId, sha, ref = 'main') {
      deliveries += 1;
      const outcome = await store.requestBuild({
        projectId: project.id,
        hookId,
        commit: { sha, ref, message: 'A change', author: 'Ann', url: null, fetchRef: `refs/heads/${ref}` },
        delivery: {
          deliveryId: `real-${deliveries}-${sha}`,
          event: 'push',
          payload: '{}',
          receivedAt: new Date().toISOString(),
        },
      });
      if (outcome.kind !== 'created') throw new Error(`expected a new job, got ${outcome.kind}`);
      scheduler.enqueue(outcome.job.id);
      return outcome.job.id;
    },
    async finished(jobId) {
      for (;;) {
        const job = (await store.getJob(jobId))!;
        if (!['queued', 'running'].includes(currentAttempt(job).status)) return job;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async logText(jobId, attempt) {
      const job = (await store.getJob(jobId))!;
      const chosen = attempt ? job.attempts[attempt - 1]! : job.attempts.at(-1)!;
      return (await logs.read(chosen.logFile)).toString('utf8');
    },
    async close() {
      await scheduler.close();
      await store.close();
      const images = await engine.listImages({ 'dev.kozmic.project': project.id });
      for (const image of images) await engine.removeImage(image.id).catch(() => undefined);
      await git.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return runner;
}
