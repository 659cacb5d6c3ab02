// Recovery after the core is killed with SIGKILL in the middle of a job: no orphan container, the job
// that was running ends as interrupted, and the job still queued runs when the core comes back.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDto } from '../../server/contract/dto.js';
import { buildStateOf, currentAttempt } from '../../server/core/build-state.js';
import { DockerEngine } from '../../server/engine/docker/docker-engine.js';
import { openStore } from '../../server/store/open-store.js';
import { createRepo, startGitHttpServer, type GitHttpServer } from '../fixtures/git-http-server.js';
import { appRoot } from './headless-process.js';

const token = 'ghs_recoveryToken0123456789';

interface CoreProcess {
  readonly child: ChildProcess;
  /** Resolves with the first job change matching the predicate. */
  jobChange(predicate: (job: JobDto) => boolean): Promise<JobDto>;
}

function startCore(dataDir: string): Promise<CoreProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(appRoot, 'test/fixtures/core-process.ts')], {
    cwd: appRoot,
    env: { ...process.env, KOZMIC_DATA_DIR: dataDir, KOZMIC_TEST_GIT_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen: JobDto[] = [];
  const waiters: { predicate: (job: JobDto) => boolean; resolve: (job: JobDto) => void }[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`core exited early (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { event: string; job?: JobDto };
      if (message.event === 'ready') {
        resolve({
          child,
          jobChange: (predicate) =>
            new Promise((found) => {
              const earlier = seen.find(predicate);
              if (earlier) found(earlier);
              else waiters.push({ predicate, resolve: found });
            }),
        });
      }
      if (message.job) {
        seen.push(message.job);
        for (const waiter of waiters.filter((w) => w.predicate(message.job!))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message.job);
        }
      }
    });
  });
}

describe('recovery after kill -9', () => {
  let dir: string;
  let git: GitHttpServer;
  const engine = new DockerEngine(null);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kozmic-recovery-'));
    await mkdir(join(dir, 'served'));
    git = await startGitHttpServer({ root: join(dir, 'served'), token });
  });
  afterAll(async () => {
    await git.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves no orphan container, marks the running job interrupted and runs the queued one', async () => {
    const repo = await createRepo(join(dir, 'served'), 'app', { 'README.md': 'hi' });
    const dataDir = join(dir, 'data');
    const store = await openStore({ dir: dataDir, deriveBuildState: buildStateOf });
    await store.updateSettings({ maxParallelJobs: 1 });
    const project = await store.createProject({
      githubRepoId: 4242,
      fullName: 'octo/app',
      ownerLogin: 'octo',
      name: 'app',
      isPrivate: true,
      cloneUrl: git.url('app'),
      ownerGithubId: 1,
    });
    const jobs: string[] = [];
    for (const buildScript of ['echo long job started; sleep 600', 'echo quick job ran']) {
      const hook = await store.createHook(project.id, {
        title: buildScript.slice(0, 10),
        image: 'kozmic-test/busybox:1',
        installScript: '',
        buildScript,
        trackedFiles: [],
      });
      const outcome = await store.requestBuild({
        projectId: project.id,
        hookId: hook.id,
        commit: { sha: repo.sha!, ref: 'main', message: 'm', author: 'a', url: null },
        delivery: { deliveryId: `d-${hook.id}`, event: 'push', payload: '{}', receivedAt: new Date().toISOString() },
      });
      if (outcome.kind !== 'created') throw new Error(outcome.kind);
      jobs.push(outcome.job.id);
    }
    const [longJob, quickJob] = jobs as [string, string];
    await store.close();

    const first = await startCore(dataDir);
    await first.jobChange((job) => job.id === longJob && currentAttempt(job).status === 'running');
    await expect
      .poll(async () => (await engine.listContainers({ 'dev.kozmic.job': longJob })).some((c) => c.running), {
        timeout: 30_000,
      })
      .toBe(true);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(await engine.listContainers({ 'dev.kozmic.job': longJob })).toHaveLength(1);

    const second = await startCore(dataDir);
    const quick = await second.jobChange(
      (job) => job.id === quickJob && !['queued', 'running'].includes(currentAttempt(job).status),
    );
    expect(currentAttempt(quick).status).toBe('success');
    expect(await engine.listContainers({ 'dev.kozmic.project': project.id })).toEqual([]);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));

    const after = await openStore({ dir: dataDir, deriveBuildState: buildStateOf });
    const interrupted = (await after.getJob(longJob))!;
    expect(currentAttempt(interrupted)).toMatchObject({ status: 'error', reason: expect.stringMatching(/Interrupted/) });
    expect(await after.listUnfinishedJobs()).toEqual([]);
    expect((await after.getBuild(project.id, 1))?.status).toBe('error');
    await after.close();
  });
});
