// Job containers this Kozmic left on the engine: those of a previous run (found at start-up), and those
// an attempt could not remove because the engine stopped or crashed under it (a stopped engine keeps
// its containers, `Exited (143)`). Only this instance's containers are touched — they carry its
// instance label — and never one of a job that is running.
import type { JobEngine, Logger } from '../ports.js';
import { label } from './labels.js';

export interface LeftoverServices {
  readonly engine: JobEngine;
  readonly instanceLabels: Readonly<Record<string, string>>;
  /** Ids of the jobs running now: their containers are in use. */
  readonly runningJobs: () => ReadonlySet<string>;
  readonly log: Logger;
}

const firstRetryMs = 1000;
const longestRetryMs = 30_000;

export class LeftoverContainers {
  readonly #s: LeftoverServices;
  #timer: NodeJS.Timeout | null = null;
  #retryMs = firstRetryMs;
  #closed = false;

  constructor(services: LeftoverServices) {
    this.#s = services;
  }

  /** Removes this instance's containers that belong to no running job; returns how many it removed. */
  async sweep(): Promise<number> {
    const { engine, instanceLabels, runningJobs } = this.#s;
    const containers = await engine.listContainers(instanceLabels);
    const running = runningJobs();
    const left = containers.filter((container) => !running.has(container.labels[label.job] ?? ''));
    const failures: string[] = [];
    for (const container of left) {
      await engine.removeContainer(container.id).catch((error: unknown) => {
        failures.push(`${container.id.slice(0, 12)}: ${(error as Error).message}`);
      });
    }
    if (failures.length > 0) throw new Error(`could not remove ${failures.join('; ')}`);
    return left.length;
  }

  /**
   * An attempt may have left containers behind: removes them once the engine answers, asking it
   * again with backoff (1 s doubling to 30 s) while it does not.
   */
  expect(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => void this.#tryAgain(), this.#retryMs);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #tryAgain(): Promise<void> {
    this.#timer = null;
    try {
      if (!(await this.#s.engine.probe()).reachable) throw new Error('the engine does not answer');
      const removed = await this.sweep();
      this.#retryMs = firstRetryMs;
      if (removed > 0)
        this.#s.log.info(`Removed ${removed} job container(s) left on the engine when it stopped.`);
    } catch {
      this.#retryMs = Math.min(this.#retryMs * 2, longestRetryMs);
      this.expect();
    }
  }
}
