import type { ContainerSpec, JobEngine, StartedContainer } from '../ports.js';
import type { InstallCache } from './install-cache.js';

/** A container started ahead of need, for the build step if its image turns out to be the one needed. */
export interface WarmContainer {
  /** Hands the container over if its image is `image`; null otherwise. */
  take(image: string): Promise<StartedContainer> | null;
  /** Removes the container unless it was taken, and releases its image. */
  discardUnused(): Promise<void>;
}

/**
 * Starts a container ahead of need: starting one is the slowest part of a step. Its image is pinned
 * meanwhile, so cache eviction never removes it.
 */
export function warmUp(
  engine: JobEngine,
  cache: InstallCache,
  spec: ContainerSpec,
  output: (chunk: Buffer) => void,
  remove: (containerId: string) => Promise<void>,
): WarmContainer {
  cache.pin(spec.image);
  const started = engine.startContainer(spec, output);
  started.catch(() => undefined); // a failed warm-up only means the step starts a container itself
  let taken = false;
  return {
    take: (image) => {
      if (image !== spec.image) return null;
      taken = true;
      return started;
    },
    discardUnused: async () => {
      cache.unpin(spec.image);
      if (taken) return;
      const container = await started.catch(() => null);
      if (container) await remove(container.containerId);
    },
  };
}
