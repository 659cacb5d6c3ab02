// Settings, accounts, projects and hooks: the small records in state.json.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  openTestStore,
  projectWithHook,
  tempDirs,
  sampleHook,
  sampleProject,
} from '../../test/fixtures/store-fixtures.js';

const tempDir = tempDirs();

const account = { githubId: 7, login: 'octo', name: 'Octo Cat', avatarUrl: null, email: 'octo@example.com' };

describe('settings and accounts', () => {
  it('merges setting overrides and keys accounts by GitHub id', async () => {
    const store = await openTestStore(await tempDir());
    expect(store.getSettings()).toEqual({});
    await store.updateSettings({ maxParallelJobs: 3 });
    expect(await store.updateSettings({ publicUrl: null, maxParallelJobs: undefined })).toEqual({
      maxParallelJobs: 3,
      publicUrl: null,
    });
    await store.saveAccount(account);
    await store.saveAccount({ ...account, login: 'renamed' });
    expect(store.listAccounts()).toEqual([{ ...account, login: 'renamed' }]);
    expect(store.getAccount(7)?.login).toBe('renamed');
    expect(store.getAccount(8)).toBeNull();
    await store.close();
  });
});

describe('inputs', () => {
  it('are checked before they reach state.json, so a bad value can never make it unreadable', async () => {
    const dir = await tempDir();
    const store = await openTestStore(dir);
    const project = await store.createProject(sampleProject());
    const hook = await store.createHook(project.id, sampleHook());
    const before = await readFile(join(dir, 'state.json'), 'utf8');
    const invalid = { code: 'invalid_arguments' };
    await expect(store.updateSettings({ maxParallelJobs: 'many' } as never)).rejects.toMatchObject(invalid);
    await expect(store.updateSettings({ fromEnvironment: [] } as never)).rejects.toMatchObject(invalid);
    await expect(store.saveAccount({ ...account, githubId: '7' } as never)).rejects.toMatchObject(invalid);
    await expect(
      store.createProject({ ...sampleProject(3), isPrivate: 'no' } as never),
    ).rejects.toMatchObject(invalid);
    await expect(
      store.createHook(project.id, { ...sampleHook(), trackedFiles: 'a' } as never),
    ).rejects.toMatchObject(invalid);
    await expect(store.updateHook(hook.id, { githubHookId: 'x' } as never)).rejects.toMatchObject({
      ...invalid,
      issues: [expect.objectContaining({ path: 'githubHookId' })],
    });
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toBe(before);
    await store.close();
    await (await openTestStore(dir)).close();
  });
});

