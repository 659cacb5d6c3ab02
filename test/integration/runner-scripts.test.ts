// How scripts run, on a real Docker engine: a script without a shebang stops at its first failing
// command (bash -eo pipefail, or sh -e where the image has no bash); one with a shebang runs as
// written; an install step that failed is never cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentAttempt } from '../../server/core/build-state.js';
import { createRealRunner, type RealRunner } from '../fixtures/runner-harness.js';

describe('scripts on Docker', () => {
  let r: RealRunner;

  beforeAll(async () => {
    r = await createRealRunner({ 'build.sh': 'echo FAIL\nexit 1\n', 'README.md': 'hi' });
  });
  afterAll(async () => r.close());

  const run = async (definition: Parameters<RealRunner['hook']>[0]) => {
    const job = await r.finished(await r.build(await r.hook(definition), r.repo.sha!));
    return { attempt: currentAttempt(job), log: await r.logText(job.id), job };
  };

  it('fails the job when a script it calls fails', async () => {
    for (const image of ['kozmic-test/debian:12', 'kozmic-test/busybox:1']) {
      for (const buildScript of ['sh ./build.sh', 'sh ./build.sh\necho TESTS-DONE']) {
        const { attempt, log } = await run({ image, buildScript });
        expect(log, `${image}: ${buildScript}`).toContain('FAIL');
        expect(attempt, `${image}: ${buildScript}`).toMatchObject({ status: 'failure', exitCode: 1 });
        expect(log, `${image}: ${buildScript}`).not.toContain('TESTS-DONE');
      }
    }
  });

  it('stops a script without a shebang at its first failing line, under bash and under sh', async () => {
    for (const image of ['kozmic-test/debian:12', 'kozmic-test/busybox:1']) {
      const { attempt, log } = await run({ image, buildScript: 'false\necho AFTER-FAILURE' });
      expect(attempt, image).toMatchObject({ status: 'failure', exitCode: 1 });
      expect(log, image).not.toContain('AFTER-FAILURE');
    }
  });

  it('fails a pipeline whose first command fails under bash (pipefail)', async () => {
    const { attempt, log } = await run({ buildScript: 'false | true\necho AFTER-PIPE' });
    expect(attempt).toMatchObject({ status: 'failure', exitCode: 1 });
    expect(log).not.toContain('AFTER-PIPE');
  });

  it('runs a script with a shebang as written', async () => {
    const { attempt, log } = await run({ buildScript: '#!/bin/sh\nfalse\necho STILL-RUNNING\ntrue' });
    expect(log).toContain('STILL-RUNNING');
    expect(attempt).toMatchObject({ status: 'success', exitCode: 0 });
  });

  it('never caches an install step whose script failed, and fails the job', async () => {
    const { attempt, log, job } = await run({
      installScript: 'mkdir /no-such-dir/deps\necho INSTALLED',
      buildScript: 'echo BUILD-RAN',
    });
    expect(attempt).toMatchObject({ status: 'failure', reason: expect.stringContaining('install script') });
    expect(log).not.toContain('INSTALLED');
    expect(log).not.toContain('cached for the next builds');
    expect(log).not.toContain('BUILD-RAN');
    expect(await r.engine.listImages({ 'dev.kozmic.job': job.id })).toEqual([]);
  });

  it('installs into /opt as root when the image runs as root, and the next build finds it', async () => {
    const { attempt, log } = await run({
      image: 'kozmic-test/busybox:1',
      installScript: 'mkdir -p /opt/tool && echo v1 > /opt/tool/version',
      buildScript: 'id -u\ncat /opt/tool/version',
    });
    expect(attempt).toMatchObject({ status: 'success', cacheHit: false });
    expect(log).toContain("Running the install script as the image's default user");
    expect(log).toMatch(/^0\r?$/m);
    expect(log).toContain('v1');
  });

  it('runs as the kozmic user an image made for Kozmic has, says so, and sudo writes /opt', async () => {
    const plain = await run({ installScript: 'mkdir /opt/tool', buildScript: 'true' });
    expect(plain.attempt.status).toBe('failure');
    expect(plain.log).toContain('Running the install script as user kozmic');
    expect(plain.log).toMatch(/Permission denied/);
    const withSudo = await run({
      installScript: 'sudo mkdir -p /opt/tool\nsudo chown kozmic /opt/tool\necho v2 > /opt/tool/version',
      buildScript: 'id -un\ncat /opt/tool/version',
    });
    expect(withSudo.attempt.status).toBe('success');
    expect(withSudo.log).toContain('Running the build script as user kozmic');
    expect(withSudo.log).toContain('v2');
  });
});
