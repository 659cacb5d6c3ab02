import type { CommandArgs, CommandName, CommandResult } from '../contract/commands.js';
import type { AppStatusDto } from '../contract/dto.js';
import type { ProjectAdmin } from './github/project-admin.js';
import type { Repositories } from './github/repositories.js';
import type { SignIn } from './github/sign-in.js';
import type { Badges } from './badges.js';
import type { Hooks } from './hooks.js';
import type { LogAccess } from './log-access.js';
import type { ProjectQueries } from './project-queries.js';
import type { Scheduler } from './runner/scheduler.js';
import type { Settings } from './settings.js';

export type CommandHandlers = {
  readonly [K in CommandName]: (args: CommandArgs<K>) => Promise<CommandResult<K>> | CommandResult<K>;
};

export interface HandlerServices {
  readonly status: () => Promise<AppStatusDto>;
  readonly settings: Settings;
  readonly projects: ProjectQueries;
  readonly hooks: Hooks;
  readonly scheduler: Scheduler;
  readonly signIn: SignIn;
  readonly repositories: Repositories;
  readonly projectAdmin: ProjectAdmin;
  readonly logs: LogAccess;
  readonly badges: Badges;
}

/** One handler per contract command; arguments arrive already validated by the dispatcher. */
export function commandHandlers(s: HandlerServices): CommandHandlers {
  return {
    'app.status': () => s.status(),
    'settings.get': () => s.settings.current(),
    'settings.update': (patch) => s.settings.update(patch),
    'projects.list': () => s.projects.list(),
    'projects.get': ({ projectId }) => s.projects.get(projectId),
    'hooks.list': ({ projectId }) => s.hooks.list(projectId),
    'hooks.save': ({ projectId, hookId, definition }) => s.hooks.save(projectId, hookId, definition),
    'hooks.delete': async ({ projectId, hookId }) => {
      await s.hooks.delete(projectId, hookId);
      return null;
    },
    'builds.list': ({ projectId, page }) => s.projects.builds(projectId, page ?? 1),
    'builds.get': ({ projectId, number }) => s.projects.build(projectId, number),
    'jobs.get': ({ jobId }) => s.projects.job(jobId),
    'jobs.cancel': ({ jobId }) => s.scheduler.cancel(jobId),
    'jobs.restart': ({ jobId }) => s.scheduler.restart(jobId),
    'auth.status': () => s.signIn.status(),
    'auth.startDeviceFlow': () => s.signIn.startDeviceFlow(),
    'auth.startWebFlow': () => s.signIn.startWebFlow(),
    'auth.signOut': () => s.signIn.signOut(),
    'repos.list': ({ refresh }) => s.repositories.list(refresh ?? false),
    'projects.create': ({ githubRepoId }) => s.projectAdmin.create(githubRepoId),
    'projects.delete': async ({ projectId }) => {
      await s.projectAdmin.delete(projectId);
      return null;
    },
    'hooks.restore': ({ projectId }) => s.hooks.restore(projectId),
    'projects.badge': ({ projectId, branch }) => s.badges.badgeOf(projectId, branch ?? 'main'),
    'logs.read': ({ jobId, attempt, start, end }) => s.logs.page(jobId, attempt, start, end),
  };
}
