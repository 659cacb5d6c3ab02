import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/ports.js';
import { createTempDir, openTestStore, projectWithHook, removeDir } from '../../test/fixtures/store-fixtures.js';

let dir: string;
let store: Store;
let projectId: string;

beforeAll(async () => {
  dir = await createTempDir();
  const writer = await openTestStore(dir);
  const fixture = await projectWithHook(writer);
  await fixture.appendBuilds(250);
  await writer.close();
  projectId = fixture.project.id;
  store = await openTestStore(dir);
});

afterAll(async () => {
  await store.close();
  await removeDir(dir);
});

describe('listBuilds', () => {
  it('pages newest first across shard boundaries', async () => {
    const numbers: number[] = [];
    for (let page = 1; page <= 7; page++) {
      const result = await store.listBuilds(projectId, page, 40);
      expect(result).toMatchObject({ page, perPage: 40, total: 250 });
      numbers.push(...result.builds.map((build) => build.number));
    }
    expect(numbers).toEqual(Array.from({ length: 250 }, (_, i) => 250 - i));
    const crossing = await store.listBuilds(projectId, 4, 40);
    expect(crossing.builds.map((b) => b.number)).toEqual(Array.from({ length: 40 }, (_, i) => 130 - i));
    expect(crossing.builds[0]).toEqual({
      projectId,
      number: 130,
      status: 'pending',
      progress: 'queued',
      ref: 'main',
      sha: 'sha-130',
      message: 'commit sha-130',
      createdAt: expect.any(String),
      startedAt: null,
      finishedAt: null,
    });
    expect((await store.listBuilds(projectId, 8, 40)).builds).toEqual([]);
  });

  it('refuses pages and sizes below 1 and unknown projects', async () => {
    await expect(store.listBuilds(projectId, 0, 10)).rejects.toMatchObject({ code: 'invalid_arguments' });
    await expect(store.listBuilds(projectId, 1, 0)).rejects.toMatchObject({ code: 'invalid_arguments' });
    await expect(store.listBuilds(projectId, 1.5, 10)).rejects.toMatchObject({ code: 'invalid_arguments' });
    await expect(store.listBuilds('unknown', 1, 10)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('returns null for builds that do not exist', async () => {
    expect(await store.getBuild(projectId, 251)).toBeNull();
    expect(await store.getBuild(projectId, 0)).toBeNull();
    expect(await store.getBuild('unknown', 1)).toBeNull();
  });

  // Runs last: it damages the oldest shard.
  it('reads only the shards a page needs', async () => {
    await store.close();
    await writeFile(join(dir, 'history', projectId, 'builds-0.json'), '{ damaged');
    store = await openTestStore(dir);
    // Pages 1-3 of 50 are builds 250…101: shards 2 and 1 only.
    for (const page of [1, 2, 3])
      expect((await store.listBuilds(projectId, page, 50)).builds).toHaveLength(50);
    await expect(store.listBuilds(projectId, 4, 50)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('builds-0.json'),
    });
  });
});
