// Changing a job after it was queued: patching its current attempt or starting a new one. The build's
// status and times are derived again, the project's latest build follows, and the unfinished-jobs
// list is kept a superset (listed before the shard write, unlisted after it).
import type { HookDefinition, JobAttemptDto, JobDto } from '../contract/dto.js';
import type { AttemptPatch } from '../core/ports.js';
import { definitionOf, queuedAttempt, rederiveBuild } from './build-records.js';
import { withBuildNoted } from './default-branch.js';
import { buildIn } from './build-shards.js';
import { parseJobId } from './ids.js';
import { attemptPatchInput, checkInput, definitionInput } from './input-checks.js';
import { counterOf, notFound, requireProject, withProjectLease, type StoreContext } from './store-context.js';
import { isUnfinished, listUnfinishedFirst, unlistJob } from './unfinished-jobs.js';

export function updateAttempt(context: StoreContext, jobId: string, patch: AttemptPatch): Promise<JobDto> {
  checkInput(attemptPatchInput, patch, 'attempt change');
  return changeJob(context, jobId, (job) => {
    const next: Record<string, unknown> = { ...job.attempts.at(-1)! };
    // Only the patchable fields (never the attempt number, log file or queue time), and undefined
    // means "not in this patch": it must not erase a field.
    for (const field of Object.keys(attemptPatchInput.shape)) {
      const value = (patch as Record<string, unknown>)[field];
      if (value !== undefined) next[field] = structuredClone(value);
    }
    return { ...job, attempts: [...job.attempts.slice(0, -1), next as unknown as JobAttemptDto] };
  });
}

export function addAttempt(
  context: StoreContext,
  jobId: string,
  definition: HookDefinition,
): Promise<JobDto> {
  checkInput(definitionInput, definition, 'hook definition');
  return changeJob(context, jobId, (job) => ({
    ...job,
    definition: definitionOf(definition),
    attempts: [...job.attempts, queuedAttempt(job, job.attempts.at(-1)!.attempt + 1, context.now())],
  }));
}

function changeJob(context: StoreContext, jobId: string, change: (job: JobDto) => JobDto): Promise<JobDto> {
  const address = parseJobId(jobId);
  if (!address) return Promise.reject(notFound(`Job ${jobId}`));
  const { projectId, buildNumber, jobNumber } = address;
  return withProjectLease(context, projectId, async (lease) => {
    requireProject(context, projectId);
    const shard = await context.shards.shardFor(projectId, buildNumber, lease);
    const build = buildIn(shard.data, buildNumber);
    const at = build?.jobs.findIndex((job) => job.number === jobNumber) ?? -1;
    if (!build || at === -1) throw notFound(`Job ${jobId}`);
    const job = change(build.jobs[at]!);
    if (isUnfinished(job)) await listUnfinishedFirst(context, job.id);
    build.jobs[at] = job;
    rederiveBuild(build, context.deriveBuildState);
    await context.shards.save(projectId, shard);

    let stateChanged = !isUnfinished(job) && unlistJob(context, job.id);
    const project = requireProject(context, projectId);
    const noted = withBuildNoted(project, build, counterOf(context, projectId).lastBuildNumber);
    if (noted !== project) {
      context.state.data.projects[projectId] = noted;
      stateChanged = true;
    }
    if (stateChanged) await context.state.save();
    return structuredClone(job);
  });
}
