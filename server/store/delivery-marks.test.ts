// How far catch-up has read each hook's deliveries: kept forward-only, and forgotten with the project.
import { describe, expect, it } from 'vitest';
import { openTestStore, projectWithHook, tempDirs } from '../../test/fixtures/store-fixtures.js';

const tempDir = tempDirs();

describe('catch-up marks', () => {
  it('move only forward, and go with their project', async () => {
    const store = await openTestStore(await tempDir());
    const { project, hook } = await projectWithHook(store);
    await store.setDeliveryMark(hook.id, { id: 7, at: '2026-12-03T12:00:00.000Z' });
    await store.setDeliveryMark(hook.id, { id: 5, at: '2026-12-03T11:00:00.000Z' });
    expect(store.deliveryMark(hook.id)).toEqual({ id: 7, at: '2026-12-03T12:00:00.000Z' });
    await store.deleteProject(project.id);
    expect(store.deliveryMark(hook.id)).toBeNull();
    await store.close();
  });
});
