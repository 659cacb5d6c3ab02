// The job workflow and queue above the engine: FakeEngine and in-memory sources, real store and logs.
import { afterEach, describe, expect, it } from 'vitest';
import type { JobDto } from '../../contract/dto.js';
import { currentAttempt } from '../build-state.js';
import { createFakeRunner, type FakeRunner } from '../../../test/fixtures/runner-harness.js';

let h: FakeRunner;
afterEach(async () => h?.close());

async function job(id: string): Promise<JobDto> {
  return (await h.store.getJob(id))!;
}

describe('job workflow', () => {
  it('gives the script CI=true and the KOZMIC_* variables, and the limits from settings', async () => {
    h = await createFakeRunner({ settings: { jobMemoryMb: 300, jobCpus: 1.5, jobPidsLimit: 99 } });
    await h.scheduler.start();
    const id = await h.queue({});
    await h.scheduler.whenIdle();
    const spec = h.engine.started[0]!;
    expect(spec.env).toMatchObject({
      CI: 'true',
      KOZMIC_PROJECT: 'octo/app',
      KOZMIC_BUILD_NUMBER: '1',
      KOZMIC_BRANCH: 'main',
      KOZMIC_JOB_ID: id,
    });
    expect(spec.limits).toEqual({ memoryBytes: 300 * 1024 * 1024, nanoCpus: 1.5e9, pidsLimit: 99 });
    expect(spec.labels).toMatchObject({
      'dev.kozmic.managed': 'true',
      'dev.kozmic.job': id,
      'dev.kozmic.step': 'build',
    });
  });

  it('runs a job to success, logging each phase, and derives the build status', async () => {
    h = await createFakeRunner();
    await h.scheduler.start();
    const id = await h.queue({ buildScript: 'echo hello from the build' });
    await h.scheduler.whenIdle();
    const done = currentAttempt(await job(id));
    expect(done).toMatchObject({ status: 'success', exitCode: 0, reason: null });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    const log = await h.logText(id);
    expect(log).toContain('Fetching');
    expect(log).toContain('Preparing image debian:12');
    expect(log).toContain('hello from the build');
    expect(log).toContain('Job succeeded.');
    const build = await h.store.getBuild(h.projectId, 1);
    expect(build?.status).toBe('success');
    expect(h.changes.map((j) => currentAttempt(j).status)).toEqual(['running', 'success']);
  });

  it('ends as failure with the exit code when the script fails', async () => {
    h = await createFakeRunner();
    await h.scheduler.start();
    const id = await h.queue({ buildScript: 'echo about to fail\nexit 3\necho never' });
    await h.scheduler.whenIdle();
    expect(currentAttempt(await job(id))).toMatchObject({ status: 'failure', exitCode: 3 });
    const log = await h.logText(id);
    expect(log).not.toContain('never');
    expect(log).toContain('The build script exited with code 3.');
    expect((await h.store.getBuild(h.projectId, 1))?.status).toBe('failure');
  });

  it('ends as error with a clear message when the image does not exist', async () => {
    h = await createFakeRunner();
    await h.scheduler.start();
    const id = await h.queue({ image: 'nosuch:1' });
    await h.scheduler.whenIdle();
    expect(currentAttempt(await job(id))).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('nosuch:1'),
    });
    expect(await h.logText(id)).toContain('Image "nosuch:1" was not found');
  });

  it("ends as error and logs git's message when fetching fails", async () => {
    h = await createFakeRunner();
    h.sources.failFetch = 'Authentication failed for https://github.test/octo/app.git';
    await h.scheduler.start();
    const id = await h.queue({});
    await h.scheduler.whenIdle();
    expect(currentAttempt(await job(id)).status).toBe('error');
    expect(await h.logText(id)).toContain('Authentication failed');
  });

  it('runs as kozmic when the image has that user, else as the default user', async () => {
    h = await createFakeRunner();
    await h.scheduler.start();
    await h.queue({ image: 'debian:12' }, 'c'.repeat(40));
    await h.queue({ image: 'busybox:1' }, 'd'.repeat(40));
    await h.scheduler.whenIdle();
    const users = Object.fromEntries(h.engine.started.map((spec) => [spec.env.KOZMIC_COMMIT, spec.user]));
    expect(users).toEqual({ ['c'.repeat(40)]: 'kozmic', ['d'.repeat(40)]: null });
    expect(h.engine.containers.size).toBe(0);
  });
});

