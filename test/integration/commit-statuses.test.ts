// Commit statuses as GitHub (the stand-in) receives them from the headless host, with real Docker,
// git and HTTP: a queued build is published at once, a restart posts nothing GitHub already accepted,
// and the "Details" link of every status leads to a page that names the build and leaks nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type {
  AuthStatusDto,
  BuildDto,
  BuildSummaryDto,
  HookDto,
  ProjectDto,
  RepositoryDto,
} from '../../server/contract/dto.js';
import { startStandin, type Standin } from '../standin/standin.js';
import type { StatusRecord } from '../standin/model.js';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';
import { freePort } from '../fixtures/free-port.js';

// Builds of the branch `slow` hold their job slot until cancelled; the others print and end.
const buildScript =
  '#!/bin/sh\nif [ "$KOZMIC_BRANCH" = slow ]; then sleep 600; fi\necho "log line of $KOZMIC_PROJECT"';

describe('commit statuses', () => {
  let standin: Standin;
  let app: HeadlessApp;
  let dataDir: string;
  let port: number;
  const projects = new Map<string, ProjectDto>();
  let events: { name: string; payload: unknown }[] = [];
  let socket: WebSocket | null = null;

  async function value<T>(name: string, args: unknown = {}): Promise<T> {
    const result = await app.call(name, args);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value as T;
  }

  const env = () => ({
    KOZMIC_PORT: String(port),
    KOZMIC_GITHUB_URL: standin.url,
    KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
    KOZMIC_GITHUB_CLIENT_SECRET: standin.clientSecret,
    KOZMIC_MAX_PARALLEL_JOBS: '1',
  });

  async function listen(): Promise<void> {
    events = [];
    socket = new WebSocket(`${app.url.replace('http', 'ws')}/api/events`, ['kozmic', `token.${app.token}`]);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; name: string; payload: unknown };
      if (frame.type === 'event') events.push(frame);
    });
    await new Promise((resolve, reject) => {
      socket!.once('open', resolve);
      socket!.once('error', reject);
    });
  }

  async function finishedBuild(repo: string, number: number): Promise<BuildDto> {
    for (;;) {
      const build = await value<BuildDto>('builds.get', { projectId: projects.get(repo)!.id, number });
      if (build.progress === 'finished') return build;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const statusesOf = (repo: string): StatusRecord[] => standin.repo(repo)!.statuses;
  const allStatuses = () => [...statusesOf('octocat/app'), ...statusesOf('octocat/secret')].length;

  beforeAll(async () => {
    standin = await startStandin({ deviceIntervalSeconds: 0 });
    standin.addUser('octocat');
    await standin.createRepo('octocat', 'app', { 'README.md': 'public\n' });
    await standin.createRepo('octocat', 'secret', { 'README.md': 'private\n' }, { private: true });
    port = await freePort();
    dataDir = await makeDataDir();
    app = await startHeadless(dataDir, env());
    const started = await value<AuthStatusDto>('auth.startDeviceFlow');
    standin.device.approve(started.deviceCode!.userCode, 'octocat');
    while ((await value<AuthStatusDto>('auth.status')).account?.login !== 'octocat') {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await value('settings.update', { publicUrl: `http://127.0.0.1:${app.webhookPort}` });
    const repos = await value<RepositoryDto[]>('repos.list', { refresh: true });
    for (const fullName of ['octocat/app', 'octocat/secret']) {
      const repo = repos.find((r) => r.fullName === fullName)!;
      const project = await value<ProjectDto>('projects.create', { githubRepoId: repo.githubId });
      projects.set(fullName, project);
      await value<HookDto>('hooks.save', {
        projectId: project.id,
        definition: {
          title: 'Tests',
          image: 'kozmic-test/busybox:1',
          installScript: '',
          buildScript,
          trackedFiles: [],
        },
      });
    }
    await standin.deliveries.settled();
    await listen();
  }, 60_000);

  afterAll(async () => {
    socket?.close();
    await app?.stop();
    if (dataDir) await removeDataDir(dataDir);
    await standin?.close();
  });

  it('publishes a queued build at once, with a pending status, while every job slot is busy', async () => {
    const app1 = projects.get('octocat/app')!;
    await standin.push('octocat/app', { 'a.txt': '1' }, { branch: 'slow', message: 'Holds the slot' });
    await expect
      .poll(async () => (await value<BuildDto>('builds.get', { projectId: app1.id, number: 1 })).progress, {
        timeout: 30_000,
      })
      .toBe('running');
    try {
      await queuedBuildIsPublished(app1);
    } finally {
      for (const number of [1, 2]) await app.call('jobs.cancel', { jobId: `${app1.id}.${number}.1` });
    }
  }, 90_000);

  async function queuedBuildIsPublished(app1: ProjectDto): Promise<void> {
    const { sha } = await standin.push('octocat/app', { 'b.txt': '2' }, { branch: 'slow', message: 'Waits' });
    await standin.deliveries.settled();
    const queued = events.find(
      (e) => e.name === 'build.changed' && (e.payload as BuildSummaryDto).number === 2,
    )?.payload as BuildSummaryDto | undefined;
    expect(queued).toMatchObject({
      projectId: app1.id,
      number: 2,
      sha,
      status: 'pending',
      progress: 'queued',
    });
    await expect
      .poll(() => statusesOf('octocat/app').filter((s) => s.sha === sha), { timeout: 5_000 })
      .toMatchObject([{ state: 'pending', description: 'Build #2 is queued in Kozmic', context: 'kozmic' }]);
    // Still waiting for the slot: the status came from the queue, not from a start.
    expect((await value<BuildDto>('builds.get', { projectId: app1.id, number: 2 })).progress).toBe('queued');
  }

  it('gives every status a Details link that names the build, and nothing of a private project', async () => {
    const { sha } = await standin.push('octocat/app', { 'c.txt': '3' }, { message: 'Public change' });
    const { sha: secretSha } = await standin.push(
      'octocat/secret',
      { 'd.txt': '4' },
      { message: 'Secret change' },
    );
    await standin.deliveries.settled();
    await finishedBuild('octocat/app', 3);
    await finishedBuild('octocat/secret', 1);
    const app1 = projects.get('octocat/app')!;
    const secret = projects.get('octocat/secret')!;
    await expect
      .poll(
        () =>
          statusesOf('octocat/app')
            .filter((s) => s.sha === sha)
            .at(-1)?.state,
      )
      .toBe('success');
    await expect
      .poll(
        () =>
          statusesOf('octocat/secret')
            .filter((s) => s.sha === secretSha)
            .at(-1)?.state,
      )
      .toBe('success');

    const link = statusesOf('octocat/app').find((s) => s.sha === sha)!.targetUrl!;
    expect(link).toBe(`http://127.0.0.1:${app.webhookPort}/projects/${app1.id}/builds/3`);
    const page = await fetch(link);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('octocat/app · build #3');
    expect(html).toContain(`href="kozmic://open/projects/${app1.id}/builds/3"`);
    expect(html).not.toContain('log line of');
    expect(html).not.toContain('<script');

    const secretLink = statusesOf('octocat/secret').find((s) => s.sha === secretSha)!.targetUrl!;
    const secretPage = await fetch(secretLink);
    const secretHtml = await secretPage.text();
    expect(secretPage.status).toBe(200);
    expect(secretHtml).toContain('A Kozmic build');
    expect(secretHtml).toContain(`kozmic://open/projects/${secret.id}/builds/1`);
    for (const leak of ['secret', 'octocat', 'Secret change', secretSha.slice(0, 7), 'log line of']) {
      expect(secretHtml).not.toContain(leak);
    }

    // Nothing else of the build or the interface is on this port.
    const base = `http://127.0.0.1:${app.webhookPort}`;
    expect((await fetch(`${base}/projects/${app1.id}/builds/99`)).status).toBe(404);
    expect((await fetch(`${base}/projects/${app1.id}/builds/3`, { method: 'POST' })).status).toBe(404);
    for (const path of ['/api/call/app.status', '/api/call/builds.get', '/index.html', '/api/events']) {
      const response = await fetch(`${base}${path}`, {
        method: path.startsWith('/api/call') ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
        body: path.startsWith('/api/call') ? JSON.stringify({ projectId: app1.id, number: 3 }) : undefined,
      });
      expect(response.status, path).toBe(404);
    }
  }, 90_000);

  it('posts nothing again after a restart when GitHub accepted every status', async () => {
    const before = allStatuses();
    socket?.close();
    await app.stop();
    app = await startHeadless(dataDir, env());
    await listen();
    // The catch-up after start-up runs at once; give it time to post whatever it would.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(allStatuses()).toBe(before);
  }, 60_000);

  it('posts a status that waited on disk exactly once after a restart', async () => {
    standin.faults.rateLimitedUntil = Date.now() + 3_600_000;
    const { sha } = await standin.push('octocat/app', { 'e.txt': '5' }, { message: 'While GitHub refuses' });
    await standin.deliveries.settled();
    await finishedBuild('octocat/app', 4);
    // Refused statuses wait on disk; nothing reached the stand-in.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(statusesOf('octocat/app').filter((s) => s.sha === sha)).toEqual([]);
    socket?.close();
    await app.stop();
    standin.faults.rateLimitedUntil = null;
    app = await startHeadless(dataDir, env());
    await expect
      .poll(() => statusesOf('octocat/app').filter((s) => s.sha === sha).length, { timeout: 10_000 })
      .toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(statusesOf('octocat/app').filter((s) => s.sha === sha)).toMatchObject([
      { state: 'success', description: 'Build #4 has passed' },
    ]);
  }, 90_000);
});
