// The public webhook port against clients that break HTTP on purpose or by accident: uploads dropped
// half-way and chunked bodies with broken framing. Each is the client's mistake: counted, summarised
// in one line per interval, never logged one by one with a stack trace, and the server keeps serving.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortedUpload, malformedChunked } from './raw-http.js';
import { createWebhookHarness, type WebhookHarness } from './webhook-harness.js';

const errors: string[] = [];
const warnings: string[] = [];
let h: WebhookHarness;
beforeAll(async () => {
  h = await createWebhookHarness({
    onError: (message, error) => errors.push(`${message} ${String(error)}`),
    onWarning: (message) => warnings.push(message),
    clientMistakeSummaryMs: 1500,
  });
});
afterAll(async () => h.close());

describe('client mistakes on the webhook port', () => {
  it('counts 80 aborted uploads and malformed chunked bodies into one summary line, and keeps serving', async () => {
    const path = `/hooks/github/${h.hookId}`;
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async () => {
        await abortedUpload(h.port, path);
        return malformedChunked(h.port, path);
      }),
    );
    expect(statuses.every((status) => status === 400 || status === 0)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]); // not yet: at most one line per interval

    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^The webhook port refused 80 broken requests from clients \(80 bodies cut short or malformed\)\.$/,
    );

    const body = JSON.stringify(h.pushPayload('d'.repeat(40)));
    const answer = await h.send(body, {
      'x-github-event': 'push',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': h.sign(body),
    });
    expect(answer.status).toBe(202);
  });
});
