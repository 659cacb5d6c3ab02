// The job queue: at most `maxParallelJobs` attempts run at once, oldest first. Queued jobs live in the
// store, so they survive a restart; at start-up, attempts left "running" by a crash end as interrupted
// and containers that belong to no running job are removed, as they are when an engine that stopped
// under a job answers again.
import type { JobDto } from '../../contract/dto.js';
import { currentAttempt } from '../build-state.js';
import { CoreError, notFound } from '../errors.js';
import type { HookDefinition } from '../../contract/dto.js';
import type { AttemptServices } from './run-attempt.js';
import { LeftoverContainers } from './leftover-containers.js';
import { AttemptRun } from './run-attempt.js';

export class Scheduler {
  readonly #s: AttemptServices;
  readonly #queue: string[] = [];
  readonly #running = new Map<string, AttemptRun>();
  readonly #idle = new Set<() => void>();
  readonly #leftovers: LeftoverContainers;
  #started = false;
  #closing = false;

  constructor(services: AttemptServices) {
    this.#s = services;
    this.#leftovers = new LeftoverContainers({
      ...services,
      runningJobs: () => new Set(this.#running.keys()),
    });
  }

  /** Recovers from the previous run, then starts queued jobs. Call once. */
  async start(): Promise<void> {
    const { store, log } = this.#s;
    const removed = await this.#leftovers.sweep().catch((error: unknown) => {
      log.warn(`Could not remove leftover job containers yet: ${(error as Error).message}`);
      this.#leftovers.expect(); // once the engine answers
      return 0;
    });
    if (removed > 0) log.info(`Removed ${removed} container(s) left by an earlier run.`);
    this.#queue.length = 0; // the store is the queue's truth from here on
    for (const job of await store.listUnfinishedJobs()) {
      if (currentAttempt(job).status === 'running') {
        const ended = await store.updateAttempt(job.id, {
          status: 'error',
          finishedAt: new Date().toISOString(),
          reason: 'Interrupted: Kozmic stopped while this job was running. Restart it to run it again.',
        });
        await this.#s.changed(ended);
      } else {
        this.#queue.push(job.id);
      }
    }
    this.#started = true;
    this.#pump();
  }

  /** Queues the job's current (queued) attempt. */
  enqueue(jobId: string): void {
    if (!this.#queue.includes(jobId) && !this.#running.has(jobId)) this.#queue.push(jobId);
    this.#pump();
  }

  async cancel(jobId: string): Promise<JobDto> {
    const job = await this.#job(jobId);
    const running = this.#running.get(jobId);
    if (running) {
      running.stop({ status: 'cancelled', exitCode: null, reason: 'Cancelled.' });
      await this.#whenFinished(jobId);
      return this.#job(jobId);
    }
    const index = this.#queue.indexOf(jobId);
    if (index === -1 && currentAttempt(job).status !== 'queued') {
      throw new CoreError('conflict', `Job ${jobId} has already finished; there is nothing to cancel.`);
    }
    if (index !== -1) this.#queue.splice(index, 1);
    const cancelled = await this.#s.store.updateAttempt(jobId, {
      status: 'cancelled',
      finishedAt: new Date().toISOString(),
      reason: 'Cancelled before it started.',
    });
    await this.#s.changed(cancelled);
    return cancelled;
  }

  /** Cancels every queued and running job of a project (before it is deleted). */
  async cancelProject(projectId: string): Promise<void> {
    const mine = (id: string) => id.startsWith(`${projectId}.`);
    const ids = [...this.#queue.filter(mine), ...[...this.#running.keys()].filter(mine)];
    await Promise.all(ids.map((id) => this.cancel(id).catch(() => undefined)));
  }

  /** A new attempt with the hook's current definition; earlier attempts keep their logs. */
  async restart(jobId: string): Promise<JobDto> {
    const job = await this.#job(jobId);
    const status = currentAttempt(job).status;
    if (status === 'queued' || status === 'running') {
      throw new CoreError('conflict', `Job ${jobId} is ${status}; cancel it first or wait for it to finish.`);
    }
    const hook = this.#s.store.getHook(job.hookId);
    if (!hook || hook.deletedAt !== null) {
      throw new CoreError(
        'conflict',
        `The hook "${job.definition.title}" was deleted, so this job cannot run again.`,
      );
    }
    const definition: HookDefinition = {
      title: hook.title,
      image: hook.image,
      installScript: hook.installScript,
      buildScript: hook.buildScript,
      trackedFiles: hook.trackedFiles,
    };
    const restarted = await this.#s.store.addAttempt(jobId, definition);
    await this.#s.changed(restarted);
    this.enqueue(jobId);
    return restarted;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  get queuedJobIds(): readonly string[] {
    return [...this.#queue];
  }

  /** Resolves when nothing runs and nothing is queued (for tests and shutdown). */
  whenIdle(): Promise<void> {
    if (this.#running.size === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.add(resolve));
  }

  /** Stops taking jobs; running ones are stopped and end as interrupted, queued ones stay queued. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#leftovers.close();
    for (const run of this.#running.values()) {
      run.stop({
        status: 'error',
        exitCode: null,
        reason: 'Interrupted: Kozmic was shut down while this job ran.',
      });
    }
    await Promise.all([...this.#running.keys()].map((id) => this.#whenFinished(id)));
  }

  #pump(): void {
    if (!this.#started || this.#closing) return;
    const limit = this.#s.settings().maxParallelJobs;
    while (this.#running.size < limit && this.#queue.length > 0) {
      const jobId = this.#queue.shift()!;
      const run = new AttemptRun(this.#s, jobId);
      this.#running.set(jobId, run);
      void run
        .run()
        .catch((error: unknown) => this.#s.log.error(`Job ${jobId} could not be recorded as finished`, error))
        .finally(() => {
          this.#running.delete(jobId);
          // Only a new cached image can push the project over its limit.
          if (run.cachedImage) void this.#evictCache(jobId);
          if (run.leftContainers) this.#leftovers.expect();
          this.#finished.get(jobId)?.forEach((resolve) => resolve());
          this.#finished.delete(jobId);
          this.#pump();
          if (this.#running.size === 0 && this.#queue.length === 0) {
            this.#idle.forEach((resolve) => resolve());
            this.#idle.clear();
          }
        });
    }
  }

  readonly #finished = new Map<string, (() => void)[]>();

  #whenFinished(jobId: string): Promise<void> {
    if (!this.#running.has(jobId)) return Promise.resolve();
    return new Promise((resolve) =>
      this.#finished.set(jobId, [...(this.#finished.get(jobId) ?? []), resolve]),
    );
  }

  /** After a job of a project ran, trims its cached install images to the limit. */
  async #evictCache(jobId: string): Promise<void> {
    const projectId = jobId.split('.')[0] ?? '';
    try {
      const waiting = [...this.#queue, ...this.#running.keys()].filter((id) =>
        id.startsWith(`${projectId}.`),
      );
      const jobs = await Promise.all(waiting.map((id) => this.#s.store.getJob(id)));
      const awaitedHooks = new Set(jobs.flatMap((job) => (job ? [job.hookId] : [])));
      const removed = await this.#s.cache.evict(
        projectId,
        this.#s.settings().cachedImagesLimit,
        awaitedHooks,
      );
      if (removed.length > 0) this.#s.log.info(`Removed ${removed.length} old cached install image(s).`);
    } catch (error) {
      this.#s.log.warn(`Cleaning cached images failed: ${(error as Error).message}`);
    }
  }

  async #job(jobId: string): Promise<JobDto> {
    const job = await this.#s.store.getJob(jobId);
    if (!job) throw notFound(`Job ${jobId}`);
    return job;
  }
}
