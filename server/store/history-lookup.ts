// Dedupe lookups. An index entry is only a hint: it counts when the shard it points into really holds
// the build it names, because the entry is written before the shard and a crash can come in between.
import type { Lease } from './document-cache.js';
import { refKey } from './dedupe-index.js';
import type { BuildRecord } from './records.js';
import type { StoreContext } from './store-context.js';

/** The build that recorded this delivery, or null. */
export async function buildOfDelivery(
  context: StoreContext,
  projectId: string,
  deliveryId: string,
  lease?: Lease,
): Promise<BuildRecord | null> {
  const hint = await context.index.lookup(projectId, 'deliveries', deliveryId, lease);
  if (hint === null) return null;
  const build = await context.shards.find(projectId, hint, lease);
  return build?.deliveries.some((delivery) => delivery.id === deliveryId) ? build : null;
}

/** The build for (ref, sha), or null. */
export async function buildOfCommit(
  context: StoreContext,
  projectId: string,
  ref: string,
  sha: string,
  lease?: Lease,
): Promise<BuildRecord | null> {
  const hint = await context.index.lookup(projectId, 'refs', refKey(ref, sha), lease);
  if (hint === null) return null;
  const build = await context.shards.find(projectId, hint, lease);
  return build?.commit.ref === ref && build.commit.sha === sha ? build : null;
}
