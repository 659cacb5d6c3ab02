// Inputs are checked before they reach a document: every document is checked when it is read, so a
// value of the wrong type written today would make its whole file unreadable tomorrow.
import { z } from 'zod';
import { CoreError } from '../core/ports.js';
import { MAX_REF_BYTES, MAX_URL_CHARS } from './delivery-bounds.js';
import {
  accountSchema,
  attemptSchema,
  commitSchema,
  definitionFields,
  settingsSchema,
  text,
} from './document-schemas.js';

/** Unknown keys are refused: a typo must not become a setting nobody reads. */
export const settingsPatchInput = settingsSchema.strict();

export const accountInput = accountSchema;

export const newProjectInput = z.object({
  githubRepoId: z.number().int(),
  fullName: text,
  ownerLogin: text,
  name: text,
  isPrivate: z.boolean(),
  cloneUrl: text,
  ownerGithubId: z.number().int(),
  defaultBranch: z.string().min(1).max(255).nullable().optional(),
});

export const definitionInput = z.object(definitionFields);

export const hookPatchInput = z
  .object({ ...definitionFields, githubHookId: z.number().int().nullable() })
  .partial();

const refName = text
  .min(1)
  .refine((ref) => Buffer.byteLength(ref) <= MAX_REF_BYTES, `is longer than ${MAX_REF_BYTES} bytes`);

/** Identifiers beyond GitHub's limits are refused; texts (message, author) are shortened by the store. */
export const buildRequestInput = z.object({
  projectId: text,
  hookId: text,
  commit: commitSchema.extend({
    sha: text.min(1).max(64),
    ref: refName,
    fetchRef: text.max(MAX_REF_BYTES + 'refs/heads/'.length).optional(),
    url: text.max(MAX_URL_CHARS).nullable(),
  }),
  delivery: z.object({
    deliveryId: text.min(1).max(100),
    event: text.max(100),
    payload: text,
    receivedAt: text,
  }),
});

/** Fields outside the patchable ones (attempt number, log file, queue time) are ignored, not refused. */
export const attemptPatchInput = attemptSchema
  .pick({
    status: true,
    startedAt: true,
    finishedAt: true,
    exitCode: true,
    reason: true,
    cacheHit: true,
    cacheReason: true,
    cacheKeyInputs: true,
    cacheImageId: true,
  })
  .partial();

export function checkInput(schema: z.ZodType, value: unknown, what: string): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = issues[0]!;
  throw new CoreError('invalid_arguments', `Invalid ${what}: ${first.path || 'value'}: ${first.message}.`, {
    issues,
  });
}
