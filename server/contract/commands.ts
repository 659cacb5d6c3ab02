// Every renderer → core command, declared once. The dispatcher, the preload's allowlist and the
// renderer's typed client are all derived from this map; `commandNames` makes a missing entry a
// compile error.
import type {
  AppStatusDto,
  AuthStatusDto,
  BadgeDto,
  RepositoryDto,
  BuildDto,
  BuildPageDto,
  HookDefinition,
  HookDto,
  JobDto,
  ManualBuildDto,
  ProjectDto,
  ProjectMembersDto,
  RerunScope,
  SettingsDto,
  SettingsPatch,
  SignInInfoDto,
  TeamSignInDto,
  TeamSignInPollDto,
} from './dto.js';
import type { LogFailureDto, LogPageDto, LogSearchCursor, LogSearchDto } from './log-stream.js';

export interface Commands {
  'app.status': { args: Record<string, never>; result: AppStatusDto };
  /** Asks again at once whether Docker and the webhook address work (the network came back). */
  'app.recheck': { args: Record<string, never>; result: AppStatusDto };
  'settings.get': { args: Record<string, never>; result: SettingsDto };
  'settings.update': { args: SettingsPatch; result: SettingsDto };
  'projects.list': { args: Record<string, never>; result: readonly ProjectDto[] };
  'projects.get': { args: { projectId: string }; result: ProjectDto };
  'hooks.list': { args: { projectId: string }; result: readonly HookDto[] };
  'hooks.save': {
    args: { projectId: string; hookId?: string | undefined; definition: HookDefinition };
    result: HookDto;
  };
  'hooks.delete': { args: { projectId: string; hookId: string }; result: null };
  'builds.list': { args: { projectId: string; page?: number | undefined }; result: BuildPageDto };
  'builds.get': { args: { projectId: string; number: number }; result: BuildDto };
  /** Builds the newest commit of a branch without a push (found on GitHub). */
  'builds.buildBranch': { args: { projectId: string; branch: string }; result: ManualBuildDto };
  /** A new attempt of a finished build's failed jobs, or of all its jobs. */
  'builds.rerun': { args: { projectId: string; number: number; scope: RerunScope }; result: BuildDto };
  'jobs.get': { args: { jobId: string }; result: JobDto };
  'jobs.cancel': { args: { jobId: string }; result: JobDto };
  'jobs.restart': { args: { jobId: string }; result: JobDto };
  'auth.status': { args: Record<string, never>; result: AuthStatusDto };
  'auth.startDeviceFlow': { args: Record<string, never>; result: AuthStatusDto };
  /** The URL to open in the browser; the sign-in completes on a loopback redirect (auth.changed). */
  'auth.startWebFlow': { args: Record<string, never>; result: { readonly url: string } };
  'auth.signOut': { args: Record<string, never>; result: AuthStatusDto };
  'repos.list': { args: { refresh?: boolean | undefined }; result: readonly RepositoryDto[] };
  'projects.create': { args: { githubRepoId: number }; result: ProjectDto };
  'projects.delete': { args: { projectId: string }; result: null };
  'hooks.restore': { args: { projectId: string }; result: readonly HookDto[] };
  /** The badge of a branch (default `main`), for the project's README. */
  'projects.badge': { args: { projectId: string; branch?: string | undefined }; result: BadgeDto };
  'logs.read': {
    args: {
      jobId: string;
      attempt?: number | undefined;
      start?: number | undefined;
      end?: number | undefined;
    };
    result: LogPageDto;
  };
  /** Lines containing `query` (case-insensitive, escape sequences ignored) across the whole log. */
  'logs.search': {
    args: {
      jobId: string;
      attempt?: number | undefined;
      query: string;
      from?: LogSearchCursor | undefined;
      limit?: number | undefined;
    };
    result: LogSearchDto;
  };
  /** The first line that looks like the job's error, else its last output. */
  'logs.firstFailure': { args: { jobId: string; attempt?: number | undefined }; result: LogFailureDto };
  /** Who has which role in the project, as last synced from GitHub. */
  'projects.members': { args: { projectId: string }; result: ProjectMembersDto };
  /** Reads the repository's collaborators and their permissions from GitHub again. */
  'projects.syncMembers': { args: { projectId: string }; result: ProjectMembersDto };
  /** A team server's sign-in for one browser (device flow); callable before signing in. */
  /** Whether a page without a token should offer the team sign-in; callable before signing in. */
  'session.info': { args: Record<string, never>; result: SignInInfoDto };
  'session.start': { args: Record<string, never>; result: TeamSignInDto };
  'session.poll': { args: { flowId: string }; result: TeamSignInPollDto };
}

export type CommandName = keyof Commands;
export type CommandArgs<K extends CommandName> = Commands[K]['args'];
export type CommandResult<K extends CommandName> = Commands[K]['result'];

export const commandNames = {
  'app.status': true,
  'app.recheck': true,
  'settings.get': true,
  'settings.update': true,
  'projects.list': true,
  'projects.get': true,
  'hooks.list': true,
  'hooks.save': true,
  'hooks.delete': true,
  'builds.list': true,
  'builds.get': true,
  'builds.buildBranch': true,
  'builds.rerun': true,
  'jobs.get': true,
  'jobs.cancel': true,
  'jobs.restart': true,
  'auth.status': true,
  'auth.startDeviceFlow': true,
  'auth.startWebFlow': true,
  'auth.signOut': true,
  'repos.list': true,
  'projects.create': true,
  'projects.delete': true,
  'hooks.restore': true,
  'logs.read': true,
  'logs.search': true,
  'logs.firstFailure': true,
  'projects.badge': true,
  'projects.members': true,
  'projects.syncMembers': true,
  'session.info': true,
  'session.start': true,
  'session.poll': true,
} as const satisfies Record<CommandName, true>;

/** The only commands a team server answers without a token: a browser's own sign-in. */
export const signInCommands: ReadonlySet<CommandName> = new Set<CommandName>([
  'session.info',
  'session.start',
  'session.poll',
]);

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandNames, name);
}