describe('queue', () => {
  it('never runs more than maxParallelJobs at once, and runs them all', async () => {
    h = await createFakeRunner({ settings: { maxParallelJobs: 2 } });
    await h.scheduler.start();
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, h.scheduler.runningCount)), 2);
    const ids = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => h.queue({ buildScript: 'sleep 2' }, `${n}`.repeat(40))),
    );
    await h.scheduler.whenIdle();
    clearInterval(timer);
    expect(peak).toBe(2);
    for (const id of ids) expect(currentAttempt(await job(id)).status).toBe('success');
  });

  it('cancels a queued job without running it, and a running one by killing it', async () => {
    h = await createFakeRunner({ settings: { maxParallelJobs: 1 } });
    await h.scheduler.start();
    const first = await h.queue({ buildScript: 'echo started\nsleep 100\necho never' }, 'e'.repeat(40));
    const second = await h.queue({ buildScript: 'echo second' }, 'f'.repeat(40));
    expect(currentAttempt(await h.scheduler.cancel(second))).toMatchObject({ status: 'cancelled' });
    await expect.poll(async () => h.logText(first)).toContain('started');
    const cancelled = await h.scheduler.cancel(first);
    expect(currentAttempt(cancelled)).toMatchObject({ status: 'cancelled', reason: 'Cancelled.' });
    expect(await h.logText(first)).not.toContain('never');
    expect(h.engine.containers.size).toBe(0);
    await expect(h.scheduler.cancel(first)).rejects.toThrow(/already finished/);
  });

  it('restarts a finished job as a new attempt, keeping the old attempt and its log', async () => {
    h = await createFakeRunner();
    await h.scheduler.start();
    const id = await h.queue({ buildScript: 'echo first run\nexit 1' });
    await h.scheduler.whenIdle();
    const hook = (await job(id)).hookId;
    await h.store.updateHook(hook, { buildScript: 'echo second run' });
    await h.scheduler.restart(id);
    await h.scheduler.whenIdle();
    const restarted = await job(id);
    expect(restarted.attempts.map((a) => a.status)).toEqual(['failure', 'success']);
    expect(await h.logText(id, 1)).toContain('first run');
    expect(await h.logText(id, 2)).toContain('second run');
    expect((await h.store.getBuild(h.projectId, 1))?.status).toBe('success');
  });

  it('refuses to restart a running job or one whose hook was deleted', async () => {
    h = await createFakeRunner({ settings: { maxParallelJobs: 1 } });
    await h.scheduler.start();
    const id = await h.queue({ buildScript: 'sleep 50' });
    await expect.poll(async () => currentAttempt(await job(id)).status).toBe('running');
    await expect(h.scheduler.restart(id)).rejects.toThrow(/cancel it first/);
    await h.scheduler.cancel(id);
    await h.store.deleteHook((await job(id)).hookId);
    await expect(h.scheduler.restart(id)).rejects.toThrow(/was deleted/);
  });
});

describe('stall and timeout', () => {
  it('stops a job that prints nothing for the stall timeout, visibly', async () => {
    h = await createFakeRunner();
    h.settings.stallTimeoutSeconds = 0.1;
    await h.scheduler.start();
    const id = await h.queue({ buildScript: 'echo working\nsleep 100' });
    await h.scheduler.whenIdle();
    expect(currentAttempt(await job(id))).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('stalled'),
    });
    expect(await h.logText(id)).toContain('printed nothing for 0.1 s');
    expect(h.engine.containers.size).toBe(0);
  });

  it('stops a job that runs past the job timeout even while it prints', async () => {
    h = await createFakeRunner();
    h.settings.jobTimeoutSeconds = 0.3;
    await h.scheduler.start();
    const script = Array.from({ length: 100 }, () => 'echo tick\nsleep 0.5').join('\n');
    const id = await h.queue({ buildScript: script });
    await h.scheduler.whenIdle();
    expect(currentAttempt(await job(id))).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('longer than'),
    });
  });
});

