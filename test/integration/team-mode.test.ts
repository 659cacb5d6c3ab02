// Team mode through the headless host's HTTP API and WebSocket, against the GitHub stand-in: people
// sign in per browser with GitHub, roles come from repository permissions (synced at creation, on
// demand and at every sign-in), and every command, event and live log is checked against them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type {
  AppStatusDto,
  AuthStatusDto,
  BadgeDto,
  BuildDto,
  HookDto,
  ProjectDto,
  ProjectMembersDto,
  RepositoryDto,
  TeamSignInDto,
  TeamSignInPollDto,
} from '../../server/contract/dto.js';
import { startStandin, type Standin } from '../standin/standin.js';
import { freePort } from '../fixtures/free-port.js';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';

type Answer = { status: number; ok: boolean; value?: unknown; error?: { code: string; message: string } };

const hookDefinition = {
  title: 'Tests',
  image: 'kozmic-test/busybox:1',
  installScript: '',
  buildScript: 'echo "team build"',
  trackedFiles: [],
};

describe('team mode', () => {
  let standin: Standin;
  let app: HeadlessApp;
  let dataDir: string;
  let webhookPort: number;
  let shared: ProjectDto;
  let secret: ProjectDto;
  const sessions: Record<string, string> = {};

  /** A call as the holder of `token` (the operator's start-up token, a session token, or none). */
  async function callAs(token: string | null, name: string, args: unknown = {}): Promise<Answer> {
    const response = await fetch(`${app.url}/api/call/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    });
    return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
  }

  async function valueAs<T>(token: string | null, name: string, args: unknown = {}): Promise<T> {
    const answer = await callAs(token, name, args);
    if (!answer.ok) throw new Error(`${name} failed: ${JSON.stringify(answer.error)}`);
    return answer.value as T;
  }

  const asOperator = <T>(name: string, args: unknown = {}) => valueAs<T>(app.token, name, args);

  /** A browser's sign-in: start, the person approves on the stand-in, poll until the session comes. */
  async function signInAs(login: string): Promise<string> {
    const started = await valueAs<TeamSignInDto>(null, 'session.start');
    expect(started.verificationUri).toBe(`${standin.url}/login/device`);
    expect(await valueAs<TeamSignInPollDto>(null, 'session.poll', { flowId: started.flowId })).toEqual({
      state: 'pending',
    });
    standin.device.approve(started.userCode, login);
    for (;;) {
      const poll = await valueAs<TeamSignInPollDto>(null, 'session.poll', { flowId: started.flowId });
      if (poll.state === 'signed-in') {
        expect(poll.account.login).toBe(login);
        return poll.sessionToken;
      }
      expect(poll.state).toBe('pending');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A sign-in GitHub approves but Kozmic refuses: the person has no role in any project. */
  async function signInRefused(login: string): Promise<string> {
    const started = await valueAs<TeamSignInDto>(null, 'session.start');
    standin.device.approve(started.userCode, login);
    for (;;) {
      const poll = await valueAs<TeamSignInPollDto>(null, 'session.poll', { flowId: started.flowId });
      if (poll.state === 'denied') return poll.message;
      expect(poll.state).toBe('pending');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function openSocket(token: string): Promise<{
    socket: WebSocket;
    frames: { name?: string; payload?: unknown; type: string; id?: string; message?: string }[];
    closed: Promise<number>;
  }> {
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/api/events`, ['kozmic', `token.${token}`]);
    const frames: { name?: string; payload?: unknown; type: string }[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data)) as { type: string }));
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve({ socket, frames, closed }));
      socket.once('error', reject);
    });
  }

  async function start(): Promise<void> {
    app = await startHeadless(dataDir, {
      KOZMIC_PORT: String(webhookPort),
      KOZMIC_GITHUB_URL: standin.url,
      KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
    });
  }

  beforeAll(async () => {
    standin = await startStandin({ deviceIntervalSeconds: 0 });
    for (const login of ['octocat', 'hubot', 'monalisa', 'mallory']) standin.addUser(login);
    await standin.createRepo(
      'octocat',
      'shared',
      { 'README.md': 'shared\n' },
      {
        collaborators: { hubot: 'write', monalisa: 'read' },
      },
    );
    await standin.createRepo('octocat', 'secret', { 'README.md': 'secret\n' }, { private: true });
    await standin.createRepo('hubot', 'tool', { 'README.md': 'tool\n' });
    dataDir = await makeDataDir();
    webhookPort = await freePort();
    await start();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (dataDir) await removeDataDir(dataDir);
    await standin?.close();
  });

  it('lets the operator sign in and create projects; members are read from GitHub at creation', async () => {
    const started = await asOperator<AuthStatusDto>('auth.startDeviceFlow');
    standin.device.approve(started.deviceCode!.userCode, 'octocat');
    await expect
      .poll(async () => (await asOperator<AuthStatusDto>('auth.status')).account?.login)
      .toBe('octocat');
    expect((await asOperator<AuthStatusDto>('auth.status')).access).toBe('operator');
    await asOperator('settings.update', { publicUrl: `http://127.0.0.1:${app.webhookPort}` });
    const repos = await asOperator<RepositoryDto[]>('repos.list', { refresh: true });
    const create = (name: string) =>
      asOperator<ProjectDto>('projects.create', {
        githubRepoId: repos.find((r) => r.fullName === name)!.githubId,
      });
    shared = await create('octocat/shared');
    secret = await create('octocat/secret');
    await asOperator<HookDto>('hooks.save', { projectId: shared.id, definition: hookDefinition });
    await asOperator<HookDto>('hooks.save', { projectId: secret.id, definition: hookDefinition });

    const members = await asOperator<ProjectMembersDto>('projects.members', { projectId: shared.id });
    expect(members.members.map((m) => [m.login, m.role])).toEqual([
      ['octocat', 'owner'],
      ['hubot', 'manager'],
      ['monalisa', 'member'],
    ]);
    expect(members.yourRole).toBe('owner');
    expect(members.syncedAt).not.toBeNull();
  });

  it('answers nothing but the sign-in without a token, and nothing at all with a wrong one', async () => {
    for (const name of ['projects.list', 'auth.status', 'app.status', 'settings.get']) {
      expect(await callAs(null, name)).toMatchObject({
        status: 401,
        ok: false,
        error: { code: 'unauthorized' },
      });
      expect(await callAs('not-a-session-token-at-all-0000000000', name)).toMatchObject({ status: 401 });
    }
    expect(await callAs('wrong-token-000000000000000000000000', 'session.start')).toMatchObject({
      status: 401,
    });
    const expired = await valueAs<TeamSignInPollDto>(null, 'session.poll', { flowId: 'nosuchflow' });
    expect(expired.state).toBe('expired');
  });

  it('signs people in per browser; the session token, never stored as such, lets them in', async () => {
    for (const login of ['hubot', 'monalisa']) sessions[login] = await signInAs(login);
    const status = await valueAs<AuthStatusDto>(sessions.hubot!, 'auth.status');
    expect(status).toMatchObject({ access: 'teammate', account: { login: 'hubot' }, deviceCode: null });
    const state = await readFile(join(dataDir, 'state.json'), 'utf8');
    for (const token of Object.values(sessions)) expect(state).not.toContain(token);
  });

  it('lets nobody in who has no role in any project: builds run code on this machine', async () => {
    expect(await signInRefused('mallory')).toContain('mallory has no access to any project');
  });

  it('shows each person only the projects they have a role in', async () => {
    const names = async (login: string) =>
      (await valueAs<ProjectDto[]>(sessions[login]!, 'projects.list')).map((p) => p.fullName);
    expect(await names('hubot')).toEqual(['octocat/shared']);
    expect(await names('monalisa')).toEqual(['octocat/shared']);

    expect((await asOperator<ProjectDto[]>('projects.list')).map((p) => p.fullName).sort()).toEqual([
      'octocat/secret',
      'octocat/shared',
    ]);
    expect(await callAs(sessions.hubot!, 'projects.get', { projectId: secret.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await callAs(sessions.hubot!, 'builds.list', { projectId: 'nosuchproject' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('lets a manager configure and restart but not delete; a member only looks', async () => {
    const hubot = sessions.hubot!;
    const monalisa = sessions.monalisa!;
    const [hook] = await valueAs<HookDto[]>(monalisa, 'hooks.list', { projectId: shared.id });
    const edit = {
      projectId: shared.id,
      hookId: hook!.id,
      definition: { ...hookDefinition, title: 'Edited' },
    };
    expect((await valueAs<HookDto>(hubot, 'hooks.save', edit)).title).toBe('Edited');
    expect(await callAs(monalisa, 'hooks.save', edit)).toMatchObject({ error: { code: 'forbidden' } });
    expect(await callAs(monalisa, 'hooks.restore', { projectId: shared.id })).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('you are a member') },
    });
    expect(await callAs(monalisa, 'projects.syncMembers', { projectId: shared.id })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await callAs(hubot, 'projects.delete', { projectId: shared.id })).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('owner') },
    });
    expect(await callAs(hubot, 'settings.update', { maxParallelJobs: 3 })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await callAs(hubot, 'auth.startDeviceFlow')).toMatchObject({ error: { code: 'forbidden' } });
    expect(
      (await valueAs<ProjectMembersDto>(hubot, 'projects.members', { projectId: shared.id })).yourRole,
    ).toBe('manager');

    // A real build, so restart and cancel act on a real job.
    await standin.push('octocat/shared', { 'README.md': 'second\n' }, { message: 'Second commit' });
    await standin.deliveries.settled();
    let build: BuildDto;
    for (;;) {
      build = await valueAs<BuildDto>(monalisa, 'builds.get', { projectId: shared.id, number: 1 });
      if (build.status !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(build.status).toBe('success');
    const jobId = build.jobs[0]!.id;
    expect(await callAs(monalisa, 'jobs.restart', { jobId })).toMatchObject({ error: { code: 'forbidden' } });
    expect(await callAs(monalisa, 'jobs.cancel', { jobId })).toMatchObject({ error: { code: 'forbidden' } });
    expect((await valueAs<{ attempts: unknown[] }>(hubot, 'jobs.restart', { jobId })).attempts).toHaveLength(
      2,
    );
    expect(await valueAs<{ text?: string }>(monalisa, 'logs.read', { jobId, attempt: 1 })).toBeTruthy();
    expect(await callAs(hubot, 'logs.read', { jobId: `${secret.id}.1.1` })).toMatchObject({
      error: { code: 'forbidden' },
    });
    // Searching a log is reading it: the same rule, over the same transport.
    const found = await valueAs<{ matches: { text: string }[] }>(monalisa, 'logs.search', {
      jobId,
      attempt: 1,
      query: 'Running the build script',
    });
    expect(found.matches.map((m) => m.text)).toEqual([expect.stringMatching(/^» Running the build script as /)]);
    for (const name of ['logs.search', 'logs.firstFailure'] as const) {
      const args = { jobId: `${secret.id}.1.1`, ...(name === 'logs.search' ? { query: 'x' } : {}) };
      expect(await callAs(hubot, name, args)).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it('sends each browser only the events and live logs of projects it may see', async () => {
    const hubot = await openSocket(sessions.hubot!);
    const monalisa = await openSocket(sessions.monalisa!);
    const operator = await openSocket(app.token);
    await asOperator('hooks.save', {
      projectId: secret.id,
      hookId: (await asOperator<HookDto[]>('hooks.list', { projectId: secret.id }))[0]!.id,
      definition: { ...hookDefinition, title: 'Secret change' },
    });
    await asOperator('hooks.save', {
      projectId: shared.id,
      hookId: (await asOperator<HookDto[]>('hooks.list', { projectId: shared.id }))[0]!.id,
      definition: { ...hookDefinition, title: 'Shared change' },
    });
    const titles = (frames: { name?: string; payload?: unknown }[]) =>
      frames.filter((f) => f.name === 'hook.changed').map((f) => (f.payload as HookDto).title);
    await expect.poll(() => titles(operator.frames)).toEqual(['Secret change', 'Shared change']);
    await expect.poll(() => titles(hubot.frames)).toEqual(['Shared change']);
    await expect.poll(() => titles(monalisa.frames)).toEqual(['Shared change']);
    expect(operator.frames.some((f) => f.name === 'hook.changed')).toBe(true);

    hubot.socket.send(
      JSON.stringify({ type: 'log.subscribe', id: 's', jobId: `${secret.id}.1.1`, fromSeq: 1 }),
    );
    await expect
      .poll(() => hubot.frames.find((f) => f.id === 's'))
      .toMatchObject({
        type: 'log.error',
        message: expect.stringContaining('no role'),
      });
    for (const s of [hubot, monalisa, operator]) s.socket.close();
  });

  it('follows GitHub: a sync on demand and each sign-in bring roles up to date', async () => {
    standin.repo('octocat/shared')!.collaborators.set('monalisa', 'write');
    standin.repo('octocat/shared')!.collaborators.delete('hubot');
    const synced = await valueAs<ProjectMembersDto>(app.token, 'projects.syncMembers', {
      projectId: shared.id,
    });
    expect(synced.members.map((m) => [m.login, m.role])).toEqual([
      ['octocat', 'owner'],
      ['monalisa', 'manager'],
    ]);
    expect(await valueAs<ProjectDto[]>(sessions.hubot!, 'projects.list')).toEqual([]);

    // Back on GitHub: hubot's next sign-in finds the access again without anyone syncing.
    standin.repo('octocat/shared')!.collaborators.set('hubot', 'read');
    const again = await signInAs('hubot');
    expect(
      (await valueAs<ProjectMembersDto>(again, 'projects.members', { projectId: shared.id })).yourRole,
    ).toBe('member');
    sessions.hubot = again;
  });

  it('lets a teammate create a project from a repository they administer, which they then own', async () => {
    const hubot = sessions.hubot!;
    const repos = await valueAs<RepositoryDto[]>(hubot, 'repos.list', { refresh: true });
    const own = repos.find((r) => r.fullName === 'hubot/tool')!;
    const tool = await valueAs<ProjectDto>(hubot, 'projects.create', { githubRepoId: own.githubId });
    expect(
      (await valueAs<ProjectMembersDto>(hubot, 'projects.members', { projectId: tool.id })).yourRole,
    ).toBe('owner');
    expect(await callAs(sessions.monalisa!, 'projects.get', { projectId: tool.id })).toMatchObject({
      error: { code: 'forbidden' },
    });
    await valueAs(hubot, 'projects.delete', { projectId: tool.id });
    expect(await asOperator<ProjectDto[]>('projects.list')).toHaveLength(2);
  });

  it("gives a member only what their screens use: no data folder, Docker endpoint or settings, no private project's badge token", async () => {
    const monalisa = sessions.monalisa!;
    const status = await valueAs<AppStatusDto>(monalisa, 'app.status');
    expect(status.dataDir).toBeNull();
    expect(status.docker.endpoint).toBeNull();
    expect(JSON.stringify(status)).not.toContain(dataDir);
    expect(typeof status.docker.reachable).toBe('boolean');
    const own = await asOperator<AppStatusDto>('app.status');
    expect(own.dataDir).toBe(dataDir);
    expect(own.docker.endpoint).not.toBeNull();
    expect(await callAs(monalisa, 'settings.get')).toMatchObject({
      status: 200,
      ok: false,
      error: { code: 'forbidden' },
    });

    const live = await openSocket(monalisa);
    const operatorLive = await openSocket(app.token);
    await asOperator('settings.update', { maxParallelJobs: 3 });
    await expect.poll(() => operatorLive.frames.some((f) => f.name === 'settings.changed')).toBe(true);
    expect(live.frames.some((f) => f.name === 'settings.changed')).toBe(false);
    for (const s of [live, operatorLive]) s.socket.close();

    await standin.createRepo(
      'octocat',
      'closed',
      { 'README.md': 'closed\n' },
      {
        private: true,
        collaborators: { hubot: 'write', monalisa: 'read' },
      },
    );
    const repos = await asOperator<RepositoryDto[]>('repos.list', { refresh: true });
    const closed = await asOperator<ProjectDto>('projects.create', {
      githubRepoId: repos.find((r) => r.fullName === 'octocat/closed')!.githubId,
    });
    const badge = await callAs(monalisa, 'projects.badge', { projectId: closed.id });
    expect(badge).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(JSON.stringify(badge)).not.toContain('token=');
    const managers = await valueAs<BadgeDto>(sessions.hubot!, 'projects.badge', { projectId: closed.id });
    expect(managers.imageUrl).toContain('token=');
    // A public project's badge holds no secret: anyone who may view it gets it.
    expect(await valueAs<BadgeDto>(monalisa, 'projects.badge', { projectId: shared.id })).toMatchObject({
      imageUrl: expect.not.stringContaining('token='),
    });
  });

  it('keeps sessions across a restart, and ends one at sign-out, closing its live connection', async () => {
    await app.stop();
    await start();
    expect((await valueAs<AuthStatusDto>(sessions.monalisa!, 'auth.status')).account?.login).toBe('monalisa');
    const live = await openSocket(sessions.monalisa!);
    const out = await valueAs<AuthStatusDto>(sessions.monalisa!, 'auth.signOut');
    expect(out.account).toBeNull();
    expect(await live.closed).toBe(4401);
    expect(await callAs(sessions.monalisa!, 'auth.status')).toMatchObject({ status: 401 });
    // The operator is untouched by a teammate's sign-out.
    expect((await asOperator<AuthStatusDto>('auth.status')).account?.login).toBe('octocat');
  });

  it("never takes a teammate's GitHub account for the operator's", async () => {
    expect((await asOperator<AuthStatusDto>('auth.signOut')).account).toBeNull();
    const session = await signInAs('hubot');
    expect((await asOperator<AuthStatusDto>('auth.status')).account).toBeNull();
    expect((await valueAs<AuthStatusDto>(session, 'auth.status')).account?.login).toBe('hubot');
    expect(await callAs(app.token, 'repos.list', {})).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
