// Checks a delivery's `X-Hub-Signature-256` against the hook's own secret. The comparison is
// constant-time (@octokit/webhooks-methods uses timingSafeEqual); anything malformed is simply false.
import { verify } from '@octokit/webhooks-methods';

const SIGNATURE = /^sha256=[0-9a-f]{64}$/;

/**
 * `body` is the request body exactly as received, decoded as UTF-8; `signature` the header's value
 * (Node gives an array when the header was repeated, which is refused).
 */
export async function verifyWebhookSignature(
  secret: string,
  body: string,
  signature: string | readonly string[] | undefined,
): Promise<boolean> {
  if (typeof signature !== 'string' || !SIGNATURE.test(signature) || secret === '' || body === '')
    return false;
  try {
    return await verify(secret, body, signature);
  } catch {
    return false;
  }
}
