import { defineStore } from 'pinia';
import { inject, ref } from 'vue';
import type { ProjectMembersDto, Role } from '../../../server/contract/dto.js';
import { clientKey } from '../client-key.js';
import { useAuth } from './auth.js';

/** Each project's people and the viewer's own role there, which decides the controls they see. */
export const useMembers = defineStore('members', () => {
  const client = inject(clientKey)!;
  const auth = useAuth();
  const byProject = ref(new Map<string, ProjectMembersDto>());

  async function load(projectId: string): Promise<void> {
    byProject.value.set(projectId, await client.call('projects.members', { projectId }));
  }

  /** Loads a teammate's role once per project; the operator's is known without asking. */
  async function ensure(projectId: string): Promise<void> {
    if (!auth.isOperator && !byProject.value.has(projectId)) await load(projectId);
  }

  async function sync(projectId: string): Promise<void> {
    byProject.value.set(projectId, await client.call('projects.syncMembers', { projectId }));
  }

  /** The viewer's role; the operator owns everything, a teammate's is known once loaded. */
  function roleIn(projectId: string): Role | null {
    if (auth.isOperator) return 'owner';
    return byProject.value.get(projectId)?.yourRole ?? null;
  }

  const canConfigure = (projectId: string): boolean => ['owner', 'manager'].includes(roleIn(projectId) ?? '');
  const canDelete = (projectId: string): boolean => roleIn(projectId) === 'owner';

  return { byProject, load, ensure, sync, roleIn, canConfigure, canDelete };
});
