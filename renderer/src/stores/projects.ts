import { defineStore } from 'pinia';
import { computed, inject, ref } from 'vue';
import type { ProjectDto } from '../../../server/contract/dto.js';
import { clientKey } from '../client-key.js';

/** When a project last did something: its newest build, else its creation. */
export function lastActivity(project: ProjectDto): string {
  const build = project.latestBuild;
  return build ? (build.finishedAt ?? build.startedAt ?? build.createdAt) : project.createdAt;
}

/** Every project by id; the sidebar lists them by latest activity. */
export const useProjects = defineStore('projects', () => {
  const client = inject(clientKey)!;
  const byId = ref(new Map<string, ProjectDto>());
  const loaded = ref(false);
  const error = ref<string | null>(null);

  const byActivity = computed(() =>
    [...byId.value.values()].sort((a, b) => lastActivity(b).localeCompare(lastActivity(a))),
  );

  async function load(): Promise<void> {
    try {
      const list = await client.call('projects.list', {});
      byId.value = new Map(list.map((p) => [p.id, p]));
      loaded.value = true;
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function fetchOne(projectId: string): Promise<ProjectDto> {
    const project = await client.call('projects.get', { projectId });
    merge(project);
    return project;
  }

  async function create(githubRepoId: number): Promise<ProjectDto> {
    const project = await client.call('projects.create', { githubRepoId });
    merge(project);
    return project;
  }

  async function destroy(projectId: string): Promise<void> {
    await client.call('projects.delete', { projectId });
    remove(projectId);
  }

  function merge(project: ProjectDto): void {
    byId.value.set(project.id, project);
  }

  function remove(projectId: string): void {
    byId.value.delete(projectId);
  }

  return { byId, loaded, error, byActivity, load, fetchOne, create, destroy, merge, remove };
});
