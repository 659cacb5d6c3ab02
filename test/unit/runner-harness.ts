// A runner assembled from real parts (store, log files) around the scripted FakeEngine and in-memory
// sources, for scheduler tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HookDefinition, JobDto, SettingsDto } from '../../server/contract/dto.js';
import { buildStateOf } from '../../server/core/build-state.js';
import type { Logger, Store } from '../../server/core/ports.js';
import { InstallCache } from '../../server/core/runner/install-cache.js';
import { Scheduler } from '../../server/core/runner/scheduler.js';
import { FakeEngine } from '../../server/engine/fake/fake-engine.js';
import { JobLogFiles } from '../../server/logs/job-log-files.js';
import { openStore } from '../../server/store/open-store.js';
import { FakeSources } from '../fixtures/fake-sources.js';

export const defaultSettings: SettingsDto = {
  maxParallelJobs: 2,
  stallTimeoutSeconds: 900,
  jobTimeoutSeconds: 3600,
  cachedImagesLimit: 3,
  logLimitBytes: 50 * 1024 * 1024,
  jobMemoryMb: 512,
  jobCpus: 1,
  jobPidsLimit: 256,
  publicUrl: null,
  uiPublicUrl: null,
  tunnel: false,
  tunnelServer: 'https://localtunnel.me',
  tunnelSubdomain: null,
  githubUrl: 'https://github.com',
  dockerHost: null,
  emailNotifications: false,
  fromEnvironment: [],
};

export interface Harness {
  readonly dir: string;
  readonly store: Store;
  readonly engine: FakeEngine;
  readonly sources: FakeSources;
  readonly logs: JobLogFiles;
  readonly scheduler: Scheduler;
  readonly settings: { -readonly [K in keyof SettingsDto]: SettingsDto[K] };
  readonly changes: JobDto[];
  readonly errors: unknown[];
  projectId: string;
  /** Creates a hook and a build for `sha`, queues its job; returns the job id. */
  queue(definition: Partial<HookDefinition>, sha?: string, files?: Record<string, string>): Promise<string>;
  logText(jobId: string, attempt?: number): Promise<string>;
  close(): Promise<void>;
}

const quietLog = (errors: unknown[]): Logger => ({
  info: () => undefined,
  warn: () => undefined,
  error: (_message, error) => void errors.push(error),
});

export async function createHarness(overrides: Partial<SettingsDto> = {}, dir?: string): Promise<Harness> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'kozmic-runner-')));
  const store = await openStore({ dir: root, deriveBuildState: buildStateOf });
  const engine = new FakeEngine({
    images: ['debian:12', 'busybox:1'],
    users: { 'debian:12': ['kozmic'] },
    secondMs: 20,
  });
  const sources = new FakeSources();
  const logs = new JobLogFiles({ dir: root });
  const settings = { ...defaultSettings, ...overrides };
  const changes: JobDto[] = [];
  const instanceLabels = { 'dev.kozmic.managed': 'true', 'dev.kozmic.instance': 'this-instance' };
  const errors: unknown[] = [];
  const scheduler = new Scheduler({
    store,
    engine,
    sources,
    logs,
    cache: new InstallCache(engine, store),
    settings: () => settings,
    credentials: async () => null,
    log: quietLog(errors),
    changed: async (job) => void changes.push(job),
    instanceLabels,
  });
  const project = await store.createProject({
    githubRepoId: Math.floor(Math.random() * 1e9),
    fullName: 'octo/app',
    ownerLogin: 'octo',
    name: 'app',
    isPrivate: false,
    cloneUrl: 'https://github.test/octo/app.git',
    ownerGithubId: 1,
  });
  let deliveries = 0;
  const harness: Harness = {
    dir: root,
    store,
    engine,
    sources,
    logs,
    scheduler,
    settings,
    changes,
    errors,
    projectId: project.id,
    async queue(definition, sha = `${'a'.repeat(39)}${deliveries}`, files = { 'README.md': 'hello' }) {
      sources.add(sha, files);
      const hook = await store.createHook(harness.projectId, {
        title: 'Tests',
        image: 'debian:12',
        installScript: '',
        buildScript: 'echo ok',
        trackedFiles: [],
        ...definition,
      });
      deliveries += 1;
      const outcome = await store.requestBuild({
        projectId: harness.projectId,
        hookId: hook.id,
        commit: { sha, ref: 'main', message: 'Change things', author: 'Ann', url: null },
        delivery: {
          deliveryId: `d-${deliveries}`,
          event: 'push',
          payload: '{}',
          receivedAt: new Date().toISOString(),
        },
      });
      if (outcome.kind !== 'created') throw new Error(`expected a new job, got ${outcome.kind}`);
      scheduler.enqueue(outcome.job.id);
      return outcome.job.id;
    },
    async logText(jobId, attempt) {
      const job = await store.getJob(jobId);
      const chosen = attempt ? job!.attempts[attempt - 1]! : job!.attempts.at(-1)!;
      return (await logs.read(chosen.logFile)).toString('utf8');
    },
    async close() {
      await scheduler.close();
      await store.close();
      if (!dir) await rm(root, { recursive: true, force: true });
    },
  };
  return harness;
}
