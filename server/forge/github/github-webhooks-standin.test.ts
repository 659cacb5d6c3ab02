// End to end at the forge's edge: webhooks registered through GitHubForge on the GitHub stand-in,
// delivered to a real receiver, verified with verifyWebhookSignature and read with parseWebhookEvent.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedGitEnv } from '../../../test/fixtures/git-http-server.js';
import { startStandin, type Standin } from '../../../test/standin/standin.js';
import {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from '../../../test/standin/webhook-receiver.js';
import { GitHubForge } from './github-forge.js';
import { parseWebhookEvent, type WebhookEvent } from './webhook-event.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const run = promisify(execFile);
const SECRET = 'hook-secret-0f3c9a';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let standin: Standin;
let receiver: WebhookReceiver;
let forge: GitHubForge;
let token: string;
let hookId: number;
let work: string;

beforeAll(async () => {
  standin = await startStandin();
  receiver = await startWebhookReceiver();
  work = await mkdtemp(join(tmpdir(), 'kozmic-standin-work-'));
  standin.addUser('octocat', { name: 'The Octocat', email: 'octocat@example.com' });
  standin.addUser('contributor', { name: 'Con Tributor', email: 'con@example.com' });
  token = standin.issueToken('octocat');
  await standin.createRepo('octocat', 'app', { 'build.sh': '#!/bin/sh\necho "It works!"\n' });
  forge = new GitHubForge({ baseUrl: standin.url, clientId: null, clientSecret: null });
  const hook = await forge.createWebhook(token, 'octocat/app', {
    url: `${receiver.url}/hooks/github/h1`,
    secret: SECRET,
    events: ['push', 'pull_request'],
  });
  hookId = hook.id;
  await standin.deliveries.settled();
});

afterAll(async () => {
  await standin.close();
  await receiver.close();
  await rm(work, { recursive: true, force: true });
});

/** What Kozmic's endpoint will do with a delivery: check the signature, then read the event. */
async function accept(delivery: ReceivedWebhook | undefined): Promise<WebhookEvent> {
  if (!delivery) throw new Error('nothing was delivered');
  const signature = delivery.headers['x-hub-signature-256'];
  expect(await verifyWebhookSignature(SECRET, Buffer.from(delivery.body), signature)).toBe(true);
  const event = delivery.headers['x-github-event'];
  return parseWebhookEvent(typeof event === 'string' ? event : undefined, delivery.body);
}

/** Deliveries that arrive while `action` runs (and its webhooks settle). */
async function deliveriesOf(action: () => Promise<unknown> | void): Promise<ReceivedWebhook[]> {
  const before = receiver.received.length;
  await action();
  await standin.deliveries.settled();
  return receiver.received.slice(before);
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const auth = Buffer.from(`x-access-token:${token}`).toString('base64');
  const { stdout } = await run('git', ['-c', `http.extraHeader=Authorization: Basic ${auth}`, ...args], {
    cwd,
    env: isolatedGitEnv({ GIT_TERMINAL_PROMPT: '0' }),
  });
  return stdout.trim();
}

describe('GitHub stand-in webhooks', () => {
  it('pings a new hook, as GitHub does', async () => {
    const ping = receiver.received[0];
    expect(ping?.path).toBe('/hooks/github/h1');
    expect(ping?.headers['x-github-event']).toBe('ping');
    expect(await accept(ping)).toMatchObject({ kind: 'ping', hookId });
  });

  it('delivers a push as a signed webhook that reads as a build of the branch', async () => {
    let sha = '';
    const [delivery, ...rest] = await deliveriesOf(async () => {
      ({ sha } = await standin.push(
        'octocat/app',
        { 'build.sh': 'make test\n' },
        {
          message: 'Run the tests',
          author: { name: 'Anton Romanovich', email: 'anton@example.com' },
        },
      ));
    });
    expect(rest).toEqual([]);
    expect(delivery?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-hook-id': String(hookId),
    });
    expect(delivery?.headers['user-agent']).toMatch(/^GitHub-Hookshot\//);
    expect(delivery?.headers['x-github-delivery']).toMatch(GUID);
    expect(await accept(delivery)).toMatchObject({
      kind: 'build',
      repository: { fullName: 'octocat/app' },
      commit: {
        sha,
        ref: 'main',
        message: 'Run the tests',
        author: 'Anton Romanovich',
        fetchRef: 'refs/heads/main',
      },
      needsCommitLookup: false,
    });
    // Signed with this hook's secret only.
    expect(
      await verifyWebhookSignature(
        'another-secret',
        Buffer.from(delivery?.body ?? ''),
        delivery?.headers['x-hub-signature-256'],
      ),
    ).toBe(false);
    // The stand-in recorded the exchange.
    const record = standin.deliveries.all().find((d) => d.guid === delivery?.headers['x-github-delivery']);
    expect(record).toMatchObject({ event: 'push', hookId, response: { status: 202 } });
  });

  it('ignores tag pushes and branch deletions', async () => {
    const [tag] = await deliveriesOf(() => standin.pushTag('octocat/app', 'v1.0.0'));
    expect(await accept(tag)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/Tag/) });
    await standin.push('octocat/app', { 'x.txt': 'x\n' }, { branch: 'short-lived' });
    await standin.deliveries.settled();
    const [deletion] = await deliveriesOf(() => standin.deleteBranch('octocat/app', 'short-lived'));
    expect(await accept(deletion)).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/deleted/),
    });
  });

  it('delivers a pull request from a fork whose head is fetchable at refs/pull/<n>/head', async () => {
    await standin.forkRepo('octocat/app', 'contributor');
    const { sha } = await standin.push(
      'contributor/app',
      { 'README.md': 'Fixed a typo\n' },
      {
        branch: 'patch-1',
        message: 'Fix a typo',
      },
    );
    const [opened] = await deliveriesOf(() =>
      standin.openPullRequest('octocat/app', {
        headRepo: 'contributor/app',
        headBranch: 'patch-1',
        title: 'Fix a typo in the README',
        user: 'contributor',
      }),
    );
    const event = await accept(opened);
    expect(event).toMatchObject({
      kind: 'build',
      commit: {
        sha,
        ref: 'patch-1',
        message: 'Fix a typo in the README',
        author: 'contributor',
        fetchRef: 'refs/pull/1/head',
      },
      needsCommitLookup: true,
      pullRequest: { number: 1, action: 'opened', headRepository: 'contributor/app', fromFork: true },
    });

    // What Kozmic's source checkout will do: fetch the ref from the base repository with the token.
    const dir = join(work, 'fetch-pr');
    await run('git', ['init', '--quiet', dir], { env: isolatedGitEnv() });
    await git(dir, 'fetch', '--quiet', `${standin.url}/octocat/app.git`, 'refs/pull/1/head');
    expect(await git(dir, 'rev-parse', 'FETCH_HEAD')).toBe(sha);
    // And the commit lookup the PR payload asks for works in the base repository.
    expect(await forge.getCommit(token, 'octocat/app', sha)).toEqual({
      message: 'Fix a typo',
      author: 'Con Tributor',
    });
  });

  it("delivers synchronize when the pull request's branch moves", async () => {
    const deliveries = await deliveriesOf(() =>
      standin.synchronizePullRequest(
        'octocat/app',
        1,
        { 'README.md': 'Fixed two typos\n' },
        { message: 'Fix another typo' },
      ),
    );
    expect(deliveries.map((d) => d.headers['x-github-event'])).toEqual(['pull_request']); // the fork has no hooks
    const head = standin.repo('octocat/app')?.pulls.get(1)?.head.sha;
    expect(await accept(deliveries[0])).toMatchObject({
      kind: 'build',
      commit: { sha: head, ref: 'patch-1', fetchRef: 'refs/pull/1/head' },
      pullRequest: { action: 'synchronize' },
    });
    const [closed] = await deliveriesOf(() => standin.closePullRequest('octocat/app', 1));
    expect(await accept(closed)).toMatchObject({ kind: 'ignored' });
  });

  it('sends a push then a synchronize for the same ref and sha (§17 consecutive hook calls)', async () => {
    await standin.push('octocat/app', { 'feature.txt': 'v1\n' }, { branch: 'test' });
    await standin.openPullRequest('octocat/app', { headBranch: 'test', title: 'Branch commit' });
    await standin.deliveries.settled();
    const deliveries = await deliveriesOf(() =>
      standin.push('octocat/app', { 'feature.txt': 'v2\n' }, { branch: 'test' }),
    );
    const events = await Promise.all(deliveries.map(accept));
    expect(
      events.map((e) => e.kind === 'build' && [e.pullRequest?.action ?? 'push', e.commit.ref, e.commit.sha]),
    ).toEqual([
      ['push', 'test', expect.any(String)],
      ['synchronize', 'test', (events[0] as Extract<WebhookEvent, { kind: 'build' }>).commit.sha],
    ]);
  });

  it('redelivers with the same GUID', async () => {
    receiver.answer(500, 'boom');
    const [failed] = await deliveriesOf(() => standin.push('octocat/app', { 'y.txt': 'y\n' }));
    receiver.answer(202, 'Accepted');
    const guid = failed?.headers['x-github-delivery'];
    const record = standin.deliveries.all().find((d) => d.guid === guid);
    expect(record?.response?.status).toBe(500);

    // GitHub's API: list the hook's deliveries, then ask for another attempt.
    const api = `${standin.apiUrl}/repos/octocat/app/hooks/${hookId}/deliveries`;
    const headers = { authorization: `token ${token}` };
    const listed = (await (await fetch(api, { headers })).json()) as {
      id: number;
      guid: string;
      status_code: number;
    }[];
    expect(listed[0]).toMatchObject({ id: record?.id, guid, status_code: 500 });
    const [again] = await deliveriesOf(async () => {
      const answer = await fetch(`${api}/${record?.id}/attempts`, { method: 'POST', headers });
      expect(answer.status).toBe(202);
    });
    expect(again?.headers['x-github-delivery']).toBe(guid);
    expect(again?.body).toBe(failed?.body);
    expect(
      standin.deliveries
        .all()
        .filter((d) => d.guid === guid)
        .map((d) => [d.redelivery, d.response?.status]),
    ).toEqual([
      [false, 500],
      [true, 202],
    ]);
  });

  it('sends the push webhook for a real git push too', async () => {
    const dir = join(work, 'clone');
    await git(work, 'clone', '--quiet', `${standin.url}/octocat/app.git`, dir);
    await writeFile(join(dir, 'NOTES.md'), 'pushed with git\n');
    await git(dir, 'add', 'NOTES.md');
    await git(
      dir,
      '-c',
      'user.name=Octo Cat',
      '-c',
      'user.email=octo@example.com',
      'commit',
      '--quiet',
      '-m',
      'Notes [skip ci]',
    );
    const sha = await git(dir, 'rev-parse', 'HEAD');
    const [pushed] = await deliveriesOf(() => git(dir, 'push', '--quiet', 'origin', 'main'));
    expect(await accept(pushed)).toMatchObject({
      kind: 'skipped',
      marker: '[skip ci]',
      commit: { sha, ref: 'main', author: 'Octo Cat' },
    });
  });
});
