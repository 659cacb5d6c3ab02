// Shape checks for documents read from disk, so a hand-edited or damaged file is reported clearly
// instead of failing somewhere later. Typed against records.ts so the two cannot drift apart.
import { z } from 'zod';
import type { Validation } from './document-codec.js';
import type { BuildRecord, ShardDocument, StateDocument } from './records.js';

export const text = z.string();
const time = z.string();
const nullableTime = z.string().nullable();
const count = z.number().int().nonnegative();
const positive = z.number().int().positive();

export const definitionFields = {
  title: text,
  image: text,
  installScript: text,
  buildScript: text,
  trackedFiles: z.array(text),
};

const jobStatus = z.enum(['queued', 'running', 'success', 'failure', 'error', 'cancelled']);
const buildStatus = z.enum(['pending', 'success', 'failure', 'error', 'cancelled']);
const buildProgress = z.enum(['queued', 'running', 'finished']);

export const attemptSchema = z.object({
  attempt: positive,
  status: jobStatus,
  queuedAt: time,
  startedAt: nullableTime,
  finishedAt: nullableTime,
  exitCode: z.number().int().nullable(),
  reason: text.nullable(),
  cacheHit: z.boolean().nullable(),
  // Added after the first release of the format: older attempts read as "no reason recorded".
  cacheReason: text.nullable().default(null),
  cacheKeyInputs: z
    .object({
      imageId: text,
      installScriptSha256: text,
      trackedObjects: z.record(text, text),
      key: text,
    })
    .nullable(),
  // Added later too: older attempts read as "image not recorded".
  cacheImageId: text.nullable().default(null),
  logFile: text,
});

const job = z.object({
  id: text,
  projectId: text,
  buildNumber: positive,
  number: positive,
  hookId: text,
  definition: z.object(definitionFields),
  deliveryId: text.nullable(),
  attempts: z.array(attemptSchema).min(1),
});

export const commitSchema = z.object({
  sha: text,
  ref: text,
  message: text,
  author: text,
  url: text.nullable(),
  fetchRef: text.optional(),
});

const build: z.ZodType<BuildRecord> = z.object({
  number: positive,
  commit: commitSchema,
  createdAt: time,
  status: buildStatus,
  progress: buildProgress.optional(),
  startedAt: nullableTime,
  finishedAt: nullableTime,
  jobs: z.array(job),
  deliveries: z.array(z.object({ id: text, event: text, receivedAt: time, hookId: text })),
});

export const shardSchema: z.ZodType<ShardDocument> = z.object({
  version: positive,
  shard: count,
  builds: z.array(build),
});

/** Every editable setting, each optional: what state.json keeps are the user's overrides. */
export const settingsSchema = z
  .object({
    maxParallelJobs: z.number(),
    stallTimeoutSeconds: z.number(),
    jobTimeoutSeconds: z.number(),
    cachedImagesLimit: z.number(),
    logLimitBytes: z.number(),
    jobMemoryMb: z.number(),
    jobCpus: z.number(),
    jobPidsLimit: z.number(),
    publicUrl: text.nullable(),
    uiPublicUrl: text.nullable(),
    tunnel: z.boolean(),
    tunnelServer: text,
    tunnelSubdomain: text.nullable(),
    githubUrl: text,
    dockerHost: text.nullable(),
    emailNotifications: z.boolean(),
  })
  .partial();

export const accountSchema = z.object({
  githubId: z.number().int(),
  login: text,
  name: text.nullable(),
  avatarUrl: text.nullable(),
  email: text.nullable(),
});

const buildSummary = z
  .object({
    projectId: text,
    number: positive,
    status: buildStatus,
    // Added after the first release of the format: older summaries read it from their times.
    progress: buildProgress.optional(),
    ref: text,
    sha: text,
    message: text,
    createdAt: time,
    startedAt: nullableTime,
    finishedAt: nullableTime,
  })
  .transform(({ progress, ...summary }) => ({
    ...summary,
    progress:
      progress ?? (summary.finishedAt !== null ? 'finished' : summary.startedAt !== null ? 'running' : 'queued'),
  }));

export const stateSchema: z.ZodType<StateDocument> = z.object({
  schemaVersion: positive,
  settings: settingsSchema,
  accounts: z.record(text, accountSchema),
  projects: z.record(
    text,
    z.object({
      id: text,
      githubRepoId: z.number().int(),
      fullName: text,
      ownerLogin: text,
      name: text,
      isPrivate: z.boolean(),
      cloneUrl: text,
      ownerGithubId: z.number().int(),
      createdAt: time,
      latestBuild: buildSummary.nullable(),
      defaultBranch: text.nullable(),
      defaultBranchBuild: buildSummary.nullable(),
    }),
  ),
  hooks: z.record(
    text,
    z.object({
      ...definitionFields,
      id: text,
      projectId: text,
      githubHookId: z.number().int().nullable(),
      createdAt: time,
      updatedAt: time,
      deletedAt: nullableTime,
    }),
  ),
  counters: z.record(text, z.object({ lastBuildNumber: count })),
  unfinishedJobs: z.array(text),
  pendingStatuses: z
    .record(
      text,
      z.object({
        projectId: text,
        sha: text,
        status: z.object({
          state: z.enum(['pending', 'success', 'failure', 'error']),
          description: text,
          targetUrl: text.nullable(),
          context: text,
        }),
      }),
    )
    .optional(),
  acceptedStatuses: z.record(text, text).optional(),
  deliveryMarks: z.record(text, z.object({ id: z.number().int(), at: time })).optional(),
  members: z
    .record(
      text,
      z.object({
        members: z.array(
          z.object({
            githubId: z.number().int(),
            login: text,
            avatarUrl: text.nullable(),
            role: z.enum(['manager', 'member']),
          }),
        ),
                syncedAt: nullableTime,
        ownerAccess: z.enum(['owner', 'manager', 'member', 'none']).optional(),
      }),
    )
    .optional(),
  hostAccountId: z.number().int().nullable().optional(),
  sessions: z
    .record(
      text,
      z.object({ githubId: z.number().int(), createdAt: time, lastUsedAt: time, expiresAt: time }),
    )
    .optional(),
});

/**
 * A schema as a document validator: the first issue, with its path, is enough for a person. A valid
 * document is kept as read (not as parsed), so fields this version does not know are not dropped.
 */
export function validatorOf<T>(schema: z.ZodType<T>): (document: unknown) => Validation<T> {
  return (document) => {
    const result = schema.safeParse(document);
    if (result.success) return { ok: true, value: document as T };
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'document';
    return { ok: false, problem: `${where}: ${issue?.message ?? 'invalid'}` };
  };
}
