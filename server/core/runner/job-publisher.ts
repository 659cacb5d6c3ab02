import type { BuildDto, BuildSummaryDto, JobDto } from '../../contract/dto.js';
import type { EventBus } from '../event-bus.js';
import type { Store } from '../ports.js';

export function summaryOf(build: BuildDto): BuildSummaryDto {
  const { commit: _commit, jobs: _jobs, ...summary } = build;
  return summary;
}

/** Tells every window about a job's change, and about its build's and project's derived state. */
export class JobPublisher {
  readonly #store: Store;
  readonly #events: EventBus;

  constructor(store: Store, events: EventBus) {
    this.#store = store;
    this.#events = events;
  }

  async publish(job: JobDto): Promise<void> {
    this.#events.emit('job.changed', job);
    const build = await this.#store.getBuild(job.projectId, job.buildNumber);
    if (build) this.#events.emit('build.changed', summaryOf(build));
    const project = this.#store.getProject(job.projectId);
    if (project) this.#events.emit('project.changed', project);
  }
}
