// The list of jobs that may still be queued or running, kept in state.json so the scheduler can
// recover at start-up without reading history. The list is a superset: an id is added before the
// shard that queues the job is written and removed after the shard that finishes it, so a crash can
// leave an extra id (dropped when checked) but never hide a queued job.
import type { JobDto } from '../contract/dto.js';
import type { Lease } from './document-cache.js';
import { parseJobId } from './ids.js';
import { withProjectLease, type StoreContext } from './store-context.js';

export function isUnfinished(job: JobDto): boolean {
  const status = job.attempts.at(-1)?.status;
  return status === 'queued' || status === 'running';
}

/** Lists the job and waits until the list is on disk; call before writing the shard. */
export async function listUnfinishedFirst(context: StoreContext, jobId: string): Promise<void> {
  if (context.state.data.unfinishedJobs.includes(jobId)) return;
  context.state.data.unfinishedJobs.push(jobId);
  await context.state.save();
}

/** Drops the id from the list in memory; returns whether it was there. Call after writing the shard. */
export function unlistJob(context: StoreContext, jobId: string): boolean {
  const list = context.state.data.unfinishedJobs;
  const at = list.indexOf(jobId);
  if (at === -1) return false;
  list.splice(at, 1);
  return true;
}

/** Oldest first by their current attempt's queue time; ids that turn out finished are dropped. */
export async function listUnfinishedJobs(context: StoreContext): Promise<JobDto[]> {
  const byProject = new Map<string, string[]>();
  for (const jobId of context.state.data.unfinishedJobs) {
    const projectId = parseJobId(jobId)?.projectId ?? '';
    const ids = byProject.get(projectId) ?? [];
    ids.push(jobId);
    byProject.set(projectId, ids);
  }
  const found: JobDto[] = [];
  let pruned = false;
  for (const [projectId, jobIds] of byProject) {
    // Under the project's lock: a job being queued right now is listed before it is in its shard.
    await withProjectLease(context, projectId, async (lease) => {
      for (const jobId of jobIds) {
        const job = await unfinishedJob(context, jobId, lease);
        if (job) found.push(structuredClone(job));
        else pruned = unlistJob(context, jobId) || pruned;
      }
    });
  }
  if (pruned) await context.state.save();
  const order = (job: JobDto) => job.attempts.at(-1)!.queuedAt;
  return found.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

async function unfinishedJob(context: StoreContext, jobId: string, lease: Lease): Promise<JobDto | null> {
  const address = parseJobId(jobId);
  if (!address || !Object.hasOwn(context.state.data.projects, address.projectId)) return null;
  const build = await context.shards.find(address.projectId, address.buildNumber, lease);
  const job = build?.jobs.find((candidate) => candidate.number === address.jobNumber);
  return job && isUnfinished(job) ? job : null;
}
