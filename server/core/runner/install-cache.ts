import type { CacheKeyInputs } from '../../contract/dto.js';
import type { EngineImage, JobEngine, Store } from '../ports.js';
import { explainCacheMiss } from './cache-key.js';
import { label, managed } from './labels.js';

export type CacheLookup =
  | { readonly hit: true; readonly imageId: string }
  | { readonly hit: false; readonly reason: string };

/**
 * Cached install images: found by project and key, explained on a miss by the inputs recorded on the
 * job that built the newest image of the same hook, and evicted beyond the per-project limit. Images
 * that running jobs use are pinned and never evicted.
 */
export class InstallCache {
  readonly #engine: JobEngine;
  readonly #store: Store;
  readonly #pinned = new Map<string, number>();

  constructor(engine: JobEngine, store: Store) {
    this.#engine = engine;
    this.#store = store;
  }

  /** Looks up the key; a hit is pinned until `unpin`. */
  async lookup(projectId: string, hookId: string, inputs: CacheKeyInputs): Promise<CacheLookup> {
    const images = await this.#engine.listImages({ ...managed, [label.project]: projectId, [label.cacheKey]: inputs.key });
    const newest = newestFirst(images)[0];
    if (newest) {
      this.pin(newest.id);
      return { hit: true, imageId: newest.id };
    }
    return { hit: false, reason: explainCacheMiss(inputs, await this.#previousInputs(projectId, hookId)) };
  }

  /** The hook's newest cached image: the one its next job most likely uses. */
  async newestImageOfHook(projectId: string, hookId: string): Promise<string | null> {
    const images = await this.#engine.listImages({ ...managed, [label.project]: projectId, [label.hook]: hookId });
    return newestFirst(images)[0]?.id ?? null;
  }

  pin(imageId: string): void {
    this.#pinned.set(imageId, (this.#pinned.get(imageId) ?? 0) + 1);
  }

  unpin(imageId: string): void {
    const count = (this.#pinned.get(imageId) ?? 1) - 1;
    if (count <= 0) this.#pinned.delete(imageId);
    else this.#pinned.set(imageId, count);
  }

  cacheLabels(projectId: string, hookId: string, jobId: string, attempt: number, key: string): Record<string, string> {
    return {
      ...managed,
      [label.project]: projectId,
      [label.hook]: hookId,
      [label.job]: jobId,
      [label.attempt]: String(attempt),
      [label.cacheKey]: key,
      [label.created]: new Date().toISOString(),
    };
  }

  /**
   * Keeps the newest `limit` cached images of the project (0 keeps all). Pinned images stay, and so
   * does the newest image of each hook in `queuedHooks`, which a queued job is about to look for.
   */
  async evict(projectId: string, limit: number, queuedHooks: ReadonlySet<string>): Promise<string[]> {
    if (limit <= 0) return [];
    const cached = newestFirst(await this.#engine.listImages({ ...managed, [label.project]: projectId }));
    const awaited = new Set(
      [...queuedHooks].map((hook) => cached.find((image) => image.labels[label.hook] === hook)?.id),
    );
    const removed: string[] = [];
    for (const image of cached.slice(limit)) {
      if (this.#pinned.has(image.id) || awaited.has(image.id)) continue;
      await this.#engine.removeImage(image.id);
      removed.push(image.id);
    }
    return removed;
  }

  async #previousInputs(projectId: string, hookId: string): Promise<CacheKeyInputs | null> {
    const images = await this.#engine.listImages({ ...managed, [label.project]: projectId, [label.hook]: hookId });
    const newest = newestFirst(images)[0];
    const jobId = newest?.labels[label.job];
    if (!newest || !jobId) return null;
    const job = await this.#store.getJob(jobId);
    const attempt = job?.attempts.find((a) => String(a.attempt) === newest.labels[label.attempt]);
    return attempt?.cacheKeyInputs ?? null;
  }
}

/** Cached images only, newest first. The engine's own creation time has one-second resolution, so the
 * millisecond time Kozmic labels each image with decides, and the engine's time breaks ties. */
function newestFirst(images: readonly EngineImage[]): EngineImage[] {
  const when = (image: EngineImage): string => image.labels[label.created] ?? image.createdAt;
  return images
    .filter((image) => image.labels[label.cacheKey])
    .sort((a, b) => when(b).localeCompare(when(a)) || b.createdAt.localeCompare(a.createdAt));
}
