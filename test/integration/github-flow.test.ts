// The whole GitHub path through the headless host, against the GitHub stand-in (real HTTP, real git,
// signed webhooks) and the real Docker engine: sign in, pick a repository, add hooks, push, build,
// statuses, a pull request from a fork, skip markers, redelivery, and project deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type {
  AuthStatusDto,
  BuildDto,
  BuildPageDto,
  HookDto,
  ProjectDto,
  RepositoryDto,
} from '../../server/contract/dto.js';
import type { LogPageDto, LogServerFrame } from '../../server/contract/log-stream.js';
import { startStandin, type Standin } from '../standin/standin.js';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';
import { freePort } from '../fixtures/free-port.js';

const buildScript = '#!/bin/sh\necho "building $KOZMIC_BRANCH"\ncat README.md';

describe('GitHub flow', () => {
  let standin: Standin;
  let app: HeadlessApp;
  let project: ProjectDto;
  const hooks: HookDto[] = [];

  async function value<T>(name: string, args: unknown = {}): Promise<T> {
    const result = await app.call(name, args);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value as T;
  }

  async function buildsTotal(): Promise<number> {
    return (await value<BuildPageDto>('builds.list', { projectId: project.id })).total;
  }

  async function finishedBuild(number: number): Promise<BuildDto> {
    for (;;) {
      const build = await value<BuildDto>('builds.get', { projectId: project.id, number });
      if (build.status !== 'pending') return build;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    standin = await startStandin({ deviceIntervalSeconds: 0 });
    standin.addUser('octocat', { name: 'The Octocat' });
    standin.addUser('hubot');
    await standin.createRepo('octocat', 'app', {
      'README.md': 'hello from the repo\n',
      'build.sh': buildScript,
    });
    await standin.forkRepo('octocat/app', 'hubot');
    const port = await freePort();
    app = await startHeadless(await makeDataDir(), {
      KOZMIC_PORT: String(port),
      KOZMIC_GITHUB_URL: standin.url,
      KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
      KOZMIC_GITHUB_CLIENT_SECRET: standin.clientSecret,
    });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (app) await removeDataDir(app.dataDir);
    await standin?.close();
  });

  it('signs in with the device flow', async () => {
    const started = await value<AuthStatusDto>('auth.startDeviceFlow');
    expect(started.deviceCode?.userCode).toMatch(/\w{4}-\w{4}/);
    expect(started.deviceCode?.verificationUri).toBe(`${standin.url}/login/device`);
    standin.device.approve(started.deviceCode!.userCode, 'octocat');
    await expect
      .poll(async () => (await value<AuthStatusDto>('auth.status')).account?.login, { timeout: 10_000 })
      .toBe('octocat');
  });

  it('refuses to add a hook before a public URL is set, keeping nothing', async () => {
    const repos = await value<RepositoryDto[]>('repos.list', { refresh: true });
    const repo = repos.find((r) => r.fullName === 'octocat/app')!;
    const scratch = await value<ProjectDto>('projects.create', { githubRepoId: repo.githubId });
    const refused = await app.call('hooks.save', {
      projectId: scratch.id,
      definition: {
        title: 'x',
        image: 'kozmic-test/busybox:1',
        installScript: '',
        buildScript,
        trackedFiles: [],
      },
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('public URL') },
    });
    expect(await value<HookDto[]>('hooks.list', { projectId: scratch.id })).toEqual([]);
    expect(standin.repo('octocat/app')!.hooks.size).toBe(0);
    await value('projects.delete', { projectId: scratch.id });
    await value('settings.update', { publicUrl: `http://127.0.0.1:${app.webhookPort}` });
  });

  it('lists the repositories and creates a project from one', async () => {
    const repos = await value<RepositoryDto[]>('repos.list', { refresh: true });
    const repo = repos.find((r) => r.fullName === 'octocat/app');
    expect(repo).toMatchObject({ canAdminister: true, projectId: null });
    project = await value<ProjectDto>('projects.create', { githubRepoId: repo!.githubId });
    expect(project).toMatchObject({ fullName: 'octocat/app', ownerLogin: 'octocat', defaultBranch: 'main', defaultBranchBuild: null });
    const again = await app.call('projects.create', { githubRepoId: repo!.githubId });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('adds two hooks, each a webhook on GitHub with its own secret', async () => {
    for (const title of ['Unit tests', 'Lint']) {
      hooks.push(
        await value<HookDto>('hooks.save', {
          projectId: project.id,
          definition: {
            title,
            image: 'kozmic-test/busybox:1',
            installScript: '',
            buildScript,
            trackedFiles: [],
          },
        }),
      );
    }
    const webhooks = [...standin.repo('octocat/app')!.hooks.values()];
    expect(webhooks).toHaveLength(2);
    expect(webhooks.map((w) => w.config.url).sort()).toEqual(
      hooks.map((h) => `http://127.0.0.1:${app.webhookPort}/hooks/github/${h.id}`).sort(),
    );
    expect(new Set(webhooks.map((w) => w.config.secret)).size).toBe(2);
    expect(webhooks.every((w) => w.events.includes('push') && w.events.includes('pull_request'))).toBe(true);
    await standin.deliveries.settled();
    const pings = standin.deliveries.all().filter((d) => d.event === 'ping');
    expect(pings.map((d) => d.response?.status)).toEqual([200, 200]);
  });

  it('builds a push: signed deliveries, one build with a job per hook, statuses queued, running, passed', async () => {
    const { sha } = await standin.push('octocat/app', { 'change.txt': 'one' }, { message: 'Change one' });
    await standin.deliveries.settled();
    const pushes = standin.deliveries.all().filter((d) => d.event === 'push');
    expect(pushes.map((d) => d.response?.status)).toEqual([202, 202]);
    expect(await buildsTotal()).toBe(1);
    const build = await finishedBuild(1);
    expect(build).toMatchObject({ status: 'success', sha, ref: 'main', message: 'Change one' });
    expect(build.jobs).toHaveLength(2);
    await expect
      .poll(() => standin.repo('octocat/app')!.statuses.filter((s) => s.sha === sha).at(-1)?.state, {
        timeout: 10_000,
      })
      .toBe('success');
    // Queued at once; "running" unless the job started before the queued status was read; each once.
    const descriptions = standin
      .repo('octocat/app')!
      .statuses.filter((s) => s.sha === sha)
      .map((s) => `${s.state}: ${s.description}`);
    expect(descriptions[0]).toMatch(/^pending: Build #1 is (queued in Kozmic|running)$/);
    expect(descriptions.at(-1)).toBe('success: Build #1 has passed');
    expect(new Set(descriptions).size).toBe(descriptions.length);
    const posted = standin.repo('octocat/app')!.statuses.find((s) => s.state === 'success')!;
    expect(posted).toMatchObject({ context: 'kozmic', description: 'Build #1 has passed' });
    // A push to the default branch is the project's standing build (the tray shows it).
    expect(await value<ProjectDto>('projects.get', { projectId: project.id })).toMatchObject({
      defaultBranchBuild: { number: 1, ref: 'main', status: 'success' },
    });
  });

  it('serves a job log as pages and over the WebSocket, resumable by sequence number', async () => {
    const build = await finishedBuild(1);
    const jobId = build.jobs[0]!.id;
    const page = await value<LogPageDto>('logs.read', { jobId });
    const whole = Buffer.from(page.data, 'base64');
    expect(page).toMatchObject({ start: 0, end: page.size });
    expect(whole.toString()).toContain('hello from the repo');

    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/api/events`, [
      'kozmic',
      `token.${app.token}`,
    ]);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const frames: LogServerFrame[] = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as LogServerFrame | { type: string };
      if (frame.type.startsWith('log.')) frames.push(frame as LogServerFrame);
    });
    const collect = async (id: string, fromSeq: number) => {
      socket.send(JSON.stringify({ type: 'log.subscribe', id, jobId, fromSeq }));
      await expect.poll(() => frames.some((f) => f.id === id && f.type === 'log.end')).toBe(true);
      return frames.filter(
        (f): f is Extract<LogServerFrame, { type: 'log.chunk' }> => f.id === id && f.type === 'log.chunk',
      );
    };
    const all = await collect('a', 1);
    expect(Buffer.concat(all.map((f) => Buffer.from(f.data, 'base64'))).equals(whole)).toBe(true);
    const rest = await collect('b', 3);
    expect(rest[0]?.seq).toBe(3);
    const seen = Buffer.concat(all.slice(0, 2).map((f) => Buffer.from(f.data, 'base64')));
    expect(Buffer.concat([seen, ...rest.map((f) => Buffer.from(f.data, 'base64'))]).equals(whole)).toBe(true);
    socket.send(JSON.stringify({ type: 'log.subscribe', id: 'c', jobId: 'nosuch.1.1', fromSeq: 1 }));
    await expect.poll(() => frames.find((f) => f.id === 'c')?.type).toBe('log.error');
    socket.close();
  });

  it('builds the head of a pull request from a fork', async () => {
    const { sha } = await standin.push(
      'hubot/app',
      { 'feature.txt': 'new' },
      { branch: 'feature', pusher: 'hubot' },
    );
    await standin.openPullRequest('octocat/app', {
      headRepo: 'hubot/app',
      headBranch: 'feature',
      title: 'Add a feature',
    });
    await standin.deliveries.settled();
    expect(await buildsTotal()).toBe(2);
    const build = await finishedBuild(2);
    const reasons = build.jobs.map((job) => job.attempts.at(-1)!.reason);
    expect({ ...build, reasons }).toMatchObject({ status: 'success', sha, ref: 'feature', reasons: [null, null] });
  });

  it('skips a pull request whose head commit message has a skip marker', async () => {
    const pull = [...standin.repo('octocat/app')!.pulls.values()][0]!;
    const { sha } = await standin.synchronizePullRequest(
      'octocat/app',
      pull.number,
      { 'wip.txt': 'x' },
      {
        message: 'Work in progress [ci skip]',
        pusher: 'hubot',
      },
    );
    await standin.deliveries.settled();
    expect(await buildsTotal()).toBe(3);
    const build = await finishedBuild(3);
    expect(build).toMatchObject({ sha, status: 'cancelled' });
    expect(build.jobs.map((job) => job.attempts.at(-1)!.reason)).toEqual([
      'Skipped: the commit message says [ci skip].',
      'Skipped: the commit message says [ci skip].',
    ]);
  });

  it('skips a commit marked [skip ci]', async () => {
    await standin.push('octocat/app', { 'docs.md': 'docs' }, { message: 'Docs only [skip ci]' });
    await standin.deliveries.settled();
    const last = standin.deliveries.all().at(-1)!;
    expect(last.response?.status).toBe(202);
    expect(last.response?.body).toContain('Skipped');
    expect(await buildsTotal()).toBe(3);
  });

  it('answers a redelivery without building twice', async () => {
    const original = standin.deliveries.all().find((d) => d.event === 'push')!;
    const response = await fetch(
      `${standin.apiUrl}/repos/octocat/app/hooks/${original.hookId}/deliveries/${original.id}/attempts`,
      { method: 'POST', headers: { authorization: `token ${standin.issueToken('octocat')}` } },
    );
    expect(response.status).toBeLessThan(300);
    await standin.deliveries.settled();
    const redelivered = standin.deliveries.all().at(-1)!;
    expect(redelivered).toMatchObject({ guid: original.guid, redelivery: true });
    expect(redelivered.response?.status).toBe(200);
    expect(await buildsTotal()).toBe(3);
  });

  it('re-points every webhook when the public URL changes', async () => {
    await value('settings.update', { publicUrl: `http://localhost:${app.webhookPort}` });
    await expect
      .poll(
        () => [...standin.repo('octocat/app')!.hooks.values()].map((w) => new URL(w.config.url).hostname),
        {
          timeout: 10_000,
        },
      )
      .toEqual(['localhost', 'localhost']);
    await standin.push('octocat/app', { 'again.txt': 'x' }, { message: 'After the move' });
    await standin.deliveries.settled();
    expect(standin.deliveries.all().at(-1)?.response?.status).toBe(202);
    expect(await buildsTotal()).toBe(4);
  });

  it('serves each branch\'s badge as SVG, "unknown" for a branch never built', async () => {
    const badge = async (branch: string, repo = 'octocat/app') => {
      const response = await fetch(
        `http://127.0.0.1:${app.webhookPort}/badges/${repo}.svg?branch=${encodeURIComponent(branch)}`,
      );
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        body: await response.text(),
      };
    };
    await finishedBuild(4);
    expect(await badge('main')).toMatchObject({
      status: 200,
      type: 'image/svg+xml; charset=utf-8',
      body: expect.stringContaining('passing'),
    });
    expect((await badge('feature')).body).toContain('cancelled');
    expect((await badge('never/built')).body).toContain('unknown');
    expect((await badge('main', 'octocat/nothing')).status).toBe(404);
    const snippet = await value<{ imageUrl: string; markdown: string }>('projects.badge', {
      projectId: project.id,
    });
    expect(snippet.imageUrl).toBe(`http://localhost:${app.webhookPort}/badges/octocat/app.svg?branch=main`);
    expect(snippet.markdown).toContain(snippet.imageUrl);
  });

  it('keeps the project when GitHub fails to delete its webhooks, and says why', async () => {
    // Let the last build finish and its statuses go out, so the injected failure meets the deletion.
    const last = await finishedBuild(4);
    await expect
      .poll(() =>
        standin
          .repo('octocat/app')!
          .statuses.filter((s) => s.sha === last.sha)
          .map((s) => s.state),
      )
      .toContain('success');
    standin.faults.failures.push(500);
    const refused = await app.call('projects.delete', { projectId: project.id });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('was kept') },
    });
    expect(await app.call('projects.get', { projectId: project.id })).toMatchObject({ ok: true });
    expect(standin.repo('octocat/app')!.hooks.size).toBeGreaterThan(0);
  });

  it('deletes the project and its webhooks', async () => {
    expect(await app.call('projects.delete', { projectId: project.id })).toEqual({ ok: true, value: null });
    expect(standin.repo('octocat/app')!.hooks.size).toBe(0);
    expect(await app.call('projects.get', { projectId: project.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
