// A project's standing build is its default branch's newest: it follows job changes and restarts,
// follows a renamed default branch into history, and state written before it was kept still opens.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  openTestStore,
  tempDirs,
  sampleHook,
  sampleProject,
} from '../../test/fixtures/store-fixtures.js';
import type { Store } from '../core/ports.js';

const tempDir = tempDirs();

/** A project whose default branch is `main`, with builds #1 on main and #2 on a feature branch. */
async function twoBranches(store: Store) {
  const project = await store.createProject({ ...sampleProject(), defaultBranch: 'main' });
  const hook = await store.createHook(project.id, sampleHook());
  const build = async (sha: string, ref: string) => {
    const outcome = await store.requestBuild(buildRequest(project.id, hook.id, { sha, ref, deliveryId: `d-${sha}` }));
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    return outcome.job;
  };
  const onMain = await build('a'.repeat(40), 'main');
  const onFeature = await build('b'.repeat(40), 'fix-login');
  return { project, onMain, onFeature };
}

describe("a project's default branch", () => {
  it('keeps the newest build of the default branch beside the newest build of any branch', async () => {
    const dir = await tempDir();
    const store = await openTestStore(dir);
    const { project, onMain } = await twoBranches(store);
    expect(store.getProject(project.id)).toMatchObject({
      defaultBranch: 'main',
      defaultBranchBuild: { number: 1, ref: 'main', status: 'pending' },
      latestBuild: { number: 2, ref: 'fix-login' },
    });
    await store.updateAttempt(onMain.id, { status: 'failure', startedAt: '2026-01-01T00:00:01.000Z', finishedAt: '2026-01-01T00:00:02.000Z', exitCode: 1 });
    expect(store.getProject(project.id)?.defaultBranchBuild).toMatchObject({ number: 1, status: 'failure' });
    await store.close();

    const reopened = await openTestStore(dir);
    expect(reopened.getProject(project.id)).toMatchObject({
      defaultBranchBuild: { number: 1, status: 'failure' },
      latestBuild: { number: 2 },
    });
    await reopened.close();
  });

  it('follows a rename into history, and writes nothing when GitHub says what is known', async () => {
    const dir = await tempDir();
    const store = await openTestStore(dir);
    const { project } = await twoBranches(store);
    const renamed = await store.setDefaultBranch(project.id, 'fix-login');
    expect(renamed).toMatchObject({ defaultBranch: 'fix-login', defaultBranchBuild: { number: 2 } });
    const before = await readFile(join(dir, 'state.json'), 'utf8');
    await store.setDefaultBranch(project.id, 'fix-login');
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toBe(before);
    expect(await store.setDefaultBranch(project.id, 'never-built')).toMatchObject({ defaultBranchBuild: null });
    await store.close();
  });

  it('is unknown in state written before it was kept, and learnt later', async () => {
    const dir = await tempDir();
    const store = await openTestStore(dir);
    const { project } = await twoBranches(store);
    await store.close();
    // As Kozmic wrote it before: version 2, no default branch.
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    state.schemaVersion = 2;
    delete state.projects[project.id].defaultBranch;
    delete state.projects[project.id].defaultBranchBuild;
    await writeFile(join(dir, 'state.json'), JSON.stringify(state));

    const reopened = await openTestStore(dir);
    expect(reopened.getProject(project.id)).toMatchObject({ defaultBranch: null, defaultBranchBuild: null });
    expect(await reopened.setDefaultBranch(project.id, 'main')).toMatchObject({ defaultBranchBuild: { number: 1 } });
    await reopened.close();
  });
});
