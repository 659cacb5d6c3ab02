// Who may call each command. The table is typed over every command, so a new command without an
// entry is a compile error rather than a command anyone may call.
import type { CommandArgs, CommandName } from '../../contract/commands.js';
import type { ProjectNeed } from './roles.js';

export type CommandAccess<K extends CommandName = CommandName> =
  /** Before signing in: a team server's own sign-in. */
  | { readonly kind: 'anyone' }
  /** Any signed-in person; the handler answers for them (their projects, their account). */
  | { readonly kind: 'signed-in' }
  /** The server's operator only: settings, the host's own GitHub sign-in. */
  | { readonly kind: 'operator' }
  /** A role in the project the arguments name. */
  | {
      readonly kind: 'project';
      readonly need: ProjectNeed;
      readonly target: (args: CommandArgs<K>) => ProjectTarget;
    };

/** The project named directly, or through one of its jobs (`<projectId>.<build>.<job>`). */
export type ProjectTarget = { readonly projectId: string } | { readonly jobId: string };

type AccessTable = { readonly [K in CommandName]: CommandAccess<K> };

const anyone = { kind: 'anyone' } as const;
const signedIn = { kind: 'signed-in' } as const;
const operatorOnly = { kind: 'operator' } as const;
const byProject = (need: ProjectNeed) =>
  ({
    kind: 'project',
    need,
    target: (args: { projectId: string }) => ({ projectId: args.projectId }),
  }) as const;
const byJob = (need: ProjectNeed) =>
  ({ kind: 'project', need, target: (args: { jobId: string }) => ({ jobId: args.jobId }) }) as const;

export const commandAccess: AccessTable = {
  'session.info': anyone,
  'session.start': anyone,
  'session.poll': anyone,
  'app.status': signedIn,
  // Each recheck probes the engine and the public URL: the operator's to ask for, not every browser's.
  'app.recheck': operatorOnly,
  // Teammates' screens use none of it (public URL, tunnel, Docker endpoint, GitHub address).
  'settings.get': operatorOnly,
  'settings.update': operatorOnly,
  'auth.status': signedIn,
  'auth.signOut': signedIn,
  'auth.startDeviceFlow': operatorOnly,
  'auth.startWebFlow': operatorOnly,
  'repos.list': signedIn,
  'projects.create': signedIn,
  'projects.list': signedIn,
  'projects.get': byProject('view'),
  'projects.badge': byProject('view'),
  'projects.members': byProject('view'),
  'projects.syncMembers': byProject('configure'),
  'projects.delete': byProject('delete'),
  'hooks.list': byProject('view'),
  'hooks.save': byProject('configure'),
  'hooks.delete': byProject('configure'),
  'hooks.restore': byProject('configure'),
  'builds.list': byProject('view'),
  'builds.get': byProject('view'),
  'builds.buildBranch': byProject('configure'),
  'builds.rerun': byProject('configure'),
  'jobs.get': byJob('view'),
  'logs.read': byJob('view'),
  'logs.search': byJob('view'),
  'logs.firstFailure': byJob('view'),
  'jobs.cancel': byJob('configure'),
  'jobs.restart': byJob('configure'),
};
