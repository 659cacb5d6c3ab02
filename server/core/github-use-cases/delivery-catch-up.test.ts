// Catch-up reads only what it has not seen, fetches only what Kozmic missed, builds each delivery once,
// and never loses one that failed to load: against a scripted GitHub, the real store and the real intake.
import { describe, expect, it } from 'vitest';
import { openCoreStore } from '../../../test/fixtures/runner-harness.js';
import { sampleHook, sampleProject, tempDirs } from '../../../test/fixtures/store-fixtures.js';
import { EventBus } from '../event-bus.js';
import { ForgeError, type Forge, type HookDelivery, type Store, type WebhookEvent } from '../ports.js';
import { DeliveryCatchUp } from './delivery-catch-up.js';
import { Tokens } from './tokens.js';
import { WebhookIntake } from './webhook-intake.js';

const tempDir = tempDirs();
const now = Date.parse('2026-12-03T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString();
const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** GitHub as far as a hook's kept deliveries go; pages of `pageSize`, newest first, by cursor. */
function github(repoId: number, pageSize = 100) {
  const kept: { delivery: HookDelivery; repoId: number; sha: string }[] = [];
  const failing = new Set<number>();
  let refusing = false;
  const calls = { list: 0, get: 0 };
  const keep = (
    options: { event?: string; action?: string; hoursAgo?: number; guid?: string; redelivery?: boolean; repoId?: number } = {},
  ) => {
    const id = kept.length + 1;
    const delivery: HookDelivery = {
      id,
      guid: options.guid ?? `guid-${id}`,
      deliveredAt: hoursAgo(options.hoursAgo ?? 1),
      redelivery: options.redelivery ?? false,
      statusCode: 502,
      event: options.event ?? 'push',
      action: options.action ?? null,
    };
    kept.push({ delivery, repoId: options.repoId ?? repoId, sha: String(id).padStart(40, '0') });
    return delivery;
  };
  const forge = {
    async listHookDeliveries(_token: string, _repo: string, _hook: number, cursor: string | null) {
      calls.list++;
      if (refusing) throw new ForgeError('unauthorized', 'Bad credentials');
      const newestFirst = [...kept].reverse().map((k) => k.delivery);
      const start = cursor === null ? 0 : Number(cursor);
      const next = start + pageSize < newestFirst.length ? String(start + pageSize) : null;
      return { deliveries: newestFirst.slice(start, start + pageSize), nextCursor: next };
    },
    async getHookDelivery(_token: string, _repo: string, _hook: number, id: number) {
      calls.get++;
      if (failing.has(id)) throw new ForgeError('unavailable', 'GitHub could not be reached');
      const found = kept.find((k) => k.delivery.id === id)!;
      return { guid: found.delivery.guid, event: found.delivery.event, payload: JSON.stringify({ repoId: found.repoId, sha: found.sha }) };
    },
    parseWebhookEvent(_event: string | undefined, body: string): WebhookEvent {
      const { repoId: from, sha } = JSON.parse(body) as { repoId: number; sha: string };
      return {
        kind: 'build',
        repository: { githubId: from, fullName: 'octo/repo-1', defaultBranch: 'main' },
        commit: { sha, ref: 'main', message: 'A change', author: 'Octo', url: null, fetchRef: 'refs/heads/main' },
        needsCommitLookup: false,
        pullRequest: null,
      };
    },
  };
  return { keep, failing, calls, refuse: () => (refusing = true), forge: forge as unknown as Forge };
}

async function setUp(pageSize?: number) {
  const store: Store = await openCoreStore(await tempDir());
  const project = await store.createProject(sampleProject());
  const hook = await store.updateHook((await store.createHook(project.id, sampleHook())).id, { githubHookId: 5 });
  const secrets = new Map([[`github-token:${project.ownerGithubId}`, 'gho_token']]);
  const tokens = new Tokens({
    get: async (name) => secrets.get(name) ?? null,
    set: async () => undefined,
    delete: async () => undefined,
  });
  const gh = github(project.githubRepoId, pageSize);
  const queued: string[] = [];
  const intake = new WebhookIntake({
    store,
    tokens,
    forge: () => gh.forge,
    enqueue: (jobId) => void queued.push(jobId),
    created: async () => undefined,
    log,
  });
  const refused: number[] = [];
  const catchUp = new DeliveryCatchUp({
    store,
    tokens,
    forge: () => gh.forge,
    intake,
    events: new EventBus(() => undefined),
    log,
    tokenRefused: (_error, githubId) => void refused.push(githubId),
    now: () => now,
  });
  return { store, project, hook, gh, queued, intake, catchUp, refused };
}

describe('DeliveryCatchUp', () => {
  it('pages back to the last delivery it saw, fetching each missed one once', async () => {
    const { gh, queued, catchUp, store } = await setUp(100);
    for (let i = 0; i < 250; i++) gh.keep();
    expect(await catchUp.run('test')).toEqual({ queued: 250, fetched: 250 });
    expect(gh.calls).toEqual({ list: 3, get: 250 });
    expect(queued).toHaveLength(250);
    gh.keep();
    gh.keep();
    expect(await catchUp.run('test')).toEqual({ queued: 2, fetched: 2 });
    expect(gh.calls).toEqual({ list: 4, get: 252 });
    await store.close();
  });

  it('looks back a day the first time, and not again over what it passed', async () => {
    const { gh, catchUp, store } = await setUp();
    gh.keep({ hoursAgo: 30 });
    gh.keep({ hoursAgo: 2 });
    expect(await catchUp.run('test')).toEqual({ queued: 1, fetched: 1 });
    expect(await catchUp.run('test')).toEqual({ queued: 0, fetched: 0 });
    expect(gh.calls.get).toBe(1);
    await store.close();
  });

  it('skips what the intake already has, redeliveries, events and actions that never build, other repositories', async () => {
    const { gh, catchUp, intake, hook, store, project } = await setUp();
    const live = gh.keep();
    // Received live already (same delivery id), so never fetched.
    const request = await gh.forge.getHookDelivery('t', project.fullName, 5, live.id);
    await intake.receiveFetched(hook.id, request);
    gh.keep({ guid: live.guid, redelivery: true });
    gh.keep({ event: 'ping' });
    gh.keep({ event: 'pull_request', action: 'closed' });
    gh.keep({ repoId: 999 });
    const fetchedBefore = gh.calls.get;
    expect(await catchUp.run('test')).toEqual({ queued: 0, fetched: 1 });
    expect(gh.calls.get - fetchedBefore).toBe(1);
    expect((await store.listBuilds(project.id, 1, 10)).total).toBe(1);
    await store.close();
  });

  it('stops before a delivery it could not load, and loads it next time', async () => {
    const { gh, catchUp, store, hook } = await setUp();
    gh.keep();
    const flaky = gh.keep();
    gh.keep();
    gh.failing.add(flaky.id);
    expect(await catchUp.run('test')).toEqual({ queued: 1, fetched: 1 });
    expect(store.deliveryMark(hook.id)?.id).toBe(1);
    gh.failing.clear();
    expect(await catchUp.run('test')).toEqual({ queued: 2, fetched: 2 });
    await store.close();
  });

  it("asks the project's owner to sign in again when GitHub refuses their token", async () => {
    const { gh, catchUp, store, project, refused } = await setUp();
    gh.keep();
    gh.refuse();
    expect(await catchUp.run('test')).toEqual({ queued: 0, fetched: 0 });
    expect(refused).toEqual([project.ownerGithubId]);
    expect(store.deliveryMark((store.listHooks(project.id)[0]!).id)).toBeNull();
    await store.close();
  });
});
