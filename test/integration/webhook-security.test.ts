// The webhook endpoint against hostile and broken requests: nothing is stored unless the request is
// signed with the hook's own secret and is a build GitHub would send; nothing crashes it.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../server/core/ports.js';
import { createWebhookHarness, type WebhookHarness } from './webhook-harness.js';

let h: WebhookHarness;
beforeAll(async () => {
  h = await createWebhookHarness();
});
afterAll(async () => h.close());

const sha = (n: number) => n.toString(16).padStart(40, 'a');
/** A few seconds in `npm test`; KOZMIC_WEBHOOK_ABUSE=large for the long run (README, "Tests"). */
const large = process.env.KOZMIC_WEBHOOK_ABUSE === 'large';
const fuzzRequests = large ? 20_000 : 1_000;
const replayExamples = large ? Infinity : 40;
const replayRounds = large ? 3 : 1;
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as readonly {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}[];
const headersFor = (body: string, extra: Record<string, string> = {}) => ({
  'x-github-event': 'push',
  'x-github-delivery': randomUUID(),
  'x-hub-signature-256': h.sign(body),
  ...extra,
});

describe('webhook security', () => {
  it('accepts a signed push with 202, once, and learns the default branch it names', async () => {
    const payload = h.pushPayload(sha(1));
    const body = JSON.stringify(payload);
    const headers = headersFor(body);
    const before = await h.core.dispatch('projects.get', { projectId: h.projectId }, operator);
    expect(before).toMatchObject({ ok: true, value: { defaultBranch: null } });
    expect((await h.send(body, headers)).status).toBe(202);
    expect(await h.builds()).toBe(1);
    const after = await h.core.dispatch('projects.get', { projectId: h.projectId }, operator);
    const named = (payload.repository as { default_branch: string }).default_branch;
    expect(after).toMatchObject({ ok: true, value: { defaultBranch: named } });
    const replay = await h.send(body, headers);
    expect(replay).toMatchObject({ status: 200, body: expect.stringContaining('Already received') });
    expect(await h.builds()).toBe(1);
  });

  it.each([
    ['no signature', (body: string) => headersFor(body, { 'x-hub-signature-256': '' })],
    ['a wrong signature', (body: string) => headersFor(body, { 'x-hub-signature-256': h.sign(`${body} `) })],
    ['another secret', (body: string) => headersFor(body, { 'x-hub-signature-256': h.sign(body, 'other') })],
    [
      'sha1 only',
      (body: string) => ({
        ...headersFor(body, { 'x-hub-signature': 'sha1=abc' }),
        'x-hub-signature-256': '',
      }),
    ],
  ])('refuses %s with 401 and stores nothing', async (_name, headers) => {
    const body = JSON.stringify(h.pushPayload(sha(2)));
    const answer = await h.send(body, headers(body));
    expect(answer.status).toBe(401);
    expect(await h.builds()).toBe(1);
  });

  it('checks the signature over the bytes received: a signed body that is not UTF-8 is malformed (400), not forged (401)', async () => {
    const body = Buffer.concat([
      Buffer.from('{"ref":"refs/heads/main","zen":"'),
      Buffer.from([0xff, 0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const answer = await h.send(body, {
      'x-github-event': 'push',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': h.sign(body),
    });
    expect(answer).toMatchObject({ status: 400, body: expect.stringContaining('not valid UTF-8') });
    expect(await h.builds()).toBe(1);
  });

  it('answers 404 for an unknown hook and 405 for a GET', async () => {
    const body = JSON.stringify(h.pushPayload(sha(3)));
    const unknown = await fetch(h.url.replace(h.hookId, 'nosuchhook'), {
      method: 'POST',
      body,
      headers: headersFor(body),
    });
    expect(unknown.status).toBe(404);
    expect((await fetch(h.url)).status).toBe(405);
  });

  it('refuses an oversized body with 413', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(6 * 1024 * 1024) });
    expect((await h.send(body, headersFor(body))).status).toBe(413);
  });

  it('answers malformed JSON with 400, even when signed', async () => {
    const body = '{"ref": "refs/heads/main", ';
    expect((await h.send(body, headersFor(body))).status).toBe(400);
    expect(await h.builds()).toBe(1);
  });

  it('acknowledges and ignores other events, tag pushes and branch deletions', async () => {
    const issue = JSON.stringify({ action: 'opened', issue: { number: 1 } });
    expect((await h.send(issue, headersFor(issue, { 'x-github-event': 'issues' }))).status).toBe(202);
    const tag = JSON.stringify({ ...h.pushPayload(sha(4)), ref: 'refs/tags/v1.0' });
    expect((await h.send(tag, headersFor(tag))).status).toBe(202);
    const deletion = JSON.stringify({
      ...h.pushPayload(sha(5)),
      deleted: true,
      head_commit: null,
      after: '0'.repeat(40),
    });
    expect((await h.send(deletion, headersFor(deletion))).status).toBe(202);
    expect(await h.builds()).toBe(1);
  });

  it('refuses a signed push to an empty branch name with 400 and the reason, and builds nothing', async () => {
    const body = JSON.stringify({ ...h.pushPayload(sha(9)), ref: 'refs/heads/' });
    const answer = await h.send(body, headersFor(body));
    expect(answer).toMatchObject({
      status: 400,
      body: expect.stringContaining('is not a valid git ref name'),
    });
    expect(await h.builds()).toBe(1);
  });

  it('refuses a delivery for another repository', async () => {
    const payload = h.pushPayload(sha(6));
    (payload.repository as Record<string, unknown>).id = 42;
    const body = JSON.stringify(payload);
    expect((await h.send(body, headersFor(body))).status).toBe(400);
    expect(await h.builds()).toBe(1);
  });

  it("replays GitHub's example deliveries six ways: only a signed first delivery may build", async () => {
    const all = examples.flatMap((group) =>
      group.examples.map((payload) => ({ event: group.name, payload })),
    );
    // An even sample in `npm test`; every example, several rounds, in the large run.
    const step = Math.max(1, Math.floor(all.length / replayExamples));
    const deliveries = all.filter((_, i) => i % step === 0);
    const before = await h.builds();
    let queued = 0;
    const replayOne = async ({ event, payload }: { event: string; payload: Record<string, unknown> }) => {
      const body = JSON.stringify(payload);
      const signed = {
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': h.sign(body),
      };
      const first = await h.send(body, signed);
      expect(first.status, `${event}: ${first.body}`).toBeLessThan(500);
      if (first.status === 202 && first.body.includes('queued')) queued++;
      const again = await h.send(body, signed); // the same delivery twice
      expect(again.status).toBeLessThan(500);
      if (first.status === 202 && first.body.includes('queued'))
        expect(again.body).toContain('Already received');
      const otherEvent = event === 'push' ? 'pull_request' : 'push';
      const wrongEvent = await h.send(body, {
        ...signed,
        'x-github-delivery': randomUUID(),
        'x-github-event': otherEvent,
      });
      expect(wrongEvent.status).toBeLessThan(500);
      expect(wrongEvent.body).not.toContain('queued');
      const refusedWays: Record<string, string>[] = [
        { 'x-github-event': event, 'x-github-delivery': randomUUID() },
        {
          ...signed,
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': h.sign(body, 'not-the-secret'),
        },
        {
          'x-github-event': event,
          'x-github-delivery': randomUUID(),
          'x-hub-signature': `sha1=${'a'.repeat(40)}`,
        },
      ];
      for (const headers of refusedWays) expect((await h.send(body, headers)).status).toBe(401);
    };
    for (let round = 0; round < replayRounds; round++) {
      for (let i = 0; i < deliveries.length; i += 10)
        await Promise.all(deliveries.slice(i, i + 10).map(replayOne));
    }
    // Some examples are pushes to this project's repository: each builds once, from its signed delivery.
    expect(await h.builds()).toBe(before + queued);
  }, 600_000);

  it(`survives ${fuzzRequests} generated requests with no crash and no build`, async () => {
    const before = await h.builds();
    const random = seeded(20261127);
    const base = JSON.stringify(h.pushPayload(sha(7)));
    const statuses = new Map<number, number>();
    const generate = (i: number): { body: string; headers: Record<string, string> } => {
      switch (i % 5) {
        case 0: // random bytes, unsigned
          return {
            body: randomText(random, 0, 2000),
            headers: { 'x-github-event': printable(random, 0, 20) },
          };
        case 1: // random JSON, signed with the right secret
          return signed(JSON.stringify(randomJson(random, 4)), random);
        case 2: // a real push cut short, signed
          return signed(base.slice(0, Math.floor(random() * base.length)), random);
        case 3: {
          // a real push with a required field broken, signed
          const payload = JSON.parse(base) as Record<string, unknown>;
          const field = ['ref', 'repository', 'head_commit', 'after'][Math.floor(random() * 4)]!;
          payload[field] = randomJson(random, 1);
          if (field === 'after' || field === 'head_commit') payload.head_commit = randomJson(random, 0);
          return signed(JSON.stringify(payload), random);
        }
        default: // hostile headers on a real body
          return {
            body: base,
            headers: {
              'x-github-event': ['push', 'ping', '', 'PUSH', '../../etc'][Math.floor(random() * 5)]!,
              'x-github-delivery': printable(random, 0, 200),
              'x-hub-signature-256': `sha256=${printable(random, 0, 70)}`,
            },
          };
      }
    };
    const signed = (body: string, random: () => number) => ({
      body,
      headers: {
        'x-github-event': random() < 0.8 ? 'push' : 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': h.sign(body),
      },
    });
    for (let i = 0; i < fuzzRequests; i += 50) {
      const batch = Array.from({ length: 50 }, (_, k) => generate(i + k));
      const answers = await Promise.all(batch.map((request) => h.send(request.body, request.headers)));
      for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect([...statuses.values()].reduce((a, b) => a + b)).toBe(fuzzRequests);
    expect(await h.builds()).toBe(before);
    const alive = JSON.stringify(h.pushPayload(sha(8)));
    expect((await h.send(alive, headersFor(alive))).status).toBe(202);
  }, 120_000);
});

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomText(random: () => number, min: number, max: number): string {
  const length = min + Math.floor(random() * (max - min));
  return Array.from({ length }, () => String.fromCharCode(Math.floor(random() * 0x7f))).join('');
}

/** Header values may hold only visible ASCII and spaces (HTTP clients refuse the rest). */
function printable(random: () => number, min: number, max: number): string {
  const length = min + Math.floor(random() * (max - min));
  return Array.from({ length }, () => String.fromCharCode(0x21 + Math.floor(random() * 0x5d))).join('');
}

function randomJson(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 0 ? 7 : 5));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() * 1e6 - 5e5;
    case 2:
      return random() < 0.5;
    case 3:
      return randomText(random, 0, 30);
    case 4:
      return Math.floor(random() * 100);
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth - 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 5) }, () => [
          randomText(random, 1, 8),
          randomJson(random, depth - 1),
        ]),
      );
  }
}
