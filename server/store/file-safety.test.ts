// Migrations, newer versions and damaged files: refused with a clear error, never overwritten.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHARD_VERSION } from './build-shards.js';
import { bucketOf } from './dedupe-index.js';
import { STATE_VERSION } from './state-file.js';
import {
  buildRequest,
  createTempDir,
  openTestStore,
  projectWithHook,
  removeDir,
  snapshotFiles,
} from '../../test/fixtures/store-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

/** A data folder with one project, one hook and `builds` builds, closed. */
async function dataFolder(builds = 2) {
  const dir = await createTempDir();
  dirs.push(dir);
  const store = await openTestStore(dir);
  const fixture = await projectWithHook(store);
  await fixture.appendBuilds(builds);
  await store.close();
  const projectId = fixture.project.id;
  const shard = join(dir, 'history', projectId, 'builds-0.json');
  return { dir, projectId, hookId: fixture.hook.id, shard, state: join(dir, 'state.json') };
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

describe('migrations', () => {
  it('are at version 2 or later, so at least one real step runs', () => {
    expect(STATE_VERSION).toBeGreaterThanOrEqual(2);
    expect(SHARD_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('migrates a version 1 state file (accounts as a list) and writes it back in the current version', async () => {
    const dir = await createTempDir();
    dirs.push(dir);
    const account = { githubId: 7, login: 'octo', name: null, avatarUrl: null, email: null };
    const v1 = {
      schemaVersion: 1,
      settings: { maxParallelJobs: 2 },
      accounts: [account],
      projects: {},
      hooks: {},
    };
    await writeFile(join(dir, 'state.json'), JSON.stringify({ ...v1, counters: {}, unfinishedJobs: [] }));
    const store = await openTestStore(dir);
    expect(store.getAccount(7)).toEqual(account);
    expect(store.getSettings()).toEqual({ maxParallelJobs: 2 });
    await store.close();
    const written = await readJson(join(dir, 'state.json'));
    expect(written).toMatchObject({ schemaVersion: STATE_VERSION, accounts: { '7': account } });
  });

  it('migrates a version 1 shard (builds keyed by number) when it is loaded', async () => {
    const { dir, projectId, hookId, shard } = await dataFolder(2);
    const current = await readJson(shard);
    const keyed = Object.fromEntries(current.builds.reverse().map((b: { number: number }) => [b.number, b]));
    await writeFile(shard, JSON.stringify({ version: 1, shard: 0, builds: keyed }));
    const store = await openTestStore(dir);
    expect((await store.listBuilds(projectId, 1, 10)).builds.map((b) => b.number)).toEqual([2, 1]);
    await store.requestBuild(buildRequest(projectId, hookId, { sha: 'new', deliveryId: 'new' }));
    await store.close();
    const written = await readJson(shard);
    expect(written.version).toBe(SHARD_VERSION);
    expect(written.builds.map((b: { number: number }) => b.number)).toEqual([1, 2, 3]);
  });
});

describe('a state file from a newer Kozmic', () => {
  it('is refused with an error naming the file and both versions, and left untouched', async () => {
    const { dir, state } = await dataFolder();
    await writeFile(state, JSON.stringify({ ...(await readJson(state)), schemaVersion: 99 }));
    const before = await snapshotFiles(dir);
    const opening = openTestStore(dir);
    await expect(opening).rejects.toMatchObject({ code: 'unavailable' });
    const message = (await opening.catch((error: Error) => error)) as Error;
    expect(message.message).toContain(state);
    expect(message.message).toContain('version 99');
    expect(message.message).toContain(`up to version ${STATE_VERSION}`);
    expect(message.message).toContain('Upgrade Kozmic');
    expect(await snapshotFiles(dir)).toEqual(before);
  });
});

describe('a damaged state file', () => {
  for (const [what, content] of [
    ['unparseable', '{"schemaVersion": 2, "settings": {'],
    ['empty', ''],
    ['wrongly shaped', JSON.stringify({ schemaVersion: 2, settings: {}, accounts: {}, projects: 5 })],
    ['without a version', JSON.stringify({ settings: {} })],
  ] as const) {
    it(`(${what}) is refused with what to do, and left untouched`, async () => {
      const { dir, state } = await dataFolder();
      await writeFile(state, content);
      const before = await snapshotFiles(dir);
      const error = (await openTestStore(dir).catch((e: unknown) => e)) as { code: string; message: string };
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain(state);
      expect(error.message).toMatch(/Restore it from a backup, or move it out of the data folder/);
      expect(await snapshotFiles(dir)).toEqual(before);
    });
  }
});

describe('a shard that cannot be used', () => {
  for (const [what, damage, expected] of [
    ['from a newer Kozmic', (doc: object) => JSON.stringify({ ...doc, version: 99 }), /Upgrade Kozmic/],
    ['unparseable', () => '{"version": 2, "builds": [', /not valid JSON/],
    [
      'wrongly shaped',
      (doc: object) => JSON.stringify({ ...doc, builds: [{ number: 'one' }] }),
      /unexpected shape/,
    ],
    [
      'holding builds of another shard',
      (doc: object) => JSON.stringify({ ...doc, shard: 3 }),
      /another shard/,
    ],
  ] as const) {
    it(`(${what}) fails the operations that need it, refuses writes to it and is left untouched`, async () => {
      const { dir, projectId, hookId, shard } = await dataFolder(2);
      await writeFile(shard, damage(await readJson(shard)));
      const before = await snapshotFiles(dir);
      const store = await openTestStore(dir);
      const refused = { code: 'unavailable', message: expect.stringMatching(expected) };
      await expect(store.getBuild(projectId, 1)).rejects.toMatchObject(refused);
      await expect(store.getBuild(projectId, 1)).rejects.toMatchObject({
        message: expect.stringContaining(shard),
      });
      await expect(store.updateAttempt(`${projectId}.1.1`, { status: 'running' })).rejects.toMatchObject(
        refused,
      );
      const request = buildRequest(projectId, hookId, { sha: 'new', deliveryId: 'new' });
      await expect(store.requestBuild(request)).rejects.toMatchObject(refused);
      await expect(store.listUnfinishedJobs()).rejects.toMatchObject(refused);
      // Other projects keep working.
      const other = await projectWithHook(store, 2);
      await other.appendBuilds(1);
      await store.close();
      const after = await snapshotFiles(dir);
      for (const [file, bytes] of before)
        if (!file.endsWith('state.json')) expect(after.get(file)).toBe(bytes);
      expect(after.get(shard)).toBe(before.get(shard));
    });
  }
});

describe('other damaged history files', () => {
  it('a damaged index bucket fails the lookups that need it and is left untouched', async () => {
    const { dir, projectId, hookId } = await dataFolder(1);
    const bucket = join(
      dir,
      'history',
      projectId,
      'index',
      `deliveries-${bucketOf('delivery-1').toString(16).padStart(2, '0')}.json`,
    );
    await writeFile(bucket, '[1, 2');
    const store = await openTestStore(dir);
    const request = buildRequest(projectId, hookId, { sha: 'sha-1', deliveryId: 'delivery-1' });
    await expect(store.requestBuild(request)).rejects.toMatchObject({
      message: expect.stringContaining(bucket),
    });
    await expect(store.getDeliveryPayload(projectId, 'delivery-1')).rejects.toMatchObject({
      code: 'unavailable',
    });
    await store.close();
    expect(await readFile(bucket, 'utf8')).toBe('[1, 2');
  });

  it('a damaged payload file is reported, not returned', async () => {
    const { dir, projectId } = await dataFolder(1);
    await writeFile(join(dir, 'history', projectId, 'deliveries', 'delivery-1.json'), 'nope');
    const store = await openTestStore(dir);
    await expect(store.getDeliveryPayload(projectId, 'delivery-1')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('delivery-1.json'),
    });
    await store.close();
  });

  it('leftover temporary files of interrupted writes are ignored', async () => {
    const { dir, projectId } = await dataFolder(2);
    await writeFile(join(dir, '.state.json.tmp'), '{"schemaVersion": 2, "sett');
    await writeFile(join(dir, 'history', projectId, '.builds-0.json.tmp'), '{"vers');
    const store = await openTestStore(dir);
    expect((await store.listBuilds(projectId, 1, 10)).total).toBe(2);
    await store.close();
  });
});
