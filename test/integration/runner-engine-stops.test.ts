// A container stopped by something other than its script is not the code's failure: the engine being
// stopped or killed, a kill through Docker that Kozmic did not send, the out-of-memory killer. Each
// ends the job as an error that says what happened. The engine that stops is the test's own (see
// second-engine.ts); the main engine is shared and never stopped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentAttempt } from '../../server/core/build-state.js';
import { createRealRunner, type RealRunner } from '../fixtures/runner-harness.js';
import { startSecondEngine, type SecondEngine } from './second-engine.js';

const image = 'kozmic-test/busybox:1';

describe('a job whose Docker engine stops', () => {
  let engine: SecondEngine;
  let r: RealRunner;

  beforeAll(async () => {
    engine = await startSecondEngine([image]);
    r = await createRealRunner({ 'README.md': 'hi' }, { endpoint: engine.endpoint });
  });
  afterAll(async () => {
    try {
      await r?.close();
    } finally {
      await engine?.close();
    }
  });

  const startLongJob = async (): Promise<string> => {
    const hook = await r.hook({ image, buildScript: 'echo STARTED\nsleep 300' });
    const id = await r.build(hook, r.repo.sha!);
    await expect.poll(() => r.logText(id), { timeout: 30_000 }).toContain('STARTED');
    return id;
  };

  it('ends as an error saying the engine stopped when dockerd gets SIGTERM, and cleans up when it is back', async () => {
    const id = await startLongJob();
    await engine.stop('SIGTERM');
    const attempt = currentAttempt(await r.finished(id));
    expect(attempt.status).toBe('error');
    expect(attempt.reason).toContain('Docker engine');
    expect(attempt.reason).toContain('stopped while the step ran');
    expect(await r.logText(id)).not.toMatch(/exited with code 143|Job failed/);

    await engine.start();
    // The engine kept the stopped container; Kozmic removes it once the engine answers again.
    await expect
      .poll(async () => (await engine.docker.listContainers({ all: true })).length, { timeout: 30_000 })
      .toBe(0);
  });

  it('says the engine stopped (not "could not be reached: aborted") when dockerd is killed, and removes only its own leftover once the engine is back', async () => {
    // Another Kozmic's job on the same engine: never this one's to remove.
    const foreign = await engine.docker.createContainer({
      Image: image,
      Cmd: ['true'],
      Labels: {
        'dev.kozmic.managed': 'true',
        'dev.kozmic.instance': 'another-kozmic',
        'dev.kozmic.job': 'p.1.1',
      },
    });
    const id = await startLongJob();
    await engine.stop('SIGKILL');
    const attempt = currentAttempt(await r.finished(id));
    expect(attempt.status).toBe('error');
    expect(attempt.reason).toContain('stopped while the step ran');
    expect(attempt.reason).toContain('no longer answers');
    expect(attempt.reason).not.toContain('aborted');

    await engine.start();
    // The engine stopped the job's container as it came back (`Exited (143)`); Kozmic removes it.
    await expect
      .poll(async () => (await r.engine.listContainers(r.instanceLabels)).length, { timeout: 30_000 })
      .toBe(0);
    expect((await foreign.inspect()).Id).toBe(foreign.id);
  });
});

describe('a job stopped by something other than its script', () => {
  let r: RealRunner;

  beforeAll(async () => {
    r = await createRealRunner({ 'README.md': 'hi' });
  });
  afterAll(async () => r.close());

  it('is an error naming the signal when someone stops its container through Docker', async () => {
    const hook = await r.hook({ image, buildScript: 'echo STARTED\nsleep 300' });
    const id = await r.build(hook, r.repo.sha!);
    await expect.poll(() => r.logText(id), { timeout: 30_000 }).toContain('STARTED');
    const [container] = await r.engine.listContainers({ 'dev.kozmic.job': id, 'dev.kozmic.step': 'build' });
    const Docker = (await import('dockerode')).default;
    await new Docker().getContainer(container!.id).kill({ signal: 'SIGTERM' });
    const attempt = currentAttempt(await r.finished(id));
    expect(attempt.status).toBe('error');
    expect(attempt.reason).toContain('stopped through Docker with SIGTERM, not by Kozmic');
  });

  it("is still the script's failure when the script itself exits with 143", async () => {
    const hook = await r.hook({ image, buildScript: 'echo bye\nexit 143' });
    const attempt = currentAttempt(await r.finished(await r.build(hook, r.repo.sha!)));
    expect(attempt).toMatchObject({ status: 'failure', exitCode: 143 });
    expect(attempt.reason).toBe('The build script exited with code 143.');
  });

  it('is an error naming the memory limit when the job runs out of memory', async () => {
    r.settings.jobMemoryMb = 16;
    try {
      const hook = await r.hook({ image, buildScript: 'dd if=/dev/zero of=/dev/null bs=100M count=1' });
      const attempt = currentAttempt(await r.finished(await r.build(hook, r.repo.sha!)));
      expect(attempt.status).toBe('error');
      expect(attempt.reason).toContain('ran out of memory (limit 16 MB)');
    } finally {
      r.settings.jobMemoryMb = 4096;
    }
  });
});
