// What a crash between two writes can leave behind, and how the store reads or repairs it.
import { access, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DedupeIndex, refKey } from './dedupe-index.js';
import { Lease } from './document-cache.js';
import {
  buildRequest,
  createTempDir,
  openTestStore,
  projectWithHook,
  removeDir,
  sampleHook,
} from '../../test/fixtures/store-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function dataFolder(builds: number) {
  const dir = await createTempDir();
  dirs.push(dir);
  const store = await openTestStore(dir);
  const fixture = await projectWithHook(store);
  await fixture.appendBuilds(builds);
  await store.close();
  return { dir, projectId: fixture.project.id, hookId: fixture.hook.id };
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('an index entry whose shard was never written', () => {
  it('counts as a miss for deliveries and for commits', async () => {
    const { dir, projectId, hookId } = await dataFolder(2);
    // As if a crash came after the index writes of build 3 and before its shard write.
    const index = new DedupeIndex(dir);
    const lease = new Lease();
    await index.record(projectId, 'deliveries', 'ghost', 3, lease);
    await index.record(projectId, 'refs', refKey('main', 'ghost-sha'), 3, lease);
    // And an entry pointing at a build that exists but is another commit.
    await index.record(projectId, 'refs', refKey('main', 'other-sha'), 1, lease);
    lease.release();

    const store = await openTestStore(dir);
    expect(await store.getDeliveryPayload(projectId, 'ghost')).toBeNull();
    const ghost = await store.requestBuild(
      buildRequest(projectId, hookId, { sha: 'ghost-sha', deliveryId: 'ghost' }),
    );
    expect(ghost).toMatchObject({ kind: 'created', newBuild: true, build: { number: 3, sha: 'ghost-sha' } });
    const other = await store.requestBuild(
      buildRequest(projectId, hookId, { sha: 'other-sha', deliveryId: 'o' }),
    );
    expect(other).toMatchObject({ kind: 'created', newBuild: true, build: { number: 4, sha: 'other-sha' } });
    expect((await store.getBuild(projectId, 1))?.jobs).toHaveLength(1);
    // The entries now point at the real builds.
    const again = await store.requestBuild(
      buildRequest(projectId, hookId, { sha: 'x', deliveryId: 'ghost' }),
    );
    expect(again.kind).toBe('duplicate-delivery');
    await store.close();
  });
});

describe('a shard written but state.json not', () => {
  it('is repaired at open: counter, latest build and unfinished jobs follow the shard', async () => {
    const { dir, projectId, hookId } = await dataFolder(2);
    await copyFile(join(dir, 'state.json'), join(dir, 'state-before.json'));
    const store = await openTestStore(dir);
    await store.requestBuild(buildRequest(projectId, hookId, { sha: 'third', deliveryId: 'third' }));
    await store.close();
    await copyFile(join(dir, 'state-before.json'), join(dir, 'state.json'));

    const reopened = await openTestStore(dir);
    expect(reopened.getProject(projectId)?.latestBuild).toMatchObject({ number: 3, sha: 'third' });
    expect((await reopened.listBuilds(projectId, 1, 10)).total).toBe(3);
    expect((await reopened.listUnfinishedJobs()).map((job) => job.id)).toContain(`${projectId}.3.1`);
    const next = await reopened.requestBuild(
      buildRequest(projectId, hookId, { sha: 'fourth', deliveryId: 'fourth' }),
    );
    expect(next).toMatchObject({ kind: 'created', build: { number: 4 } });
    await reopened.close();
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(state.counters[projectId].lastBuildNumber).toBe(4);
  });

  it('is repaired the other way when the counter names builds no shard holds', async () => {
    const { dir, projectId, hookId } = await dataFolder(2);
    const shard = join(dir, 'history', projectId, 'builds-0.json');
    await copyFile(shard, join(dir, 'shard-before.json'));
    const store = await openTestStore(dir);
    await store.requestBuild(buildRequest(projectId, hookId, { sha: 'third', deliveryId: 'third' }));
    await store.close();
    await copyFile(join(dir, 'shard-before.json'), shard);

    const reopened = await openTestStore(dir);
    expect(reopened.getProject(projectId)?.latestBuild?.number).toBe(2);
    expect((await reopened.listBuilds(projectId, 1, 10)).total).toBe(2);
    expect((await reopened.listUnfinishedJobs()).map((job) => job.id)).not.toContain(`${projectId}.3.1`);
    const again = await reopened.requestBuild(
      buildRequest(projectId, hookId, { sha: 'third', deliveryId: 'third' }),
    );
    expect(again).toMatchObject({ kind: 'created', build: { number: 3 } });
    await reopened.close();
  });
});

describe('the unfinished-jobs list', () => {
  it('may name a job no shard holds (listed before the shard write); such ids are dropped when read', async () => {
    const { dir, projectId } = await dataFolder(1);
    const shard = join(dir, 'history', projectId, 'builds-0.json');
    await copyFile(shard, join(dir, 'shard-before.json'));
    const store = await openTestStore(dir);
    const lint = await store.createHook(projectId, { ...sampleHook('lint') });
    const added = await store.requestBuild(
      buildRequest(projectId, lint.id, { sha: 'sha-1', deliveryId: 'lint-1' }),
    );
    expect(added).toMatchObject({ kind: 'created', newBuild: false, job: { id: `${projectId}.1.2` } });
    await store.close();
    // As if the crash came after state.json listed job 1.2 and before the shard named it.
    await copyFile(join(dir, 'shard-before.json'), shard);

    const reopened = await openTestStore(dir);
    expect((await reopened.listUnfinishedJobs()).map((job) => job.id)).toEqual([`${projectId}.1.1`]);
    await reopened.close();
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(state.unfinishedJobs).toEqual([`${projectId}.1.1`]);
  });
});

describe('an interrupted project deletion', () => {
  it('is finished at open for marked folders only', async () => {
    const dir = await createTempDir();
    dirs.push(dir);
    const store = await openTestStore(dir);
    const deleted = await projectWithHook(store, 1);
    const restarted = await projectWithHook(store, 2);
    await deleted.appendBuilds(1);
    await restarted.appendBuilds(1);
    await store.close();
    const history = join(dir, 'history');
    // Crash after state.json forgot the project, before its folder was removed.
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    delete state.projects[deleted.project.id];
    await writeFile(join(dir, 'state.json'), JSON.stringify(state));
    await writeFile(join(history, deleted.project.id, '.deleting'), '');
    // Crash after the marker, before state.json forgot the project: the deletion never happened.
    await writeFile(join(history, restarted.project.id, '.deleting'), '');
    // A folder state.json does not know, without a marker: not the store's to remove.
    await mkdir(join(history, 'unknownproject'));

    const reopened = await openTestStore(dir);
    expect(await exists(join(history, deleted.project.id))).toBe(false);
    expect(await exists(join(history, restarted.project.id, '.deleting'))).toBe(false);
    expect((await reopened.getBuild(restarted.project.id, 1))?.number).toBe(1);
    expect(await exists(join(history, 'unknownproject'))).toBe(true);
    await reopened.close();
  });
});
