import { defineStore } from 'pinia';
import { inject, ref } from 'vue';
import type { HookDefinition, HookDto } from '../../../server/contract/dto.js';
import { clientKey } from '../client-key.js';

/** Every loaded hook by id; `ofProject` lists one project's, oldest first. */
export const useHooks = defineStore('hooks', () => {
  const client = inject(clientKey)!;
  const byId = ref(new Map<string, HookDto>());
  const loadedProjects = ref(new Set<string>());

  function ofProject(projectId: string): HookDto[] {
    return [...byId.value.values()]
      .filter((h) => h.projectId === projectId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async function load(projectId: string): Promise<void> {
    const hooks = await client.call('hooks.list', { projectId });
    for (const hook of ofProject(projectId)) byId.value.delete(hook.id);
    for (const hook of hooks) byId.value.set(hook.id, hook);
    loadedProjects.value.add(projectId);
  }

  async function save(
    projectId: string,
    hookId: string | undefined,
    definition: HookDefinition,
  ): Promise<HookDto> {
    const hook = await client.call('hooks.save', { projectId, hookId, definition });
    merge(hook);
    return hook;
  }

  async function destroy(projectId: string, hookId: string): Promise<void> {
    await client.call('hooks.delete', { projectId, hookId });
    remove(hookId);
  }

  async function restore(projectId: string): Promise<void> {
    const hooks = await client.call('hooks.restore', { projectId });
    for (const hook of hooks) merge(hook);
  }

  function merge(hook: HookDto): void {
    byId.value.set(hook.id, hook);
  }

  function remove(hookId: string): void {
    byId.value.delete(hookId);
  }

  return { byId, loadedProjects, ofProject, load, save, destroy, restore, merge, remove };
});
