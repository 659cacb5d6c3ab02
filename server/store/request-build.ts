// The one way builds and jobs come to exist. Runs under the project's lock, so build numbers are
// handed out one at a time, and writes files in an order that a crash at any point leaves consistent:
// payload and index hints first, then the shard (the truth) together with state.json (counter,
// latest build), whose part history-repair.ts can redo from the shards at the next open.
import type { BuildRequest, BuildRequestOutcome } from '../core/ports.js';
import { buildDtoOf, newBuildRecord, newJob, rederiveBuild } from './build-records.js';
import { withBuildNoted } from './default-branch.js';
import { putBuild } from './build-shards.js';
import { refKey } from './dedupe-index.js';
import { boundedCommit } from './delivery-bounds.js';
import type { Lease } from './document-cache.js';
import { buildRequestInput, checkInput } from './input-checks.js';
import { buildOfCommit, buildOfDelivery } from './history-lookup.js';
import type { BuildRecord, DeliveryRecord, HookRecord } from './records.js';
import { counterOf, notFound, requireProject, withProjectLease, type StoreContext } from './store-context.js';
import { listUnfinishedFirst } from './unfinished-jobs.js';

export function requestBuild(context: StoreContext, request: BuildRequest): Promise<BuildRequestOutcome> {
  checkInput(buildRequestInput, request, 'build request');
  const commit = boundedCommit(request.commit);
  return withProjectLease(context, request.projectId, async (lease) => {
    const { projectId, hookId, delivery } = request;
    requireProject(context, projectId);
    const hook = Object.hasOwn(context.state.data.hooks, hookId)
      ? context.state.data.hooks[hookId]
      : undefined;
    if (!hook || hook.projectId !== projectId || hook.deletedAt !== null) throw notFound(`Hook ${hookId}`);
    // Both lookups at once: each may have to load an index bucket and a shard.
    const [seen, existing] = await Promise.all([
      buildOfDelivery(context, projectId, delivery.deliveryId, lease),
      buildOfCommit(context, projectId, commit.ref, commit.sha, lease),
    ]);
    if (seen) return { kind: 'duplicate-delivery' };
    if (existing?.jobs.some((job) => job.hookId === hookId)) {
      return { kind: 'duplicate-job', build: buildDtoOf(projectId, existing) };
    }
    const build =
      existing ?? newBuildRecord(counterOf(context, projectId).lastBuildNumber + 1, commit, context.now());
    return addJob(context, request, hook, build, existing === null, lease);
  });
}

async function addJob(
  context: StoreContext,
  request: BuildRequest,
  hook: HookRecord,
  build: BuildRecord,
  newBuild: boolean,
  lease: Lease,
): Promise<BuildRequestOutcome> {
  const { projectId, delivery } = request;
  const job = newJob({
    projectId,
    buildNumber: build.number,
    number: build.jobs.reduce((highest, other) => Math.max(highest, other.number), 0) + 1,
    hookId: hook.id,
    definition: hook,
    deliveryId: delivery.deliveryId,
    queuedAt: context.now(),
  });
  const shard = await context.shards.shardFor(projectId, build.number, lease);
  // Everything the shard write must not overtake. A new build's queued job is found by
  // history-repair.ts if state.json misses it after a crash; a job added to an existing build is not,
  // so it is listed on disk first.
  await Promise.all([
    context.payloads.write(projectId, delivery),
    context.index.record(projectId, 'deliveries', delivery.deliveryId, build.number, lease),
    newBuild &&
      context.index.record(
        projectId,
        'refs',
        refKey(build.commit.ref, build.commit.sha),
        build.number,
        lease,
      ),
    !newBuild && listUnfinishedFirst(context, job.id),
  ]);
  const record: DeliveryRecord = {
    id: delivery.deliveryId,
    event: delivery.event,
    receivedAt: delivery.receivedAt,
    hookId: hook.id,
  };
  build.jobs.push(job);
  build.deliveries.push(record);
  rederiveBuild(build, context.deriveBuildState);
  if (newBuild) putBuild(shard.data, build);
  const undo = noteInState(context, projectId, build, job.id);
  // The shard and state.json's counter and latest build may land in either order: history-repair.ts
  // reconciles both directions at open. Only a failed shard write needs undoing here.
  const [shardWrite, stateWrite] = await Promise.allSettled([
    context.shards.save(projectId, shard),
    context.state.save(),
  ]);
  if (shardWrite.status === 'rejected') {
    undo();
    await context.state.save().catch(() => undefined);
    throw shardWrite.reason;
  }
  if (stateWrite.status === 'rejected') throw stateWrite.reason;
  return { kind: 'created', build: buildDtoOf(projectId, build), job: structuredClone(job), newBuild };
}

/** Counter, latest build and unfinished list after the build changed; returns how to take it back. */
function noteInState(
  context: StoreContext,
  projectId: string,
  build: BuildRecord,
  jobId: string,
): () => void {
  const state = context.state.data;
  const counter = counterOf(context, projectId);
  const before = { lastBuildNumber: counter.lastBuildNumber, project: requireProject(context, projectId) };
  const listed = state.unfinishedJobs.includes(jobId);
  counter.lastBuildNumber = Math.max(counter.lastBuildNumber, build.number);
  if (!listed) state.unfinishedJobs.push(jobId);
  state.projects[projectId] = withBuildNoted(before.project, build, counter.lastBuildNumber);
  return () => {
    counter.lastBuildNumber = before.lastBuildNumber;
    state.projects[projectId] = before.project;
    if (!listed) state.unfinishedJobs.splice(state.unfinishedJobs.indexOf(jobId), 1);
  };
}