describe('install cache', () => {
  it('misses, then hits, then misses again with the reason when a tracked file changes', async () => {
    h = await createFakeRunner();
    await h.scheduler.start();
    const definition = { installScript: 'echo installing', trackedFiles: ['package.json'] };
    const first = await h.queue(definition, '1'.repeat(40), { 'package.json': '{"v":1}' });
    await h.scheduler.whenIdle();
    expect(currentAttempt(await job(first)).cacheHit).toBe(false);
    expect(await h.logText(first)).toContain('no cached install image exists for this hook yet');

    const hookId = (await job(first)).hookId;
    const build = async (sha: string, files: Record<string, string>) => {
      h.sources.add(sha, files);
      const outcome = await h.store.requestBuild({
        projectId: h.projectId,
        hookId,
        commit: { sha, ref: 'main', message: 'm', author: 'a', url: null },
        delivery: {
          deliveryId: `x-${sha}`,
          event: 'push',
          payload: '{}',
          receivedAt: new Date().toISOString(),
        },
      });
      if (outcome.kind !== 'created') throw new Error(outcome.kind);
      h.scheduler.enqueue(outcome.job.id);
      await h.scheduler.whenIdle();
      return outcome.job.id;
    };
    const second = await build('2'.repeat(40), { 'package.json': '{"v":1}', 'src.js': 'changed' });
    expect(currentAttempt(await job(second)).cacheHit).toBe(true);
    expect(await h.logText(second)).toContain('Install step skipped');
    expect(await h.logText(second)).not.toContain('installing');

    const third = await build('3'.repeat(40), { 'package.json': '{"v":2}' });
    const attempt = currentAttempt(await job(third));
    expect(attempt.cacheHit).toBe(false);
    expect(attempt.cacheKeyInputs?.trackedObjects['package.json']).toBeDefined();
    expect(await h.logText(third)).toContain('tracked files changed: package.json (modified)');
  });

  it('keeps only the newest cachedImagesLimit images per project', async () => {
    h = await createFakeRunner({ settings: { cachedImagesLimit: 3, maxParallelJobs: 1 } });
    await h.scheduler.start();
    for (let n = 1; n <= 5; n++) {
      await h.queue({ installScript: `echo install ${n}` }, `${n}`.repeat(40));
      await h.scheduler.whenIdle();
    }
    await expect
      .poll(async () => (await h.engine.listImages({ 'dev.kozmic.project': h.projectId })).length)
      .toBe(3);
  });

  it('ends as failure when the install script fails, removing its container and caching nothing', async () => {
    h = await createFakeRunner();
    await h.scheduler.start();
    const id = await h.queue({ installScript: 'echo broken\nexit 2', buildScript: 'echo never' });
    await h.scheduler.whenIdle();
    expect(currentAttempt(await job(id))).toMatchObject({ status: 'failure', exitCode: 2 });
    expect(await h.logText(id)).not.toContain('never');
    expect(h.engine.containers.size).toBe(0);
    expect(await h.engine.listImages({ 'dev.kozmic.project': h.projectId })).toEqual([]);
  });
});

describe('recovery', () => {
  it('ends jobs left running as interrupted, removes leftover containers and runs queued jobs', async () => {
    h = await createFakeRunner({ settings: { maxParallelJobs: 1 } });
    const running = await h.queue({ buildScript: 'echo a' }, '7'.repeat(40));
    const queued = await h.queue({ buildScript: 'echo b' }, '8'.repeat(40));
    await h.store.updateAttempt(running, { status: 'running', startedAt: new Date().toISOString() });
    await h.engine.startStep(
      {
        image: [...h.engine.images.keys()][0]!,
        script: 'sleep 1000',
        env: {},
        user: null,
        source: async () => process.stdin,
        limits: { memoryBytes: 1, nanoCpus: 1, pidsLimit: 1 },
        labels: { 'dev.kozmic.managed': 'true', 'dev.kozmic.instance': 'this-instance' },
      },
      () => undefined,
    );
    // Another Kozmic on the same engine: its running job must survive this one's recovery.
    const theirs = await h.engine.startStep(
      {
        image: [...h.engine.images.keys()][0]!,
        script: 'sleep 1000',
        env: {},
        user: null,
        source: async () => process.stdin,
        limits: { memoryBytes: 1, nanoCpus: 1, pidsLimit: 1 },
        labels: { 'dev.kozmic.managed': 'true', 'dev.kozmic.instance': 'another-instance' },
      },
      () => undefined,
    );
    await h.scheduler.start();
    await h.scheduler.whenIdle();
    expect(currentAttempt(await job(running))).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('Interrupted'),
    });
    expect(currentAttempt(await job(queued)).status).toBe('success');
    expect([...h.engine.containers.keys()]).toEqual([theirs.containerId]);
    await theirs.kill();
  });
});
