// The job runner end to end on a real Docker engine, real git over HTTP and real files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentAttempt } from '../../server/core/build-state.js';
import { startLocalRegistry, type LocalRegistry } from './local-registry.js';
import { createRealRunner, gitToken, type RealRunner } from '../fixtures/runner-harness.js';

describe('runner on Docker', () => {
  let r: RealRunner;

  beforeAll(async () => {
    r = await createRealRunner({ 'package.json': '{"name":"app","version":"1"}', 'src/main.sh': 'echo main\n' });
  });
  afterAll(async () => r.close());

  it('runs the build script in the commit\'s tree as kozmic, keeping ANSI colours', async () => {
    const hook = await r.hook({
      buildScript: "#!/bin/bash\nset -e\npwd\nid -un\ncat package.json\nprintf '\\033[1;32mgreen\\033[0m\\n'\necho \"CI=$CI BRANCH=$KOZMIC_BRANCH\"",
    });
    const id = await r.build(hook, r.repo.sha!);
    const job = await r.finished(id);
    expect(currentAttempt(job)).toMatchObject({ status: 'success', exitCode: 0 });
    const log = await r.logText(id);
    expect(log).toContain('/kozmic/src');
    expect(log).toMatch(/\bkozmic\r?\n/);
    expect(log).toContain('{"name":"app","version":"1"}');
    expect(log).toContain('\x1b[1;32mgreen\x1b[0m');
    expect(log).toContain('CI=true BRANCH=main');
    expect(await r.engine.listContainers({ 'dev.kozmic.job': id })).toEqual([]);
  });

  it('ends as failure with the script\'s exit code', async () => {
    const hook = await r.hook({ buildScript: 'echo failing\nexit 42' });
    const job = await r.finished(await r.build(hook, r.repo.sha!));
    expect(currentAttempt(job)).toMatchObject({ status: 'failure', exitCode: 42 });
    expect((await r.store.getBuild(r.projectId, job.buildNumber))?.status).toBe('failure');
  });

  it('never lets the token into the container\'s environment, files or the log', async () => {
    // The script holds only the token's base64, so finding the decoded token anywhere is a leak.
    const encoded = Buffer.from(gitToken).toString('base64');
    const hook = await r.hook({
      buildScript: [
        '#!/bin/bash',
        `needle=$(echo ${encoded} | base64 -d)`,
        'env',
        'sudo grep -rlsF "$needle" / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev || true',
        // PID 1's environment is the container's own (sudo's would hold the command line itself).
        'sudo grep -lsF "$needle" /proc/1/environ || true',
        'echo SEARCH-DONE',
      ].join('\n'),
    });
    const id = await r.build(hook, r.repo.sha!);
    expect(currentAttempt(await r.finished(id)).status).toBe('success');
    const log = await r.logText(id);
    expect(log).toContain('SEARCH-DONE');
    expect(log).not.toContain(gitToken);
    const found = log.slice(log.indexOf('HOME='), log.indexOf('SEARCH-DONE'));
    expect(found.split(/\r?\n/).filter((line) => line.startsWith('/'))).toEqual([]);
  });

  it('misses the install cache, hits it, then misses it again naming the changed tracked file', async () => {
    const hook = await r.hook({
      installScript: 'echo installing deps > /tmp/deps-installed\necho INSTALL-RAN',
      trackedFiles: ['package.json'],
      buildScript: 'cat /tmp/deps-installed',
    });
    const first = await r.finished(await r.build(hook, r.repo.sha!));
    expect(currentAttempt(first)).toMatchObject({ status: 'success', cacheHit: false });
    expect(await r.logText(first.id)).toContain('no cached install image exists for this hook yet');
    expect(await r.logText(first.id)).toContain('INSTALL-RAN');

    const unrelated = await r.repo.commit({ 'src/main.sh': 'echo changed\n' });
    const second = await r.finished(await r.build(hook, unrelated));
    expect(currentAttempt(second)).toMatchObject({ status: 'success', cacheHit: true });
    const secondLog = await r.logText(second.id);
    expect(secondLog).toContain('Install step skipped');
    expect(secondLog).not.toContain('INSTALL-RAN');
    expect(secondLog).toContain('installing deps');
    // The image reused is the one the first job saved, named by its image id, not by the cache key.
    const saved = currentAttempt(first).cacheImageId!;
    const [image] = await r.engine.listImages({ 'dev.kozmic.job': first.id });
    expect(saved).toBe(image!.id);
    expect(image!.labels['dev.kozmic.cache-key']).toBe(currentAttempt(first).cacheKeyInputs!.key);
    expect(currentAttempt(second).cacheImageId).toBe(saved);
    expect(saved).not.toContain(currentAttempt(second).cacheKeyInputs!.key);
    expect(secondLog).toContain(`(cached image ${saved.replace('sha256:', '').slice(0, 12)})`);

    const bumped = await r.repo.commit({ 'package.json': '{"name":"app","version":"2"}' });
    const third = await r.finished(await r.build(hook, bumped));
    expect(currentAttempt(third)).toMatchObject({ status: 'success', cacheHit: false });
    expect(await r.logText(third.id)).toContain('tracked files changed: package.json (modified)');
    expect(currentAttempt(third).cacheKeyInputs?.trackedObjects['package.json']).toMatch(/^[0-9a-f]{40}$/);
  });

  it('keeps the newest three cached install images of the project', async () => {
    r.settings.cachedImagesLimit = 3;
    for (let n = 1; n <= 5; n++) {
      const hook = await r.hook({ installScript: `echo install ${n}`, buildScript: 'true' });
      expect(currentAttempt(await r.finished(await r.build(hook, r.repo.sha!))).status).toBe('success');
    }
    await expect
      .poll(async () => (await r.engine.listImages({ 'dev.kozmic.project': r.projectId })).length, { timeout: 10_000 })
      .toBe(3);
  });

  it('ends as error with a clear message when the image does not exist', async () => {
    const hook = await r.hook({ image: 'kozmic-test/no-such-image:1' });
    const job = await r.finished(await r.build(hook, r.repo.sha!));
    expect(currentAttempt(job).status).toBe('error');
    expect(await r.logText(job.id)).toMatch(/kozmic-test\/no-such-image:1/);
  });

  it('stops a stalled job visibly and removes its container', async () => {
    r.settings.stallTimeoutSeconds = 1;
    try {
      const hook = await r.hook({ buildScript: 'echo about to hang\nsleep 300' });
      const job = await r.finished(await r.build(hook, r.repo.sha!));
      expect(currentAttempt(job)).toMatchObject({ status: 'error', reason: expect.stringContaining('stalled') });
      expect(await r.logText(job.id)).toContain('printed nothing for 1 s');
      expect(await r.engine.listContainers({ 'dev.kozmic.job': job.id })).toEqual([]);
    } finally {
      r.settings.stallTimeoutSeconds = 900;
    }
  });

  it('stops a job that runs past the job timeout', async () => {
    r.settings.jobTimeoutSeconds = 2;
    try {
      const hook = await r.hook({ buildScript: 'while true; do echo tick; sleep 0.2; done' });
      const job = await r.finished(await r.build(hook, r.repo.sha!));
      expect(currentAttempt(job)).toMatchObject({ status: 'error', reason: expect.stringContaining('longer than') });
    } finally {
      r.settings.jobTimeoutSeconds = 3600;
    }
  });

  it('cancels a running job, killing and removing its container', async () => {
    const hook = await r.hook({ buildScript: 'echo started; sleep 300' });
    const id = await r.build(hook, r.repo.sha!);
    await expect.poll(() => r.logText(id), { timeout: 20_000 }).toContain('started');
    const cancelled = await r.scheduler.cancel(id);
    expect(currentAttempt(cancelled)).toMatchObject({ status: 'cancelled' });
    expect(await r.engine.listContainers({ 'dev.kozmic.job': id })).toEqual([]);
  });

  it('restarts a job as a new attempt and keeps the first attempt\'s log', async () => {
    const hook = await r.hook({ buildScript: 'echo attempt one; exit 1' });
    const id = await r.build(hook, r.repo.sha!);
    await r.finished(id);
    await r.store.updateHook(hook, { buildScript: 'echo attempt two' });
    await r.scheduler.restart(id);
    const job = await r.finished(id);
    expect(job.attempts.map((a) => a.status)).toEqual(['failure', 'success']);
    expect(await r.logText(id, 1)).toContain('attempt one');
    expect(await r.logText(id, 2)).toContain('attempt two');
  });

  it('resumes a log from a sequence number with no gap and no duplicate', async () => {
    const hook = await r.hook({ buildScript: 'for i in $(seq 1 2000); do echo "line $i"; done' });
    const id = await r.build(hook, r.repo.sha!);
    const job = await r.finished(id);
    const file = currentAttempt(job).logFile;
    const whole = await r.logs.read(file);
    const collect = (from: number) =>
      new Promise<{ seqs: number[]; bytes: Buffer }>((resolve) => {
        const parts: Buffer[] = [];
        const seqs: number[] = [];
        r.logs.subscribe(file, from, {
          onChunk: (chunk) => (seqs.push(chunk.seq), parts.push(chunk.data)),
          onEnd: () => resolve({ seqs, bytes: Buffer.concat(parts) }),
        });
      });
    const all = await collect(1);
    expect(all.bytes.equals(whole)).toBe(true);
    expect(all.seqs).toEqual(all.seqs.map((_, i) => i + 1));
    // A viewer that saw chunks 1..k reconnects asking for k + 1: together they are the whole log.
    const k = Math.floor(all.seqs.length / 2);
    const seen = await new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      const dispose = r.logs.subscribe(file, 1, {
        onChunk: (chunk) => {
          if (chunk.seq <= k) parts.push(chunk.data);
          if (chunk.seq === k) {
            dispose();
            resolve(Buffer.concat(parts));
          }
        },
        onEnd: () => undefined,
      });
    });
    const rest = await collect(k + 1);
    expect(rest.seqs[0]).toBe(k + 1);
    expect(Buffer.concat([seen, rest.bytes]).equals(whole)).toBe(true);
  });
});

describe('runner pulling from a registry', () => {
  let registry: LocalRegistry;
  let r: RealRunner;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    r = await createRealRunner({ 'README.md': 'hi' });
  });
  afterAll(async () => {
    await r.close();
    await registry.stop();
  });

  it('pulls a missing image with progress in the job log', async () => {
    const reference = await registry.push('kozmic-test/busybox:1', `kozmic/pulled-${Date.now()}:1`);
    const hook = await r.hook({ image: reference, buildScript: 'echo pulled and ran' });
    const job = await r.finished(await r.build(hook, r.repo.sha!));
    expect(currentAttempt(job).status).toBe('success');
    const log = await r.logText(job.id);
    expect(log).toContain(`Pulling ${reference}`);
    expect(log).toContain('pulled and ran');
  });
});
