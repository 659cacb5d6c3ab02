import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../core/ports.js';
import {
  buildRequest,
  createTempDir,
  openTestStore,
  projectWithHook,
  removeDir,
  sampleHook,
  sampleProject,
} from '../../test/fixtures/store-fixtures.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function freshStore(): Promise<{ dir: string; store: Store }> {
  const dir = await createTempDir();
  dirs.push(dir);
  const store = await openTestStore(dir);
  stores.push(store);
  return { dir, store };
}

describe('requestBuild', () => {
  it('creates build 1 with job 1, attempt 1, its log file name and derived state', async () => {
    const { store } = await freshStore();
    const { project, hook } = await projectWithHook(store);
    const outcome = await store.requestBuild(
      buildRequest(project.id, hook.id, { sha: 'abc', deliveryId: 'd-1' }),
    );
    expect(outcome.kind).toBe('created');
    if (outcome.kind !== 'created') return;
    expect(outcome.newBuild).toBe(true);
    expect(outcome.build).toMatchObject({
      projectId: project.id,
      number: 1,
      status: 'pending',
      sha: 'abc',
      ref: 'main',
    });
    expect(outcome.job.id).toBe(`${project.id}.1.1`);
    expect(outcome.job.definition).toEqual(sampleHook());
    expect(outcome.job.deliveryId).toBe('d-1');
    expect(outcome.job.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status: 'queued', logFile: `logs/${project.id}/1/1-1.log` }),
    ]);
    expect(store.getProject(project.id)?.latestBuild).toMatchObject({
      number: 1,
      status: 'pending',
      sha: 'abc',
    });
    expect(await store.getDeliveryPayload(project.id, 'd-1')).toBe(JSON.stringify({ after: 'abc' }));
    expect(await store.getDeliveryPayload(project.id, 'unknown')).toBeNull();
  });

  it('adds one job per hook to the build of a (ref, sha) and refuses a second job for the same hook', async () => {
    const { store } = await freshStore();
    const { project, hook } = await projectWithHook(store);
    const other = await store.createHook(project.id, sampleHook('lint'));
    await store.requestBuild(buildRequest(project.id, hook.id, { sha: 'abc', deliveryId: 'd-1' }));
    const second = await store.requestBuild(
      buildRequest(project.id, other.id, { sha: 'abc', deliveryId: 'd-2' }),
    );
    expect(second).toMatchObject({ kind: 'created', newBuild: false, job: { id: `${project.id}.1.2` } });
    const again = await store.requestBuild(
      buildRequest(project.id, hook.id, { sha: 'abc', deliveryId: 'd-3' }),
    );
    expect(again.kind).toBe('duplicate-job');
    if (again.kind === 'duplicate-job')
      expect(again.build.jobs.map((job) => job.hookId)).toEqual([hook.id, other.id]);
    const otherRef = await store.requestBuild(
      buildRequest(project.id, hook.id, { sha: 'abc', ref: 'dev', deliveryId: 'd-4' }),
    );
    expect(otherRef).toMatchObject({ kind: 'created', newBuild: true, build: { number: 2 } });
  });

  it('keeps the whole commit (fetchRef included) and refuses malformed requests', async () => {
    const { store } = await freshStore();
    const { project, hook } = await projectWithHook(store);
    const request = buildRequest(project.id, hook.id, { sha: 'abc', ref: 'feature', deliveryId: 'd-1' });
    const fetchRef = 'refs/pull/7/head';
    await store.requestBuild({ ...request, commit: { ...request.commit, fetchRef } });
    expect((await store.getBuild(project.id, 1))?.commit.fetchRef).toBe(fetchRef);
    const broken = { ...request, commit: { ...request.commit, sha: 42 } } as never;
    await expect(store.requestBuild(broken)).rejects.toMatchObject({ code: 'invalid_arguments' });
    const noDelivery = { ...request, delivery: { ...request.delivery, deliveryId: '' } };
    await expect(store.requestBuild(noDelivery)).rejects.toMatchObject({ code: 'invalid_arguments' });
  });

  it('reports a delivery seen before and changes nothing', async () => {
    const { store } = await freshStore();
    const { project, hook } = await projectWithHook(store);
    await store.requestBuild(buildRequest(project.id, hook.id, { sha: 'abc', deliveryId: 'd-1' }));
    const again = await store.requestBuild(
      buildRequest(project.id, hook.id, { sha: 'def', deliveryId: 'd-1' }),
    );
    expect(again).toEqual({ kind: 'duplicate-delivery' });
    expect((await store.listBuilds(project.id, 1, 10)).total).toBe(1);
  });

  it('fails with not_found for an unknown project, an unknown hook or a deleted hook', async () => {
    const { store } = await freshStore();
    const { project, hook } = await projectWithHook(store);
    const other = await store.createProject(sampleProject(2));
    await expect(
      store.requestBuild(buildRequest('nope', hook.id, { sha: 'a', deliveryId: 'x' })),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      store.requestBuild(buildRequest(project.id, 'nope', { sha: 'a', deliveryId: 'x' })),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      store.requestBuild(buildRequest(other.id, hook.id, { sha: 'a', deliveryId: 'x' })),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await store.deleteHook(hook.id);
    await expect(
      store.requestBuild(buildRequest(project.id, hook.id, { sha: 'a', deliveryId: 'x' })),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('numbers 60 concurrent requests from several hooks, shas and redeliveries 1..n, losing no job', async () => {
    const { store } = await freshStore();
    const project = await store.createProject(sampleProject());
    const hooks = await Promise.all(
      ['a', 'b', 'c'].map((title) => store.createHook(project.id, sampleHook(title))),
    );
    // 50 requests over 12 shas × 3 hooks (36 distinct jobs, the rest duplicates of them) ...
    const base = Array.from({ length: 50 }, (_, i) =>
      buildRequest(project.id, hooks[i % 3]!.id, {
        sha: `sha-${Math.floor(i / 3) % 12}`,
        deliveryId: `delivery-${i}`,
      }),
    );
    // ... and GitHub redelivering ten of them: same delivery id, same content.
    const redeliveries = base.filter((_, i) => i % 5 === 0);
    const requests = [...base, ...redeliveries].sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(requests.map((request) => store.requestBuild(request)));

    const created = outcomes.flatMap((o) => (o.kind === 'created' ? [o] : []));
    expect(created).toHaveLength(36);
    // A redelivery is refused as such exactly when its first copy was recorded (created a job);
    // five of them have no other request for the same job, so at least those five.
    const recorded = new Set(created.map((o) => o.job.deliveryId));
    const refused = outcomes.filter((o) => o.kind === 'duplicate-delivery').length;
    expect(refused).toBe(redeliveries.filter((r) => recorded.has(r.delivery.deliveryId)).length);
    expect(refused).toBeGreaterThanOrEqual(5);
    expect(new Set(created.map((o) => o.job.deliveryId)).size).toBe(36);

    const page = await store.listBuilds(project.id, 1, 100);
    expect(page.total).toBe(12);
    expect(page.builds.map((build) => build.number)).toEqual(Array.from({ length: 12 }, (_, i) => 12 - i));
    expect(new Set(page.builds.map((build) => build.sha)).size).toBe(12);
    const stored = new Set<string>();
    for (let number = 1; number <= 12; number++) {
      const build = await store.getBuild(project.id, number);
      expect(build?.jobs.map((job) => job.number)).toEqual([1, 2, 3]);
      for (const job of build!.jobs) stored.add(`${build!.sha}/${job.hookId}`);
    }
    expect(stored).toEqual(new Set(base.map((request) => `${request.commit.sha}/${request.hookId}`)));
    expect(await store.listUnfinishedJobs()).toHaveLength(36);
  });

  it('starts a new shard file at build 101 and finds builds on both sides of the boundary', async () => {
    const { dir, store } = await freshStore();
    const { project, appendBuilds } = await projectWithHook(store);
    await appendBuilds(101);
    const files = await readdir(join(dir, 'history', project.id));
    expect(files.filter((name) => name.startsWith('builds-')).sort()).toEqual([
      'builds-0.json',
      'builds-1.json',
    ]);
    expect((await store.getBuild(project.id, 100))?.sha).toBe('sha-100');
    expect((await store.getBuild(project.id, 101))?.sha).toBe('sha-101');
    expect(store.getProject(project.id)?.latestBuild?.number).toBe(101);
    // Dedupe still works for a build in the older shard.
    const hook = store.listHooks(project.id)[0]!;
    const again = await store.requestBuild(
      buildRequest(project.id, hook.id, { sha: 'sha-7', deliveryId: 'new' }),
    );
    expect(again).toMatchObject({ kind: 'duplicate-job', build: { number: 7 } });
  });

  it('keeps a deleted hook’s jobs readable with their definition snapshot', async () => {
    const { store } = await freshStore();
    const { project, hook, appendBuilds } = await projectWithHook(store);
    await appendBuilds(1);
    await store.updateHook(hook.id, { title: 'renamed' });
    await store.deleteHook(hook.id);
    const job = await store.getJob(`${project.id}.1.1`);
    expect(job).toMatchObject({ hookId: hook.id, definition: { title: 'test' } });
    expect(store.getHook(hook.id)).toMatchObject({ title: 'renamed', deletedAt: expect.any(String) });
    expect(store.listHooks(project.id)).toEqual([]);
  });

  it('returns copies: changing a returned build does not change the store', async () => {
    const { store } = await freshStore();
    const { project, appendBuilds } = await projectWithHook(store);
    await appendBuilds(1);
    const build = await store.getBuild(project.id, 1);
    (build!.jobs[0]!.attempts as unknown as { status: string }[])[0]!.status = 'success';
    expect((await store.getBuild(project.id, 1))!.jobs[0]!.attempts[0]!.status).toBe('queued');
  });
});
