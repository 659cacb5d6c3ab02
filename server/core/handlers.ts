import type { CommandName } from '../contract/commands.js';
import type { AppStatusDto } from '../contract/dto.js';
import type { ProjectAdmin } from './project-admin.js';
import type { Repositories } from './github-use-cases/repositories.js';
import type { SignIn } from './github-use-cases/sign-in.js';
import type { Badges } from './badges.js';
import type { Hooks } from './hooks.js';
import type { LogAccess } from './log-access.js';
import type { ManualBuilds } from './manual-builds.js';
import type { Caller, CommandHandlers } from './ports/host-port.js';
import type { ProjectQueries } from './project-queries.js';
import type { Scheduler } from './runner/scheduler.js';
import type { Settings } from './settings.js';
import type { Access } from './team/access.js';
import type { Members } from './team/members.js';
import type { TeamSessions } from './team/team-sessions.js';
import { statusFor } from './team/teammate-views.js';

export interface HandlerServices {
  readonly status: () => Promise<AppStatusDto>;
  readonly recheck: () => Promise<AppStatusDto>;
  readonly settings: Settings;
  readonly projects: ProjectQueries;
  readonly hooks: Hooks;
  readonly scheduler: Scheduler;
  readonly signIn: SignIn;
  readonly repositories: Repositories;
  readonly projectAdmin: ProjectAdmin;
  readonly logs: LogAccess;
  readonly badges: Badges;
  readonly access: Access;
  readonly members: Members;
  readonly sessions: TeamSessions;
  readonly manualBuilds: ManualBuilds;
}

/**
 * One handler per contract command; arguments arrive already validated by the dispatcher, and every
 * call passes the access check of `team/command-access.ts` before its handler runs.
 */
export function commandHandlers(s: HandlerServices): CommandHandlers {
  const handlers: CommandHandlers = {
    'app.status': async (_, caller) => statusFor(caller, await s.status()),
    'app.recheck': async (_, caller) => statusFor(caller, await s.recheck()),
    'settings.get': () => s.settings.current(),
    'settings.update': (patch) => s.settings.update(patch),
    'projects.list': (_, caller) => s.projects.list().filter((project) => s.access.canView(caller, project)),
    'projects.get': ({ projectId }) => s.projects.get(projectId),
    'hooks.list': ({ projectId }) => s.hooks.list(projectId),
    'hooks.save': ({ projectId, hookId, definition }, caller) =>
      s.hooks.save(caller, projectId, hookId, definition),
    'hooks.delete': async ({ projectId, hookId }, caller) => {
      await s.hooks.delete(caller, projectId, hookId);
      return null;
    },
    'builds.list': ({ projectId, page }) => s.projects.builds(projectId, page ?? 1),
    'builds.get': ({ projectId, number }) => s.projects.build(projectId, number),
    'builds.buildBranch': ({ projectId, branch }, caller) =>
      s.manualBuilds.buildBranch(caller, projectId, branch),
    'builds.rerun': ({ projectId, number, scope }) => s.manualBuilds.rerun(projectId, number, scope),
    'jobs.get': ({ jobId }) => s.projects.job(jobId),
    'jobs.cancel': ({ jobId }) => s.scheduler.cancel(jobId),
    'jobs.restart': ({ jobId }) => s.scheduler.restart(jobId),
    'auth.status': (_, caller) =>
      caller.kind === 'teammate' ? s.sessions.status(caller) : s.signIn.status(),
    'auth.startDeviceFlow': () => s.signIn.startDeviceFlow(),
    'auth.startWebFlow': () => s.signIn.startWebFlow(),
    'auth.signOut': (_, caller) => (caller.kind === 'teammate' ? s.sessions.end(caller) : s.signIn.signOut()),
    'repos.list': ({ refresh }, caller) => s.repositories.list(caller, refresh ?? false),
    'projects.create': ({ githubRepoId }, caller) => s.projectAdmin.create(caller, githubRepoId),
    'projects.delete': async ({ projectId }, caller) => {
      await s.projectAdmin.delete(caller, projectId);
      return null;
    },
    'projects.members': ({ projectId }, caller) => s.members.list(caller, projectId),
    'projects.syncMembers': ({ projectId }, caller) => s.members.sync(projectId, caller),
    'hooks.restore': ({ projectId }, caller) => s.hooks.restore(caller, projectId),
    'projects.badge': ({ projectId, branch }, caller) => {
      // A private project's badge URL carries its badge token: for those who may configure it only.
      if (s.projects.get(projectId).isPrivate) s.access.requireRole(caller, { projectId }, 'configure');
      return s.badges.badgeOf(projectId, branch ?? 'main');
    },
    'logs.read': ({ jobId, attempt, start, end }) => s.logs.page(jobId, attempt, start, end),
    'logs.search': ({ jobId, attempt, query, from, limit }) => s.logs.search(jobId, attempt, query, from, limit),
    'logs.firstFailure': ({ jobId, attempt }) => s.logs.firstFailure(jobId, attempt),
    'session.info': () => s.sessions.info(),
    'session.start': () => s.sessions.start(),
    'session.poll': ({ flowId }) => s.sessions.poll(flowId),
  };
  return guarded(handlers, s.access);
}

/** Every handler behind the access check, so no command can be reached around it. */
function guarded(handlers: CommandHandlers, access: Access): CommandHandlers {
  const entries = Object.entries(handlers).map(([name, handler]) => [
    name,
    (args: never, caller: Caller) => {
      access.checkCommand(name as CommandName, args, caller);
      return (handler as (a: never, c: Caller) => unknown)(args, caller);
    },
  ]);
  return Object.fromEntries(entries) as CommandHandlers;
}
