import { describe, expect, it } from 'vitest';
import type { AppStatusDto, BuildStatus, JobDto, ProjectDto } from '../../server/contract/dto.js';
import { trayModel, withJob, type TrayInput, type TrayMenuItem } from './tray-model.js';

const now = Date.parse('2026-12-03T12:00:00Z');

function project(id: string, status: BuildStatus | null, minutesAgo = 5): ProjectDto {
  const at = new Date(now - minutesAgo * 60_000).toISOString();
  return {
    id,
    githubRepoId: 1,
    fullName: `octocat/${id}`,
    ownerLogin: 'octocat',
    name: id,
    isPrivate: false,
    cloneUrl: '',
    ownerGithubId: 1,
    createdAt: at,
    latestBuild: status && {
      projectId: id,
      number: 4,
      status,
      ref: 'refs/heads/main',
      sha: 'a'.repeat(40),
      message: 'Fix it',
      createdAt: at,
      startedAt: at,
      finishedAt: status === 'pending' ? null : at,
      progress: status === 'pending' ? 'running' : 'finished',
    },
    // Unknown, as for a project made before the default branch was kept: the newest build stands in.
    defaultBranch: null,
    defaultBranchBuild: null,
  };
}

/** A project whose default branch is `main`, whose newest build is `newest` on a feature branch. */
function withFeatureBranch(id: string, main: BuildStatus | null, newest: BuildStatus): ProjectDto {
  const onMain = project(id, main, 30).latestBuild;
  const feature = project(id, newest, 2).latestBuild!;
  return {
    ...project(id, newest, 2),
    latestBuild: { ...feature, number: 9, ref: 'fix-login' },
    defaultBranch: 'main',
    defaultBranchBuild: onMain && { ...onMain, ref: 'main' },
  };
}

function status(docker = true, webhooks = true): AppStatusDto {
  return {
    version: '1',
    host: 'desktop',
    dataDir: '/d',
    startedAt: '',
    docker: { reachable: docker, endpoint: '', version: null, apiVersion: null, problem: null },
    webhooks: { reachable: webhooks, publicUrl: null, checkedAt: '', problem: null },
    tunnel: { state: 'off', url: null, server: '', problem: null, retryAt: null },
    secrets: { kind: 'keychain', detail: 'gnome_libsecret' },
  };
}

function input(overrides: Partial<TrayInput> = {}): TrayInput {
  return { projects: [], running: [], status: status(), pausedUntil: null, startAtLogin: false, now, ...overrides };
}

const running = [{ jobId: 'new.4.1', projectId: 'new', buildNumber: 4, jobNumber: 1, name: 'Tests', startedAt: new Date(now - 75_000).toISOString() }];

function labels(menu: readonly TrayMenuItem[]): string[] {
  return menu.flatMap((item) => (item.type === 'separator' ? ['—'] : item.type === 'submenu' ? [item.label, ...labels(item.items)] : [item.label]));
}

describe('tray state', () => {
  it('is the most severe of broken, running, warning, good, muted', () => {
    const paused = new Date(now + 3_600_000).toISOString();
    expect(trayModel(input({ projects: [project('a', 'success')] })).state).toBe('good');
    expect(trayModel(input({ pausedUntil: paused })).state).toBe('muted');
    expect(trayModel(input({ status: status(false), pausedUntil: paused })).state).toBe('warning');
    expect(trayModel(input({ status: status(true, false), running })).state).toBe('running');
    expect(trayModel(input({ projects: [project('a', 'failure')], running, status: status(false) })).state).toBe('broken');
    expect(trayModel(input({ projects: [project('a', 'error')] })).state).toBe('broken');
  });

  it('forgets a pause once its time has passed', () => {
    expect(trayModel(input({ pausedUntil: new Date(now - 1000).toISOString() })).state).toBe('good');
  });
});

