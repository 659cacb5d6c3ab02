import { defineStore } from 'pinia';
import { inject, ref } from 'vue';
import type { JobDto, JobStatus } from '../../../server/contract/dto.js';
import { clientKey } from '../client-key.js';

const progress: Record<JobStatus, number> = {
  queued: 0,
  running: 1,
  success: 2,
  failure: 2,
  error: 2,
  cancelled: 2,
};

/** How far a job has got: attempts, then its current attempt's status (which only moves forward). */
function stage(job: JobDto): number {
  const last = job.attempts.at(-1);
  return job.attempts.length * 10 + (last ? progress[last.status] : 0);
}

/** Every loaded job by id (`<projectId>.<build>.<job>`); log text never comes here. */
export const useJobs = defineStore('jobs', () => {
  const client = inject(clientKey)!;
  const byId = ref(new Map<string, JobDto>());

  function ofBuild(projectId: string, buildNumber: number): JobDto[] {
    return [...byId.value.values()]
      .filter((j) => j.projectId === projectId && j.buildNumber === buildNumber)
      .sort((a, b) => a.number - b.number);
  }

  async function cancel(jobId: string): Promise<void> {
    merge(await client.call('jobs.cancel', { jobId }));
  }

  async function restart(jobId: string): Promise<void> {
    merge(await client.call('jobs.restart', { jobId }));
  }

  /** Events can overtake a command's answer: never replace a job with an older state of it. */
  function merge(job: JobDto): void {
    const known = byId.value.get(job.id);
    if (known && stage(known) > stage(job)) return;
    byId.value.set(job.id, job);
  }

  function forgetProject(projectId: string): void {
    for (const job of [...byId.value.values()]) if (job.projectId === projectId) byId.value.delete(job.id);
  }

  return { byId, ofBuild, cancel, restart, merge, forgetProject };
});
