// Team-server sign-in and sessions, on a real store in a temporary data dir, with GitHub scripted at
// the Forge port (the stand-in covers the real HTTP path in test/integration/team-mode.test.ts).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Repositories } from '../github-use-cases/repositories.js';
import type { SignIn } from '../github-use-cases/sign-in.js';
import { Tokens } from '../github-use-cases/tokens.js';
import type { DevicePoll, Forge, ForgeRepository, SecretStore, Store } from '../ports.js';
import { Access } from './access.js';
import { GitHubAccounts } from '../github-use-cases/github-accounts.js';
import { Members } from './members.js';
import { TeamSessions } from './team-sessions.js';
import { openCoreStore } from '../../../test/fixtures/runner-harness.js';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const permissions = (push: boolean) => ({ admin: false, maintain: false, push, triage: false, pull: true });

function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  };
}

/** GitHub's device flow and user lookup, answering from a script. */
function scriptedGitHub() {
  const github = {
    polls: 0,
    answers: [] as DevicePoll[],
    repositories: [] as ForgeRepository[],
    startDeviceFlow: async () => ({
      deviceCode: `device-${Math.random()}`,
      userCode: 'ABCD-1234',
      verificationUri: 'https://github.example/login/device',
      expiresInSeconds: 900,
      intervalSeconds: 5,
    }),
    pollDeviceFlow: async (): Promise<DevicePoll> => {
      github.polls += 1;
      return github.answers.shift() ?? { kind: 'pending' };
    },
    currentUser: async () => ({ githubId: 42, login: 'hubot', name: null, avatarUrl: null, email: null }),
    listRepositories: async () => {
      // Lets a test act while this sign-in is between GitHub's approval and its new session.
      await github.listing;
      return github.repositories;
    },
    listing: Promise.resolve() as Promise<unknown>,
  };
  return github;
}

const appRepository = (push: boolean): ForgeRepository => ({
  githubId: 7,
  fullName: 'octocat/app',
  ownerLogin: 'octocat',
  name: 'app',
  isPrivate: false,
  cloneUrl: '',
  htmlUrl: '',
  defaultBranch: 'main',
  permissions: permissions(push),
});

