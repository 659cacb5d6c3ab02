import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobDto } from '../contract/dto.js';
import type { AttemptPatch } from '../core/ports.js';
import { openStore } from './open-store.js';
import {
  createTempDir,
  deriveTestBuildState,
  projectWithHook,
  removeDir,
  sampleHook,
  steppingClock,
} from '../../test/fixtures/store-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function setUp(builds = 2) {
  const dir = await createTempDir();
  dirs.push(dir);
  const derivations: (readonly JobDto[])[] = [];
  const store = await openStore({
    dir,
    now: steppingClock(),
    deriveBuildState: (jobs) => {
      derivations.push(jobs);
      return deriveTestBuildState(jobs);
    },
  });
  const fixture = await projectWithHook(store);
  await fixture.appendBuilds(builds);
  return { dir, store, derivations, ...fixture };
}

const started = '2026-03-01T10:00:00.000Z';
const finished = '2026-03-01T10:05:00.000Z';

describe('updateAttempt', () => {
  it('patches the current attempt and derives the build state with the injected deriver', async () => {
    const { dir, store, project, derivations } = await setUp();
    const jobId = `${project.id}.2.1`;
    derivations.length = 0;
    const running = await store.updateAttempt(jobId, { status: 'running', startedAt: started });
    expect(running.attempts[0]).toMatchObject({ status: 'running', startedAt: started, attempt: 1 });
    expect(derivations).toHaveLength(1);
    expect(store.getProject(project.id)?.latestBuild).toMatchObject({
      status: 'pending',
      startedAt: started,
    });

    await store.updateAttempt(jobId, {
      status: 'success',
      finishedAt: finished,
      exitCode: 0,
      reason: undefined,
    });
    const build = await store.getBuild(project.id, 2);
    expect(build).toMatchObject({ status: 'success', startedAt: started, finishedAt: finished });
    expect(build?.jobs[0]?.attempts[0]).toMatchObject({ exitCode: 0, reason: null });
    expect(store.getProject(project.id)?.latestBuild).toMatchObject({
      number: 2,
      status: 'success',
      finishedAt: finished,
    });
    expect((await store.listUnfinishedJobs()).map((job) => job.id)).toEqual([`${project.id}.1.1`]);
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(state.unfinishedJobs).toEqual([`${project.id}.1.1`]);
    expect(state.projects[project.id].latestBuild.status).toBe('success');
  });

  it('never changes the attempt number, log file or queue time', async () => {
    const { store, project } = await setUp(1);
    const jobId = `${project.id}.1.1`;
    const before = (await store.getJob(jobId))!.attempts[0]!;
    const sneaky = { attempt: 5, logFile: 'elsewhere', queuedAt: 'never', status: 'running' } as AttemptPatch;
    const after = (await store.updateAttempt(jobId, sneaky)).attempts[0]!;
    expect(after).toMatchObject({
      attempt: 1,
      logFile: before.logFile,
      queuedAt: before.queuedAt,
      status: 'running',
    });
  });

  it('leaves the latest build alone when an older build changes', async () => {
    const { store, project } = await setUp(2);
    await store.updateAttempt(`${project.id}.1.1`, {
      status: 'failure',
      startedAt: started,
      finishedAt: finished,
    });
    expect((await store.getBuild(project.id, 1))?.status).toBe('failure');
    expect(store.getProject(project.id)?.latestBuild).toMatchObject({ number: 2, status: 'pending' });
  });

  it('refuses values of the wrong type', async () => {
    const { store, project } = await setUp(1);
    const jobId = `${project.id}.1.1`;
    await expect(store.updateAttempt(jobId, { status: 'bogus' } as never)).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
    await expect(store.updateAttempt(jobId, { exitCode: '1' } as never)).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
    await expect(store.addAttempt(jobId, { title: 'x' } as never)).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
    expect((await store.getJob(jobId))?.attempts).toHaveLength(1);
  });

  it('fails with not_found for unknown or malformed job ids', async () => {
    const { store, project } = await setUp(1);
    for (const jobId of [
      `${project.id}.1.2`,
      `${project.id}.9.1`,
      'nope.1.1',
      'garbage',
      `${project.id}.0.1`,
    ]) {
      await expect(store.updateAttempt(jobId, { status: 'running' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(store.addAttempt(jobId, sampleHook())).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.getJob(jobId)).toBeNull();
    }
  });
});

describe('addAttempt', () => {
  it('queues a new attempt with its own log file and definition, keeping the older ones', async () => {
    const { store, project } = await setUp(1);
    const jobId = `${project.id}.1.1`;
    await store.updateAttempt(jobId, { status: 'error', reason: 'engine gone', finishedAt: finished });
    expect(await store.listUnfinishedJobs()).toEqual([]);
    const retried = await store.addAttempt(jobId, { ...sampleHook(), buildScript: 'make check' });
    expect(retried.definition.buildScript).toBe('make check');
    expect(retried.attempts.map((a) => [a.attempt, a.status, a.logFile])).toEqual([
      [1, 'error', `logs/${project.id}/1/1-1.log`],
      [2, 'queued', `logs/${project.id}/1/1-2.log`],
    ]);
    expect(store.getProject(project.id)?.latestBuild?.status).toBe('pending');
    expect((await store.listUnfinishedJobs()).map((job) => job.id)).toEqual([jobId]);
  });
});

describe('listUnfinishedJobs', () => {
  it('returns queued and running jobs oldest first, across projects', async () => {
    const { store, project, hook } = await setUp(2);
    const other = await projectWithHook(store, 2);
    await other.appendBuilds(1);
    await store.updateAttempt(`${project.id}.1.1`, { status: 'running', startedAt: started });
    const ids = (await store.listUnfinishedJobs()).map((job) => job.id);
    expect(ids).toEqual([`${project.id}.1.1`, `${project.id}.2.1`, `${other.project.id}.1.1`]);
    expect(hook.projectId).toBe(project.id);
  });
});
