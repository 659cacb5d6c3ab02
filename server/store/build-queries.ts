// Reading history: pages of builds newest first, single builds and jobs, delivery payloads. Reads
// take no lock and load only the shards they need.
import type { BuildDto, BuildPageDto, BuildSummaryDto, JobDto } from '../contract/dto.js';
import { CoreError } from '../core/ports.js';
import { buildDtoOf, summaryOf } from './build-records.js';
import { parseJobId } from './ids.js';
import { buildOfDelivery } from './history-lookup.js';
import { counterOf, requireProject, type StoreContext } from './store-context.js';

export async function listBuilds(
  context: StoreContext,
  projectId: string,
  page: number,
  perPage: number,
): Promise<BuildPageDto> {
  for (const [name, value] of [
    ['page', page],
    ['perPage', perPage],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new CoreError(
        'invalid_arguments',
        `${name} must be a whole number of at least 1 (got ${value}).`,
      );
    }
  }
  requireProject(context, projectId);
  // Numbers are contiguous from 1, so the newest build's number is the count and a page is a range.
  const total = counterOf(context, projectId).lastBuildNumber;
  const newest = total - (page - 1) * perPage;
  const oldest = Math.max(1, newest - perPage + 1);
  const builds: BuildSummaryDto[] = [];
  for (let number = newest; number >= oldest; number--) {
    const build = await context.shards.find(projectId, number);
    if (build) builds.push(summaryOf(projectId, build));
  }
  return { builds, page, perPage, total };
}

export async function getBuild(
  context: StoreContext,
  projectId: string,
  number: number,
): Promise<BuildDto | null> {
  if (!Object.hasOwn(context.state.data.projects, projectId) || !Number.isSafeInteger(number) || number < 1) {
    return null;
  }
  const build = await context.shards.find(projectId, number);
  return build ? buildDtoOf(projectId, build) : null;
}

export async function getJob(context: StoreContext, jobId: string): Promise<JobDto | null> {
  const address = parseJobId(jobId);
  if (!address || !Object.hasOwn(context.state.data.projects, address.projectId)) return null;
  const build = await context.shards.find(address.projectId, address.buildNumber);
  const job = build?.jobs.find((candidate) => candidate.number === address.jobNumber);
  return job ? structuredClone(job) : null;
}

/** Whether history recorded this delivery (a build was made or joined for it). */
export async function hasDelivery(context: StoreContext, projectId: string, deliveryId: string): Promise<boolean> {
  if (!Object.hasOwn(context.state.data.projects, projectId)) return false;
  return (await buildOfDelivery(context, projectId, deliveryId)) !== null;
}

/** Only for deliveries history really recorded: a payload file left by a crash does not count. */
export async function getDeliveryPayload(
  context: StoreContext,
  projectId: string,
  deliveryId: string,
): Promise<string | null> {
  if (!Object.hasOwn(context.state.data.projects, projectId)) return null;
  if (!(await buildOfDelivery(context, projectId, deliveryId))) return null;
  return context.payloads.read(projectId, deliveryId);
}