describe('projects', () => {
  it('creates projects with dot-free lowercase ids and refuses a second project for a repository', async () => {
    const store = await openTestStore(await tempDir());
    const project = await store.createProject(sampleProject(1));
    expect(project.id).toMatch(/^[a-z][a-z0-9]+$/);
    expect(project.latestBuild).toBeNull();
    await expect(store.createProject(sampleProject(1))).rejects.toMatchObject({ code: 'conflict' });
    await store.createProject(sampleProject(2));
    expect(store.listProjects().map((p) => p.githubRepoId)).toEqual([1, 2]);
    expect(store.getProject('missing')).toBeNull();
    await store.close();
  });

  it('deletes a project with its hooks, history folder and unfinished jobs, idempotently', async () => {
    const dir = await tempDir();
    const store = await openTestStore(dir);
    const { project, hook, appendBuilds } = await projectWithHook(store);
    const kept = await projectWithHook(store, 2);
    await appendBuilds(3);
    await kept.appendBuilds(1);
    await store.deleteProject(project.id);
    await store.deleteProject(project.id);
    expect(store.getProject(project.id)).toBeNull();
    expect(store.getHook(hook.id)).toBeNull();
    await expect(access(join(dir, 'history', project.id))).rejects.toThrow();
    expect(await store.getBuild(project.id, 1)).toBeNull();
    expect(await store.getJob(`${project.id}.1.1`)).toBeNull();
    expect((await store.listUnfinishedJobs()).map((job) => job.projectId)).toEqual([kept.project.id]);
    await expect(store.listBuilds(project.id, 1, 10)).rejects.toMatchObject({ code: 'not_found' });
    expect(() => store.listHooks(project.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    await store.close();
  });
});

describe('hooks', () => {
  it('lists live hooks oldest first, updates them and soft-deletes them idempotently', async () => {
    const store = await openTestStore(await tempDir());
    const project = await store.createProject(sampleProject());
    const first = await store.createHook(project.id, sampleHook('first'));
    const second = await store.createHook(project.id, sampleHook('second'));
    const updated = await store.updateHook(first.id, { image: 'alpine:3', githubHookId: 99 });
    expect(updated).toMatchObject({ title: 'first', image: 'alpine:3', githubHookId: 99 });
    expect(updated.updatedAt > first.updatedAt).toBe(true);
    expect(store.listHooks(project.id).map((hook) => hook.title)).toEqual(['first', 'second']);
    await store.deleteHook(second.id);
    await store.deleteHook(second.id);
    await store.deleteHook('unknown');
    expect(store.listHooks(project.id).map((hook) => hook.id)).toEqual([first.id]);
    expect(store.getHook(second.id)?.deletedAt).toEqual(expect.any(String));
    await expect(store.updateHook(second.id, { title: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.createHook('unknown', sampleHook())).rejects.toMatchObject({ code: 'not_found' });
    await store.close();
  });
});

describe('opening', () => {
  it('creates a missing data folder and an empty state file', async () => {
    const dir = join(await tempDir(), 'nested', 'data');
    const store = await openTestStore(dir);
    expect(store.listProjects()).toEqual([]);
    await store.close();
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toMatchObject({
      projects: {},
      hooks: {},
    });
  });
});

describe('reopening', () => {
  it('sees everything written before close', async () => {
    const dir = await tempDir();
    const store = await openTestStore(dir);
    await store.updateSettings({ emailNotifications: true });
    await store.saveAccount(account);
    const { project, hook, appendBuilds } = await projectWithHook(store);
    await appendBuilds(3);
    await store.updateAttempt(`${project.id}.2.1`, {
      status: 'running',
      startedAt: '2026-02-01T00:00:00.000Z',
    });
    await store.deleteHook(hook.id);
    await store.close();

    const reopened = await openTestStore(dir);
    expect(reopened.getSettings()).toEqual({ emailNotifications: true });
    expect(reopened.getAccount(7)).toEqual(account);
    expect(reopened.getProject(project.id)?.latestBuild?.number).toBe(3);
    expect(reopened.getHook(hook.id)?.deletedAt).toEqual(expect.any(String));
    expect((await reopened.listBuilds(project.id, 1, 10)).builds.map((b) => b.number)).toEqual([3, 2, 1]);
    expect((await reopened.getBuild(project.id, 2))?.status).toBe('pending');
    expect((await reopened.getJob(`${project.id}.2.1`))?.attempts[0]?.status).toBe('running');
    expect((await reopened.listUnfinishedJobs()).map((job) => job.id)).toEqual(
      [1, 2, 3].map((n) => `${project.id}.${n}.1`),
    );
    await reopened.close();
  });

  it('close waits for writes in flight and refuses calls afterwards', async () => {
    const dir = await tempDir();
    const store = await openTestStore(dir);
    const { project, appendBuilds } = await projectWithHook(store);
    // The first build is requested before close; the loop's second request comes after it.
    const appending = appendBuilds(2).catch((error: unknown) => error);
    const saving = store.updateSettings({ maxParallelJobs: 9 });
    await store.close();
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(state.settings).toEqual({ maxParallelJobs: 9 });
    expect(state.projects[project.id].latestBuild.number).toBe(1);
    await saving;
    expect(await appending).toMatchObject({ code: 'unavailable' });
    expect(() => store.getSettings()).toThrow(expect.objectContaining({ code: 'unavailable' }));
    await expect(store.getBuild(project.id, 1)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
