// The parts of GitHub's webhook payloads Kozmic reads, as zod schemas: anything else in a payload is
// ignored, and a payload lacking these (or with the wrong types) is reported, never trusted.
import { z } from 'zod';

/** A commit id: SHA-1, or SHA-256 for repositories that use it. */
const sha = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, 'is not a commit id');

export const repositoryFields = z.object({
  id: z.number().int().positive(),
  full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'is not owner/name'),
  html_url: z.string().min(1),
  // Not in every payload; a name GitHub would not accept is not taken for one.
  default_branch: z.string().min(1).max(255).optional().catch(undefined),
});

export const pingFields = z.object({
  hook_id: z.number().int().positive(),
  repository: repositoryFields.optional(),
});

/** Enough to tell a branch push from a tag push or a deletion. */
export const pushShape = z.object({
  ref: z.string().min(1),
  deleted: z.boolean().optional(),
  head_commit: z.unknown().optional(),
  repository: repositoryFields,
});

export const branchPushFields = z.object({
  ref: z.string().min(1),
  after: sha.optional(),
  head_commit: z.object({
    id: sha,
    message: z.string(),
    url: z.string().optional(),
    author: z.object({ name: z.string() }),
  }),
  repository: repositoryFields,
});

export const pullRequestAction = z.object({ action: z.string().min(1) });

export const pullRequestFields = z.object({
  action: z.string(),
  number: z.number().int().positive(),
  pull_request: z.object({
    title: z.string(),
    body: z.string().nullable().optional(),
    user: z.object({ login: z.string() }).nullable().optional(),
    head: z.object({
      ref: z.string().min(1),
      sha,
      // Null when the fork was deleted; the head stays fetchable through refs/pull/<n>/head.
      repo: z.object({ id: z.number().int(), full_name: z.string() }).nullable(),
    }),
  }),
  repository: repositoryFields,
});

export type RepositoryFields = z.infer<typeof repositoryFields>;
