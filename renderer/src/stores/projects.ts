import { defineStore } from 'pinia';
import { computed, inject, ref } from 'vue';
import type { ProjectDto } from '../../../server/contract/dto.js';
import { clientKey } from '../client-key.js';
import { EventOrder } from './event-order.js';

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
  const order = new EventOrder();

  const byActivity = computed(() =>
    [...byId.value.values()].sort((a, b) => lastActivity(b).localeCompare(lastActivity(a))),
  );

  async function load(): Promise<void> {
    try {
      const fresh = order.requestSent();
      const list = await client.call('projects.list', {});
      // A project whose event came while the list was on its way is as that event left it (changed,
      // added or removed); the others are as the list says.
      const next = new Map<string, ProjectDto>();
      for (const project of list) {
        const known = byId.value.get(project.id);
        if (fresh(project.id)) next.set(project.id, project);
        else if (known) next.set(project.id, known);
      }
      for (const [id, known] of byId.value) if (!fresh(id) && !next.has(id)) next.set(id, known);
      byId.value = next;
      loaded.value = true;
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function fetchOne(projectId: string): Promise<ProjectDto> {
    const fresh = order.requestSent();
    const project = await client.call('projects.get', { projectId });
    if (fresh(projectId)) merge(project);
    return byId.value.get(projectId) ?? project;
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

  /** What the event socket says: noted, so an answer that left before it cannot undo it. */
  function changed(project: ProjectDto): void {
    order.eventFor(project.id);
    merge(project);
  }

  function removed(projectId: string): void {
    order.eventFor(projectId);
    remove(projectId);
  }

  return { byId, loaded, error, byActivity, load, fetchOne, create, destroy, merge, remove, changed, removed };
});