describe('TeamSessions', () => {
  let dir: string;
  let store: Store;
  let secrets: ReturnType<typeof memorySecrets>;
  let github: ReturnType<typeof scriptedGitHub>;
  let clock: number;
  let sessions: TeamSessions;
  let projectId: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kozmic-sessions-'));
    store = await openCoreStore(dir);
    secrets = memorySecrets();
    github = scriptedGitHub();
    clock = Date.parse('2026-01-01T00:00:00Z');
    projectId = (
      await store.createProject({
        githubRepoId: 7,
        fullName: 'octocat/app',
        ownerLogin: 'octocat',
        name: 'app',
        isPrivate: false,
        cloneUrl: 'https://github.example/octocat/app.git',
        ownerGithubId: 1,
      })
    ).id;
    github.repositories = [appRepository(true)];
    const tokens = new Tokens(secrets);
    const forge = () => github as unknown as Forge;
    const signIn = { account: async () => null, tokenRefused: () => undefined } as unknown as SignIn;
    const accounts = new GitHubAccounts({ store, tokens, signIn, log });
    const repositories = new Repositories(store, accounts, forge);
    const members = new Members({ store, forge, accounts, access: new Access(store) });
    sessions = new TeamSessions({
      store,
      tokens,
      forge,
      repositories,
      members,
      log,
      githubUrl: () => 'https://github.example',
      canSignIn: true,
      now: () => clock,
    });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function signIn(): Promise<string> {
    const { flowId } = await sessions.start();
    github.answers.push({ kind: 'token', token: 'gho_hubot' });
    const result = await sessions.poll(flowId);
    if (result.state !== 'signed-in') throw new Error(`not signed in: ${JSON.stringify(result)}`);
    return result.sessionToken;
  }

  it('asks GitHub at most once per interval however often the browser polls, and obeys slow_down', async () => {
    const { flowId, intervalSeconds } = await sessions.start();
    expect(intervalSeconds).toBe(5);
    github.answers.push({ kind: 'slow_down', intervalSeconds: 10 });
    expect(await sessions.poll(flowId)).toEqual({ state: 'pending' });
    for (let i = 0; i < 5; i++) expect(await sessions.poll(flowId)).toEqual({ state: 'pending' });
    expect(github.polls).toBe(1);
    clock += 9_000;
    await sessions.poll(flowId);
    expect(github.polls).toBe(1);
    clock += 1_000;
    await sessions.poll(flowId);
    expect(github.polls).toBe(2);
  });

  it('reports a denied or expired code, and forgets the flow', async () => {
    const denied = await sessions.start();
    github.answers.push({ kind: 'denied' });
    expect(await sessions.poll(denied.flowId)).toMatchObject({ state: 'denied' });
    expect(await sessions.poll(denied.flowId)).toMatchObject({ state: 'expired' });
    const late = await sessions.start();
    clock += 901_000;
    expect(await sessions.poll(late.flowId)).toMatchObject({ state: 'expired' });
    expect(github.polls).toBe(1);
  });

  it('bounds the sign-ins waiting at once, freeing expired ones', async () => {
    const started = [];
    for (let i = 0; i < 64; i++) started.push(await sessions.start());
    await expect(sessions.start()).rejects.toMatchObject({ code: 'unavailable' });
    // Still asked after, so not abandoned; freed once expired.
    for (let minute = 1; minute <= 15; minute++) {
      clock += 60_000;
      for (const flow of started) await sessions.poll(flow.flowId);
    }
    clock += 1_000;
    await expect(sessions.start()).resolves.toMatchObject({ userCode: 'ABCD-1234' });
  });

  it('stores only a hash of the session token, which then names the teammate', async () => {
    const token = await signIn();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await store.close();
    const state = await readFile(join(dir, 'state.json'), 'utf8');
    expect(state).not.toContain(token);
    expect(state).not.toContain('gho_hubot');
    store = await openCoreStore(dir);
  });

  it('lets a session lapse 30 days after its last use, and slides it on use', async () => {
    const token = await signIn();
    expect(await sessions.callerOf(token)).toMatchObject({ kind: 'teammate', githubId: 42 });
    clock += 29 * 86_400_000;
    expect(await sessions.callerOf(token)).not.toBeNull();
    clock += 29 * 86_400_000;
    expect(await sessions.callerOf(token)).not.toBeNull();
    clock += 31 * 86_400_000;
    expect(await sessions.callerOf(token)).toBeNull();
    expect(await sessions.callerOf(token)).toBeNull();
    expect(await sessions.callerOf('made-up')).toBeNull();
  });

  it('forgets the GitHub token with the last session, and ends sessions whose token is gone', async () => {
    const first = await signIn();
    const second = await signIn();
    const caller = (await sessions.callerOf(first))!;
    if (caller.kind !== 'teammate') throw new Error('expected a teammate');
    await sessions.end(caller);
    expect(await sessions.callerOf(first)).toBeNull();
    expect(secrets.values.get('github-token:42')).toBe('gho_hubot');
    const other = (await sessions.callerOf(second))!;
    if (other.kind !== 'teammate') throw new Error('expected a teammate');
    await sessions.end(other);
    expect(secrets.values.has('github-token:42')).toBe(false);

    const third = await signIn();
    secrets.values.delete('github-token:42');
    expect(await sessions.callerOf(third)).toBeNull();
  });

  it('gives the person their role in existing projects from their repositories at sign-in', async () => {
    await signIn();
    expect(store.getMembers(projectId).members).toEqual([
      { githubId: 42, login: 'hubot', avatarUrl: null, role: 'manager' },
    ]);
    github.repositories = [appRepository(false)];
    await signIn();
    expect(store.getMembers(projectId).members.map((m) => m.role)).toEqual(['member']);
  });

  it('lets nobody in who has no role in any project, and keeps no token of theirs', async () => {
    github.repositories = [];
    const { flowId } = await sessions.start();
    github.answers.push({ kind: 'token', token: 'gho_stranger' });
    expect(await sessions.poll(flowId)).toMatchObject({
      state: 'denied',
      message: expect.stringContaining('hubot has no access to any project'),
    });
    expect(store.getMembers(projectId).members).toEqual([]);
    expect(secrets.values.has('github-token:42')).toBe(false);
  });

  it('reads roles again while a session is used', async () => {
    const token = await signIn();
    github.repositories = [appRepository(false)];
    clock += 2 * 60 * 60_000;
    await sessions.callerOf(token);
    await expect.poll(() => store.getMembers(projectId).members.map((m) => m.role)).toEqual(['member']);
  });

  it('keeps the token of someone signing in elsewhere while they sign out here', async () => {
    const first = (await sessions.callerOf(await signIn()))!;
    let release: () => void = () => undefined;
    github.listing = new Promise((resolve) => (release = () => resolve(undefined)));
    const { flowId } = await sessions.start();
    github.answers.push({ kind: 'token', token: 'gho_hubot_2' });
    const second = sessions.poll(flowId);
    await expect.poll(() => secrets.values.get('github-token:42')).toBe('gho_hubot_2');
    if (first.kind !== 'teammate') throw new Error('expected a teammate');
    await sessions.end(first);
    release();
    const result = await second;
    expect(result.state).toBe('signed-in');
    expect(await sessions.callerOf((result as { sessionToken: string }).sessionToken)).not.toBeNull();
  });

  it('keeps the token of a project owner who signs out: their project still needs it', async () => {
    const caller = (await sessions.callerOf(await signIn()))!;
    await store.createProject({
      githubRepoId: 8,
      fullName: 'hubot/tool',
      ownerLogin: 'hubot',
      name: 'tool',
      isPrivate: true,
      cloneUrl: 'https://github.example/hubot/tool.git',
      ownerGithubId: 42,
    });
    if (caller.kind !== 'teammate') throw new Error('expected a teammate');
    await sessions.end(caller);
    expect(secrets.values.get('github-token:42')).toBe('gho_hubot');
  });

  it('takes the slot before asking GitHub, so a burst cannot pass the limit; abandoned sign-ins free theirs', async () => {
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => sessions.start()));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(64);
    await expect(sessions.start()).rejects.toMatchObject({ code: 'unavailable' });
    clock += 121_000;
    await expect(sessions.start()).resolves.toMatchObject({ userCode: 'ABCD-1234' });
  });

  it('ends expired sessions at the sweep, and forgets the tokens nothing needs any more', async () => {
    await signIn();
    clock += 31 * 86_400_000;
    await sessions.sweep();
    expect(store.countSessionsOf(42)).toBe(0);
    expect(secrets.values.has('github-token:42')).toBe(false);
  });

  it("reads a project owner's own access at their sign-in, and lets nobody in whom GitHub dropped", async () => {
    const owned = await store.createProject({
      githubRepoId: 9,
      fullName: 'hubot/tool',
      ownerLogin: 'hubot',
      name: 'tool',
      isPrivate: false,
      cloneUrl: 'https://github.example/hubot/tool.git',
      ownerGithubId: 42,
    });
    github.repositories = [{ ...appRepository(true), githubId: 9, fullName: 'hubot/tool' }];
    await signIn();
    expect(store.getMembers(owned.id).ownerAccess).toBe('manager');
    github.repositories = [];
    const { flowId } = await sessions.start();
    github.answers.push({ kind: 'token', token: 'gho_hubot' });
    expect(await sessions.poll(flowId)).toMatchObject({ state: 'denied' });
    expect(store.getMembers(owned.id).ownerAccess).toBe('none');
  });
});
