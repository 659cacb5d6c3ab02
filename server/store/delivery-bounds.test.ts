// What the store keeps of a hostile delivery: texts shortened, identifiers beyond GitHub's limits refused.
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../core/ports.js';
import { MAX_MESSAGE_CHARS, MAX_PAYLOAD_CHARS, shorten } from './delivery-bounds.js';
import {
  buildRequest,
  createTempDir,
  openTestStore,
  projectWithHook,
  removeDir,
} from '../../test/fixtures/store-fixtures.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function freshProject() {
  const dir = await createTempDir();
  dirs.push(dir);
  const store = await openTestStore(dir);
  stores.push(store);
  return { store, ...(await projectWithHook(store)) };
}

describe('shorten', () => {
  it('keeps what fits and cuts the rest with an ellipsis, never inside a surrogate pair', () => {
    expect(shorten('short', 10)).toBe('short');
    expect(shorten('abcdefghijk', 5)).toBe('abcd…');
    expect(shorten('abc😀def', 5)).toBe('abc…');
    expect(shorten('abc😀def', 6)).toBe('abc😀…');
  });
});

describe('a delivery entering the store', () => {
  it('keeps a few KB of a 4 MB commit message and of its author, with an ellipsis', async () => {
    const { store, project, hook } = await freshProject();
    const request = buildRequest(project.id, hook.id, { sha: 'a'.repeat(40), deliveryId: 'd-1' });
    const outcome = await store.requestBuild({
      ...request,
      commit: { ...request.commit, message: 'm'.repeat(4 * 1024 * 1024), author: 'n'.repeat(100_000) },
    });
    expect(outcome.kind).toBe('created');
    const build = await store.getBuild(project.id, 1);
    expect(build?.commit.message).toHaveLength(MAX_MESSAGE_CHARS);
    expect(build?.commit.message.endsWith('m…')).toBe(true);
    expect(build?.commit.author.length).toBeLessThanOrEqual(255);
    expect(store.getProject(project.id)?.latestBuild?.message).toHaveLength(MAX_MESSAGE_CHARS);
  });

  it('keeps only the start of an oversized raw payload and says how long it was', async () => {
    const { store, project, hook } = await freshProject();
    const request = buildRequest(project.id, hook.id, { sha: 'b'.repeat(40), deliveryId: 'd-2' });
    const payload = JSON.stringify({ padding: 'p'.repeat(3 * 1024 * 1024) });
    await store.requestBuild({ ...request, delivery: { ...request.delivery, payload } });
    const kept = await store.getDeliveryPayload(project.id, 'd-2');
    expect(kept).toHaveLength(MAX_PAYLOAD_CHARS);
    expect(payload.startsWith(kept!.slice(0, -1))).toBe(true);
  });

  it.each([
    ['an empty branch', ''],
    ['a branch over 255 bytes', 'é'.repeat(128)],
  ])('refuses %s', async (_name, ref) => {
    const { store, project, hook } = await freshProject();
    await expect(
      store.requestBuild(buildRequest(project.id, hook.id, { sha: 'c'.repeat(40), ref, deliveryId: 'd-3' })),
    ).rejects.toMatchObject({ code: 'invalid_arguments' });
    expect(await store.listBuilds(project.id, 1, 1)).toMatchObject({ total: 0 });
  });
});
