import type { BuildDto, BuildPageDto, JobDto, ProjectDto } from '../contract/dto.js';
import { notFound } from './errors.js';
import type { Store } from './ports.js';

export const buildsPerPage = 50;

/** Read-only views of projects and their history. */
export class ProjectQueries {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Most recently active first; never-built projects last, by name. */
  list(): readonly ProjectDto[] {
    const activity = (p: ProjectDto): string => p.latestBuild?.createdAt ?? '';
    return [...this.#store.listProjects()].sort(
      (a, b) => activity(b).localeCompare(activity(a)) || a.fullName.localeCompare(b.fullName),
    );
  }

  get(projectId: string): ProjectDto {
    const project = this.#store.getProject(projectId);
    if (!project) throw notFound(`Project ${projectId}`);
    return project;
  }

  async builds(projectId: string, page: number): Promise<BuildPageDto> {
    this.get(projectId);
    return this.#store.listBuilds(projectId, page, buildsPerPage);
  }

  async build(projectId: string, number: number): Promise<BuildDto> {
    const build = await this.#store.getBuild(projectId, number);
    if (!build) throw notFound(`Build #${number}`);
    return build;
  }

  async job(jobId: string): Promise<JobDto> {
    const job = await this.#store.getJob(jobId);
    if (!job) throw notFound(`Job ${jobId}`);
    return job;
  }
}