describe('tray tooltip', () => {
  it('sums up in one line', () => {
    const model = trayModel(input({ projects: [project('app', 'failure'), project('lib', 'success')], running }));
    expect(model.tooltip).toBe('Kozmic — 1 running · octocat/app main failing');
  });

  it('says what is wrong with Docker and webhooks, and that all is well otherwise', () => {
    expect(trayModel(input({ status: status(false, false) })).tooltip).toBe(
      'Kozmic — Docker is not reachable · GitHub cannot reach Kozmic',
    );
    expect(trayModel(input({ projects: [project('a', 'success')] })).tooltip).toBe('Kozmic — All builds passing');
  });
});

describe('tray menu', () => {
  it('lists projects by activity with their last result, running jobs, and the app items', () => {
    const model = trayModel(input({ projects: [project('old', 'success', 180), project('new', 'failure', 3)], running }));
    expect(labels(model.menu)).toEqual([
      'octocat/new main — failed 3 min ago',
      'octocat/old main — passed 3 h ago',
      '—',
      'Running',
      'octocat/new #4 Tests · 1 min',
      '—',
      'Open Kozmic',
      'Pause notifications',
      'For 1 hour',
      'Until tomorrow',
      'Start at login',
      '—',
      'Quit Kozmic',
    ]);
    expect(model.menu[0]).toMatchObject({ action: { kind: 'open-project', projectId: 'new' } });
    expect(model.menu[4]).toMatchObject({ action: { kind: 'open-job', projectId: 'new', buildNumber: 4, jobNumber: 1 } });
  });

  it('says a build is queued or running, and failing while its other jobs run', () => {
    const running = { ...project('a', 'failure'), latestBuild: { ...project('a', 'failure').latestBuild!, progress: 'running' as const } };
    const queued = { ...project('b', 'pending'), latestBuild: { ...project('b', 'pending').latestBuild!, progress: 'queued' as const } };
    expect(labels(trayModel(input({ projects: [running, queued] })).menu).slice(0, 2).sort()).toEqual([
      'octocat/a main — running, failing',
      'octocat/b main — queued',
    ]);
  });

  it("shows each project's default branch, not a feature branch built since", () => {
    const model = trayModel(input({ projects: [withFeatureBranch('app', 'success', 'failure')] }));
    expect(model.state).toBe('good');
    expect(model.tooltip).toBe('Kozmic — All builds passing');
    expect(labels(model.menu)[0]).toBe('octocat/app main — passed 30 min ago');
    const broken = trayModel(input({ projects: [withFeatureBranch('app', 'failure', 'success')] }));
    expect(broken.state).toBe('broken');
    expect(broken.tooltip).toBe('Kozmic — octocat/app main failing');
    expect(labels(trayModel(input({ projects: [withFeatureBranch('app', null, 'success')] })).menu)[0]).toBe(
      'octocat/app main — not built yet',
    );
  });

  it('offers to resume while paused, and shows start at login as checked', () => {
    const model = trayModel(input({ pausedUntil: new Date(now + 600_000).toISOString(), startAtLogin: true }));
    const items = model.menu.filter((item) => item.type === 'item');
    expect(items.find((i) => i.action.kind === 'resume')?.label).toMatch(/^Resume notifications \(paused until \d\d:\d\d\)$/);
    expect(items.find((i) => i.label === 'Start at login')).toMatchObject({ checked: true, action: { enabled: false } });
  });
});

describe('running jobs', () => {
  const job = (attempt: JobDto['attempts'][number]['status']): JobDto =>
    ({
      id: 'p.2.1',
      projectId: 'p',
      buildNumber: 2,
      number: 1,
      hookId: 'h',
      definition: { title: 'Unit tests' },
      deliveryId: null,
      attempts: [{ attempt: 1, status: attempt, queuedAt: '', startedAt: attempt === 'queued' ? null : '2026-12-03T11:59:00Z' }],
    }) as unknown as JobDto;

  it('follows job events: added while running, removed when it ends', () => {
    expect(withJob([], job('queued'))).toEqual([]);
    const started = withJob([], job('running'));
    expect(started).toEqual([{ jobId: 'p.2.1', projectId: 'p', buildNumber: 2, jobNumber: 1, name: 'Unit tests', startedAt: '2026-12-03T11:59:00Z' }]);
    expect(withJob(started, job('running'))).toHaveLength(1);
    expect(withJob(started, job('failure'))).toEqual([]);
  });
});
