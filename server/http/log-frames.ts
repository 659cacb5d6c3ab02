import { z } from 'zod';
import type { LogClientFrame } from '../contract/log-stream.js';

const id = z.string().min(1).max(64);

const clientFrame = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('log.subscribe'),
    id,
    jobId: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/),
    attempt: z.number().int().min(1).optional(),
    fromSeq: z.number().int().min(1),
  }),
  z.strictObject({ type: z.literal('log.unsubscribe'), id }),
]);

/** A frame a browser sent on the events socket, or null when it is not one we understand. */
export function parseClientFrame(text: string): LogClientFrame | null {
  try {
    const parsed = clientFrame.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as LogClientFrame) : null;
  } catch {
    return null;
  }
}
