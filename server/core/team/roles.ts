// Roles in a project and what each may do. Owner: the person who created the project. Manager and
// member come from the repository's permissions on GitHub, so Kozmic never grants more than GitHub does.
import type { Role } from '../../contract/dto.js';
import type { ForgeRepository, OwnerAccess } from '../ports.js';

/** What a command needs in the project it touches. */
export type ProjectNeed = 'view' | 'configure' | 'delete';

const allowed: Readonly<Record<Role, ReadonlySet<ProjectNeed>>> = {
  owner: new Set(['view', 'configure', 'delete']),
  manager: new Set(['view', 'configure']),
  member: new Set(['view']),
};

export function roleAllows(role: Role, need: ProjectNeed): boolean {
  return allowed[role].has(need);
}

/** Anyone who can push may restart builds and edit hooks; triage and read access only look. */
export function roleFromPermissions(
  permissions: ForgeRepository['permissions'],
): 'manager' | 'member' | null {
  if (permissions.admin || permissions.maintain || permissions.push) return 'manager';
  if (permissions.triage || permissions.pull) return 'member';
  return null;
}

/** The creator stays owner while an admin of the repository; with less, they have what GitHub allows. */
export function ownerAccessFromPermissions(permissions: ForgeRepository['permissions'] | null): OwnerAccess {
  if (!permissions) return 'none';
  if (permissions.admin) return 'owner';
  return roleFromPermissions(permissions) ?? 'none';
}

export const roleRank: Readonly<Record<Role, number>> = { owner: 0, manager: 1, member: 2 };
