// What every store operation works with, and how an operation on one project's history holds it:
// under that project's lock, with the documents it loads pinned until its writes are done.
import type { ProjectDto } from '../contract/dto.js';
import { CoreError, type BuildStateDeriver } from '../core/ports.js';
import type { BuildShards } from './build-shards.js';
import type { DedupeIndex } from './dedupe-index.js';
import type { DeliveryPayloads } from './delivery-payloads.js';
import { Lease } from './document-cache.js';
import type { KeyedQueue } from '../shared/keyed-queue.js';
import type { ProjectCounter } from './records.js';
import type { StateFile } from './state-file.js';

export interface StoreContext {
  readonly dir: string;
  readonly state: StateFile;
  readonly shards: BuildShards;
  readonly index: DedupeIndex;
  readonly payloads: DeliveryPayloads;
  readonly locks: KeyedQueue;
  readonly deriveBuildState: BuildStateDeriver;
  readonly now: () => string;
}

export function withProjectLease<T>(
  context: StoreContext,
  projectId: string,
  operation: (lease: Lease) => Promise<T>,
): Promise<T> {
  return context.locks.run(projectId, async () => {
    const lease = new Lease();
    try {
      return await operation(lease);
    } finally {
      lease.release();
    }
  });
}

export function requireProject(context: StoreContext, projectId: string): ProjectDto {
  const project = Object.hasOwn(context.state.data.projects, projectId)
    ? context.state.data.projects[projectId]
    : undefined;
  if (!project) throw notFound(`Project ${projectId}`);
  return project;
}

export function counterOf(context: StoreContext, projectId: string): ProjectCounter {
  const counters = context.state.data.counters;
  return (counters[projectId] ??= { lastBuildNumber: 0 });
}

export function notFound(what: string): CoreError {
  return new CoreError('not_found', `${what} does not exist (it may have been deleted).`);
}
