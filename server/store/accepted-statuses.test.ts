// What GitHub accepted is remembered across restarts (so no status is posted twice), bounded, and
// forgotten with its project; builds written before their progress was kept still read one.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  openTestStore,
  projectWithHook,
  tempDirs,
} from '../../test/fixtures/store-fixtures.js';

const tempDir = tempDirs();

const status = {
  state: 'success',
  description: 'Build #1 has passed',
  targetUrl: null,
  context: 'kozmic',
} as const;

describe('accepted commit statuses', () => {
  it('are remembered across a reopen, and drop the waiting status in the same write', async () => {
    const dir = await tempDir();
    const store = await openTestStore(dir);
    const { project } = await projectWithHook(store);
    await store.putPendingStatus(`${project.id}/1`, { projectId: project.id, sha: 'a'.repeat(40), status });
    await store.statusAccepted(
      `${project.id}/${'a'.repeat(40)}/kozmic`,
      'success|Build #1 has passed',
      `${project.id}/1`,
    );
    await store.close();

    const reopened = await openTestStore(dir);
    expect(reopened.acceptedStatus(`${project.id}/${'a'.repeat(40)}/kozmic`)).toBe(
      'success|Build #1 has passed',
    );
    expect(reopened.acceptedStatus(`${project.id}/${'b'.repeat(40)}/kozmic`)).toBeNull();
    expect(reopened.listPendingStatuses()).toEqual({});
    await reopened.close();
  });

  it('keep the newest 2,000, and none of a deleted project', async () => {
    const store = await openTestStore(await tempDir());
    const { project } = await projectWithHook(store);
    for (let i = 0; i < 2_005; i++)
      await store.statusAccepted(`${project.id}/sha${i}/kozmic`, `pending|${i}`, null);
    // Posted again: it becomes the newest, so it is not the next to go.
    await store.statusAccepted(`${project.id}/sha5/kozmic`, 'success|5', null);
    await store.statusAccepted(`${project.id}/sha2005/kozmic`, 'pending|2005', null);
    expect(store.acceptedStatus(`${project.id}/sha6/kozmic`)).toBeNull();
    expect(store.acceptedStatus(`${project.id}/sha5/kozmic`)).toBe('success|5');
    expect(store.acceptedStatus(`${project.id}/sha7/kozmic`)).toBe('pending|7');
    await store.deleteProject(project.id);
    expect(store.acceptedStatus(`${project.id}/sha2005/kozmic`)).toBeNull();
    await store.close();
  }, 60_000);
});

describe('build progress', () => {
  it('is read from the times for builds written before it was kept', async () => {
    const dir = await tempDir();
    const store = await openTestStore(dir);
    const { project, hook } = await projectWithHook(store);
    await store.requestBuild(buildRequest(project.id, hook.id, { sha: 'c'.repeat(40), deliveryId: 'd1' }));
    expect((await store.getBuild(project.id, 1))?.progress).toBe('queued');
    await store.close();

    // As an earlier version wrote them: a build started but not finished, without `progress`.
    const shardFile = join(dir, 'history', project.id, 'builds-0.json');
    const shard = JSON.parse(await readFile(shardFile, 'utf8')) as { builds: Record<string, unknown>[] };
    for (const build of shard.builds) {
      delete build.progress;
      build.startedAt = '2026-01-01T00:00:05.000Z';
    }
    await writeFile(shardFile, JSON.stringify(shard));
    const stateFile = join(dir, 'state.json');
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as {
      projects: Record<string, { latestBuild: Record<string, unknown> }>;
    };
    delete state.projects[project.id]!.latestBuild.progress;
    await writeFile(stateFile, JSON.stringify(state));

    const reopened = await openTestStore(dir);
    expect((await reopened.getBuild(project.id, 1))?.progress).toBe('running');
    // The project's latest build is read from the same history.
    expect(reopened.getProject(project.id)?.latestBuild?.progress).toBe('running');
    await reopened.close();
  });
});
