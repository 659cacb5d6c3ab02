// The frames a viewer may send about live logs (contract/log-stream.ts), checked as strictly as the
// commands are (command-schemas.ts): two small shapes with bounded fields, so whatever a page sends,
// over a WebSocket or IPC, costs little to refuse.
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

/** A frame a viewer sent (already decoded from JSON or IPC), or null when it is not one we understand. */
export function parseLogClientFrame(value: unknown): LogClientFrame | null {
  const parsed = clientFrame.safeParse(value);
  return parsed.success ? (parsed.data as LogClientFrame) : null;
}
