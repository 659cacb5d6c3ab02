// Checks a delivery's `X-Hub-Signature-256` against the hook's own secret, over the exact bytes
// received: GitHub signs bytes, and a body that is not valid UTF-8 must still verify (it is refused
// later, as malformed, with a clear answer). @octokit/webhooks-methods verifies strings only, so Node's
// HMAC is used directly. Constant-time comparison; anything malformed is false.
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

/**
 * `body` is the request body exactly as received; `signature` the header's value (Node gives an array
 * when the header was repeated, which is refused).
 */
export async function verifyWebhookSignature(
  secret: string,
  body: Uint8Array,
  signature: string | readonly string[] | undefined,
): Promise<boolean> {
  if (typeof signature !== 'string' || secret === '' || body.byteLength === 0) return false;
  const match = SIGNATURE.exec(signature);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}
