import { managedLabels } from '../ports.js';

// Labels on every container and cached image Kozmic creates, so they can be found (and cleaned up)
// again after a crash, and so a cached image can be traced to the job that built it.
export const label = {
  managed: 'dev.kozmic.managed',
  /** Which Kozmic (data dir) made a container: one never removes another's jobs on a shared engine. */
  instance: 'dev.kozmic.instance',
  project: 'dev.kozmic.project',
  hook: 'dev.kozmic.hook',
  job: 'dev.kozmic.job',
  attempt: 'dev.kozmic.attempt',
  step: 'dev.kozmic.step',
  cacheKey: 'dev.kozmic.cache-key',
  created: 'dev.kozmic.created',
} as const;

export const managed = managedLabels;
