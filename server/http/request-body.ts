import type { IncomingMessage } from 'node:http';
import { ClientMistakeError } from './client-mistakes.js';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than ${limit} bytes`);
  }
}

/**
 * Reads a whole request body, refusing (and draining nothing more of) bodies over `limit` bytes. A body
 * the client dropped or framed wrongly rejects with ClientMistakeError.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        request.destroy();
        throw new BodyTooLargeError(limit);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    throw new ClientMistakeError('bodies cut short or malformed', { cause: error });
  }
  return Buffer.concat(chunks);
}
