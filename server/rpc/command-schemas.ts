// Argument schemas for every contract command. The table's type makes a missing command, or a
// schema whose output drifts from the contract's argument type, a compile error.
import { z } from 'zod';
import type { CommandArgs, CommandName } from '../contract/commands.js';
import { tunnelNameForm, tunnelNamePattern } from '../contract/settings.js';

const none = z.strictObject({});
const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/, { error: 'an id of letters, digits, ., _ or -' });
const positive = z.number().int().min(1);
/** Git's rules for a branch name (`git check-ref-format --branch`), in short. */
const branchName = z
  .string()
  .trim()
  .min(1, { error: 'a branch name is needed' })
  .max(255, { error: 'at most 255 characters' })
  .refine(
    (name) =>
      // Control characters and space are below "!" (and DEL).
      ![...name].some((c) => c <= ' ' || c === '\x7f') &&
      !/[~^:?*[\\]|\.\.|@\{|\/\/|^[-/.]|[/.]$|\.lock$|\/\./.test(name) &&
      name !== '@',
    { error: 'not a branch name git allows (no spaces, ~ ^ : ? * [ \\ or "..")' },
  );

const hookDefinition = z.strictObject({
  title: z.string().max(1000),
  image: z.string().max(1000),
  installScript: z.string().max(1_000_000),
  buildScript: z.string().max(1_000_000),
  trackedFiles: z.array(z.string().max(4096)).max(10_000),
});

const settingsPatch = z.strictObject({
  maxParallelJobs: z.number().int().min(1).max(64).optional(),
  stallTimeoutSeconds: z.number().int().min(10).max(86_400).optional(),
  jobTimeoutSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .optional(),
  cachedImagesLimit: z.number().int().min(0).max(1000).optional(),
  logLimitBytes: z
    .number()
    .int()
    .min(1024 * 1024)
    .max(10 * 1024 ** 3)
    .optional(),
  jobMemoryMb: z.number().int().min(64).max(1_048_576).optional(),
  jobCpus: z.number().min(0.1).max(256).optional(),
  jobPidsLimit: z.number().int().min(16).max(1_000_000).optional(),
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  tunnel: z.boolean().optional(),
  tunnelServer: z.url({ protocol: /^https?$/ }).optional(),
  tunnelSubdomain: z.string().regex(tunnelNamePattern, { error: tunnelNameForm }).nullable().optional(),
  githubUrl: z.url({ protocol: /^https?$/ }).optional(),
  dockerHost: z
    .string()
    .regex(/^(unix|tcp|npipe|http|https):\/\/.+/)
    .nullable()
    .optional(),
  emailNotifications: z.boolean().optional(),
});

type SchemaTable = { readonly [K in CommandName]: z.ZodType<CommandArgs<K>> };

export const commandSchemas: SchemaTable = {
  'app.status': none,
  'settings.get': none,
  'settings.update': settingsPatch,
  'projects.list': none,
  'projects.get': z.strictObject({ projectId: id }),
  'hooks.list': z.strictObject({ projectId: id }),
  'hooks.save': z.strictObject({ projectId: id, hookId: id.optional(), definition: hookDefinition }),
  'hooks.delete': z.strictObject({ projectId: id, hookId: id }),
  'builds.list': z.strictObject({ projectId: id, page: positive.optional() }),
  'builds.get': z.strictObject({ projectId: id, number: positive }),
  'builds.buildBranch': z.strictObject({ projectId: id, branch: branchName }),
  'builds.rerun': z.strictObject({ projectId: id, number: positive, scope: z.enum(['failed', 'all']) }),
  'jobs.get': z.strictObject({ jobId: id }),
  'jobs.cancel': z.strictObject({ jobId: id }),
  'jobs.restart': z.strictObject({ jobId: id }),
  'auth.status': none,
  'auth.startDeviceFlow': none,
  'auth.startWebFlow': none,
  'auth.signOut': none,
  'repos.list': z.strictObject({ refresh: z.boolean().optional() }),
  'projects.create': z.strictObject({ githubRepoId: positive }),
  'projects.delete': z.strictObject({ projectId: id }),
  'hooks.restore': z.strictObject({ projectId: id }),
  'projects.badge': z.strictObject({ projectId: id, branch: z.string().min(1).max(255).optional() }),
  'logs.read': z.strictObject({
    jobId: id,
    attempt: positive.optional(),
    start: z.number().int().min(0).optional(),
    end: z.number().int().min(0).optional(),
  }),
  'projects.members': z.strictObject({ projectId: id }),
  'projects.syncMembers': z.strictObject({ projectId: id }),
  'session.info': none,
  'session.start': none,
  'session.poll': z.strictObject({ flowId: id }),
};
