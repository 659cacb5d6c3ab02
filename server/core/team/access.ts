// The one place that decides what a caller may do and see: commands (command-access.ts), events
// (event-audience.ts) and live logs. An unknown project is "not found" before any permission check;
// a known one the caller has no role in is "forbidden".
import type { CommandArgs, CommandName } from '../../contract/commands.js';
import type { ProjectDto, Role } from '../../contract/dto.js';
import type { EventName, Events } from '../../contract/events.js';
import { CoreError, notFound } from '../errors.js';
import type { Caller, Store } from '../ports.js';
import { commandAccess, type CommandAccess, type ProjectTarget } from './command-access.js';
import { eventAudience, type EventAudience } from './event-audience.js';
import { roleAllows, type ProjectNeed } from './roles.js';

export class Access {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The caller's role in the project: the operator owns everything; null means none. */
  roleOf(caller: Caller, project: ProjectDto): Role | null {
    if (caller.kind === 'operator') return 'owner';
    if (caller.kind === 'visitor') return null;
    if (project.ownerGithubId === caller.githubId) {
      // Until GitHub was first asked the creator is owner; after, what GitHub still grants them.
      const access = this.#store.getMembers(project.id).ownerAccess ?? 'owner';
      return access === 'none' ? null : access;
    }
    const member = this.#store.getMembers(project.id).members.find((m) => m.githubId === caller.githubId);
    return member?.role ?? null;
  }

  canView(caller: Caller, project: ProjectDto): boolean {
    return this.roleOf(caller, project) !== null;
  }

  /** Throws the error the caller should see, or returns when the command may run. */
  checkCommand<K extends CommandName>(name: K, args: CommandArgs<K>, caller: Caller): void {
    const rule = commandAccess[name] as CommandAccess<K>;
    if (rule.kind === 'anyone') return;
    if (caller.kind === 'visitor') throw new CoreError('unauthorized', 'Sign in with GitHub first.');
    if (rule.kind === 'signed-in') return;
    if (rule.kind === 'operator') {
      if (caller.kind !== 'operator') {
        throw new CoreError('forbidden', 'Only the operator of this Kozmic server may do that.');
      }
      return;
    }
    this.requireRole(caller, rule.target(args), rule.need);
  }

  /** The project (found by id or by one of its job ids) when the caller's role allows `need`. */
  requireRole(caller: Caller, target: ProjectTarget, need: ProjectNeed): ProjectDto {
    const projectId = 'projectId' in target ? target.projectId : projectIdOfJob(target.jobId);
    const project = projectId ? this.#store.getProject(projectId) : null;
    if (!project)
      throw notFound('projectId' in target ? `Project ${target.projectId}` : `Job ${target.jobId}`);
    const role = this.roleOf(caller, project);
    if (role === null) {
      throw new CoreError(
        'forbidden',
        `You have no role in ${project.fullName}; ask its owner to give you access on GitHub.`,
      );
    }
    if (!roleAllows(role, need)) {
      throw new CoreError(
        'forbidden',
        `${whatNeeds[need]} in ${project.fullName} needs ${neededRole[need]}; you are a ${role}.`,
      );
    }
    return project;
  }

  canReceive<K extends EventName>(caller: Caller, name: K, payload: Events[K]): boolean {
    if (caller.kind === 'operator') return true;
    if (caller.kind === 'visitor') return false;
    const audience = eventAudience[name] as EventAudience<K>;
    if (audience.kind === 'signed-in') return true;
    if (audience.kind === 'operator') return false;
    const project = this.#store.getProject(audience.projectOf(payload));
    // A removed project's last event reaches only those who could see it, and nobody knows it now.
    return project !== null && this.canView(caller, project);
  }
}

/** Job ids are `<projectId>.<buildNumber>.<jobNumber>` (contract/dto.ts JobDto.id). */
function projectIdOfJob(jobId: string): string | null {
  const match = /^([a-z0-9]+)\.[0-9]+\.[0-9]+$/.exec(jobId);
  return match ? match[1]! : null;
}

const whatNeeds: Readonly<Record<ProjectNeed, string>> = {
  view: 'Viewing',
  configure: 'Changing hooks or restarting builds',
  delete: 'Deleting the project',
};

const neededRole: Readonly<Record<ProjectNeed, string>> = {
  view: 'a role',
  configure: 'the manager or owner role (push access on GitHub)',
  delete: 'the owner role',
};
