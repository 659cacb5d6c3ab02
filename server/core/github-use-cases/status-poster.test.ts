// Commit statuses are never lost: one GitHub refused is kept in the store and posted after a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { StatusPoster } from './status-poster.js';
import { Tokens } from './tokens.js';
import type { CommitStatus, Forge, SecretStore } from '../ports.js';
import { ForgeError } from '../ports.js';
import { createFakeRunner, type FakeRunner } from '../../../test/fixtures/runner-harness.js';

let h: FakeRunner;
afterEach(async () => h?.close());

const secrets = (): SecretStore => {
  const values = new Map<string, string>([['github-token:1', 'gho_token']]);
  return {
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  };
};

/** GitHub as far as posting statuses goes: down until `up` is set. */
function github() {
  const posted: { sha: string; status: CommitStatus }[] = [];
  const forge = {
    up: false,
    async postCommitStatus(_token: string, _repo: string, sha: string, status: CommitStatus) {
      if (!forge.up) throw new ForgeError('unavailable', 'GitHub could not be reached');
      posted.push({ sha, status });
    },
  };
  return { forge, posted, asForge: () => forge as unknown as Forge };
}

describe('StatusPoster', () => {
  it('keeps a status GitHub refused, and posts it after a restart', async () => {
    h = await createFakeRunner();
    await h.scheduler.start();
    await h.queue({ buildScript: 'echo ok' }, '5'.repeat(40));
    await h.scheduler.whenIdle();
    const build = (await h.store.getBuild(h.projectId, 1))!;
    const tokens = new Tokens(secrets());
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const down = github();
    const first = new StatusPoster({
      store: h.store,
      tokens,
      forge: down.asForge,
      detailsUrl: (projectId, number) => `https://ci.example.test/projects/${projectId}/builds/${number}`,
      log,
      tokenRefused: () => undefined,
    });
    await first.buildChanged(build);
    first.close();
    expect(down.posted).toEqual([]);
    expect(Object.keys(h.store.listPendingStatuses())).toEqual([`${h.projectId}/1`]);

    const up = github();
    up.forge.up = true;
    const second = new StatusPoster({
      store: h.store,
      tokens,
      forge: up.asForge,
      detailsUrl: (projectId, number) => `https://ci.example.test/projects/${projectId}/builds/${number}`,
      log,
      tokenRefused: () => undefined,
    });
    await second.catchUp();
    // Posted once: the waiting status, not again as the project's newest build.
    expect(up.posted).toEqual([
      {
        sha: '5'.repeat(40),
        status: {
          state: 'success',
          context: 'kozmic',
          description: 'Build #1 has passed',
          targetUrl: `https://ci.example.test/projects/${h.projectId}/builds/1`,
        },
      },
    ]);
    expect(h.store.listPendingStatuses()).toEqual({});
    second.close();

    // A third start finds the status accepted and posts nothing.
    const third = new StatusPoster({
      store: h.store,
      tokens,
      forge: up.asForge,
      detailsUrl: () => null,
      log,
      tokenRefused: () => undefined,
    });
    await third.catchUp();
    expect(up.posted).toHaveLength(1);
    third.close();
  });

  it("posts a build's statuses in the order of its changes, however long GitHub takes for each", async () => {
    h = await createFakeRunner();
    await h.queue({ buildScript: 'echo ok' }, '6'.repeat(40));
    const queued = (await h.store.getBuild(h.projectId, 1))!;
    const posted: string[] = [];
    let calls = 0;
    const forge = {
      async postCommitStatus(_token: string, _repo: string, _sha: string, status: CommitStatus) {
        // The first post (queued) is slow to be accepted; the next one is quick.
        if (calls++ === 0) await new Promise((resolve) => setTimeout(resolve, 300));
        posted.push(status.description ?? '');
      },
    };
    const poster = new StatusPoster({
      store: h.store,
      tokens: new Tokens(secrets()),
      forge: () => forge as unknown as Forge,
      detailsUrl: () => null,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      tokenRefused: () => undefined,
    });
    const first = poster.buildChanged(queued);
    await h.scheduler.start();
    await h.scheduler.whenIdle();
    await poster.buildChanged((await h.store.getBuild(h.projectId, 1))!);
    await first;
    expect(posted).toEqual(['Build #1 is queued in Kozmic', 'Build #1 has passed']);
    poster.close();
  });
});
