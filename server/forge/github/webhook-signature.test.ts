// verifyWebhookSignature: GitHub's X-Hub-Signature-256 over the raw body with the hook's secret.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from './webhook-signature.js';

const SECRET = "It's a Secret to Everybody";
// GitHub's documented test vector (docs: "Validating webhook deliveries").
const BODY = 'Hello, World!';
const SIGNATURE = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('verifyWebhookSignature', () => {
  it("accepts GitHub's documented example", async () => {
    expect(await verifyWebhookSignature(SECRET, bytes(BODY), SIGNATURE)).toBe(true);
  });

  it('accepts a signature computed over a JSON body', async () => {
    const body = JSON.stringify({ zen: 'Design for failure.', hook_id: 1, emoji: '✨' });
    const signature = `sha256=${createHmac('sha256', 'hook-secret').update(body).digest('hex')}`;
    expect(await verifyWebhookSignature('hook-secret', bytes(body), signature)).toBe(true);
  });

  it.each<[string, string, string, string | readonly string[] | undefined]>([
    ['another secret', 'not the secret', BODY, SIGNATURE],
    ['an altered body', SECRET, `${BODY} `, SIGNATURE],
    ['a missing header', SECRET, BODY, undefined],
    ['an empty header', SECRET, BODY, ''],
    ['the SHA-1 header format', SECRET, BODY, 'sha1=0a4d55a8d778e5022fab701977c5d840bbc486d0'],
    ['a truncated signature', SECRET, BODY, SIGNATURE.slice(0, -2)],
    ['upper-case hex', SECRET, BODY, SIGNATURE.toUpperCase().replace('SHA256', 'sha256')],
    ['a repeated header', SECRET, BODY, [SIGNATURE, SIGNATURE]],
    ['garbage', SECRET, BODY, 'sha256=zzzz'],
    ['an empty secret', '', BODY, SIGNATURE],
    ['an empty body', SECRET, '', SIGNATURE],
  ])('refuses %s', async (_name, secret, body, signature) => {
    expect(await verifyWebhookSignature(secret, bytes(body), signature)).toBe(false);
  });

  it('verifies the bytes as received, also when they are not valid UTF-8', async () => {
    // Decoding first would turn 0xff into U+FFFD and the signature GitHub made would no longer match.
    const body = Buffer.concat([Buffer.from('{"zen":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const signature = `sha256=${createHmac('sha256', 'hook-secret').update(body).digest('hex')}`;
    expect(await verifyWebhookSignature('hook-secret', body, signature)).toBe(true);
    expect(await verifyWebhookSignature('hook-secret', bytes(body.toString('utf8')), signature)).toBe(false);
  });
});
