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

// Messages name the allowed values in words a person can act on; the interface shows them under the
// field they belong to, whose label says which it is.
const text = (max: number) =>
  z.string().max(max, { error: `at most ${max.toLocaleString('en')} characters` });
const range = (min: number, max: number, unit = '') => {
  const error = `a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}${unit}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const webAddress = { error: 'an http:// or https:// address' };

const hookDefinition = z.strictObject({
  title: text(1000),
  image: text(1000),
  installScript: text(1_000_000),
  buildScript: text(1_000_000),
  trackedFiles: z.array(text(4096)).max(10_000, { error: 'at most 10,000 paths' }),
});

const megabyte = 1024 * 1024;
const settingsPatch = z.strictObject({
  maxParallelJobs: range(1, 64).optional(),
  stallTimeoutSeconds: range(10, 86_400, ' seconds').optional(),
  jobTimeoutSeconds: range(10, 7 * 86_400, ' seconds').optional(),
  cachedImagesLimit: range(0, 1000).optional(),
  // Shown in MB: a limit that is not a whole number of MB cannot be typed there anyway.
  logLimitBytes: z
    .number({ error: 'from 1 to 10,240 MB' })
    .int({ error: 'from 1 to 10,240 MB' })
    .min(megabyte, { error: 'from 1 to 10,240 MB' })
    .max(10 * 1024 * megabyte, { error: 'from 1 to 10,240 MB' })
    .optional(),
  jobMemoryMb: range(64, 1_048_576, ' MB').optional(),
  jobCpus: z
    .number({ error: 'a number from 0.1 to 256' })
    .min(0.1, { error: 'a number from 0.1 to 256' })
    .max(256, { error: 'a number from 0.1 to 256' })
    .optional(),
  jobPidsLimit: range(16, 1_000_000).optional(),
  publicUrl: z
    .url({ protocol: /^https?$/, ...webAddress })
    .nullable()
    .optional(),
  uiPublicUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  tunnel: z.boolean().optional(),
  tunnelServer: z.url({ protocol: /^https?$/, ...webAddress }).optional(),
  tunnelSubdomain: z.string().regex(tunnelNamePattern, { error: tunnelNameForm }).nullable().optional(),
  githubUrl: z.url({ protocol: /^https?$/, ...webAddress }).optional(),
  dockerHost: z
    .string()
    .regex(/^(unix|tcp|npipe|http|https):\/\/.+/, {
      error: 'an address starting with unix://, tcp://, npipe://, http:// or https://',
    })
    .nullable()
    .optional(),
  emailNotifications: z.boolean().optional(),
});

type SchemaTable = { readonly [K in CommandName]: z.ZodType<CommandArgs<K>> };

export const commandSchemas: SchemaTable = {
  'app.status': none,
  'app.recheck': none,
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
  'logs.search': z.strictObject({
    jobId: id,
    attempt: positive.optional(),
    query: z.string().min(1).max(200),
    from: z
      .strictObject({ offset: z.number().int().min(0), line: z.number().int().min(1) })
      .optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  'logs.firstFailure': z.strictObject({ jobId: id, attempt: positive.optional() }),
  'projects.members': z.strictObject({ projectId: id }),
  'projects.syncMembers': z.strictObject({ projectId: id }),
  'session.info': none,
  'session.start': none,
  'session.poll': z.strictObject({ flowId: id }),
};
