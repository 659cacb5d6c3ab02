// The Store port: persistent state, and how builds and jobs come to exist.
import type { CommitStatus } from './forge-port.js';
import type {
  AccountDto,
  BuildDto,
  BuildPageDto,
  CommitDto,
  HookDefinition,
  HookDto,
  JobAttemptDto,
  JobDto,
  ProjectDto,
  SettingsPatch,
} from '../../contract/dto.js';
import type { BuildState } from '../build-state.js';

/** A webhook delivery as accepted from GitHub (after its signature was verified). */
export interface DeliveryInput {
  /** The `X-GitHub-Delivery` GUID; deliveries are deduplicated by it. */
  readonly deliveryId: string;
  readonly event: string;
  /** The raw JSON body as received. Kept for inspection; stored outside the history shards. */
  readonly payload: string;
  readonly receivedAt: string;
}

export interface BuildRequest {
  readonly projectId: string;
  readonly hookId: string;
  readonly commit: CommitDto;
  readonly delivery: DeliveryInput;
}

export type BuildRequestOutcome =
  /** The same `X-GitHub-Delivery` was seen before: nothing changed. */
  | { readonly kind: 'duplicate-delivery' }
  /** The build for (project, ref, sha) already has a job for this hook: nothing changed. */
  | { readonly kind: 'duplicate-job'; readonly build: BuildDto }
  | { readonly kind: 'created'; readonly build: BuildDto; readonly job: JobDto; readonly newBuild: boolean };

export interface NewProject {
  readonly githubRepoId: number;
  readonly fullName: string;
  readonly ownerLogin: string;
  readonly name: string;
  readonly isPrivate: boolean;
  readonly cloneUrl: string;
  readonly ownerGithubId: number;
  /** Unknown (null, the default) until GitHub says, at creation or in a delivery. */
  readonly defaultBranch?: string | null;
}

/** A delivery GitHub keeps of a webhook: its numeric id (they increase) and when it was delivered. */
export interface DeliveryMark {
  readonly id: number;
  readonly at: string;
}

export type AttemptPatch = Partial<Omit<JobAttemptDto, 'attempt' | 'logFile' | 'queuedAt'>>;

/**
 * Persistent state. Opened once by the host (`openStore`), closed once at shutdown after which no
 * call is allowed. Every mutating call resolves only once its change is on disk (atomically: a crash
 * leaves either the old or the new state, never a mix within one file). Reads return copies.
 *
 * History (builds, jobs, deliveries) is sharded so that one write costs the same at 100 builds and at
 * 100,000; settings, accounts, projects and hooks live in one small document.
 */
export interface Store {
  close(): Promise<void>;

  /** Settings the user changed; anything absent falls back to configuration and defaults. */
  getSettings(): SettingsPatch;
  updateSettings(patch: SettingsPatch): Promise<SettingsPatch>;

  listAccounts(): readonly AccountDto[];
  getAccount(githubId: number): AccountDto | null;
  /** Insert or replace by GitHub numeric id (never by login: logins are recycled). */
  saveAccount(account: AccountDto): Promise<void>;
  /**
   * The account the host itself signed in with (the desktop user, a team server's operator), as opposed
   * to teammates signed in through the UI. Null before the first sign-in after team mode existed.
   */
  getHostAccountId(): number | null;
  setHostAccountId(githubId: number | null): Promise<void>;

  listProjects(): readonly ProjectDto[];
  getProject(projectId: string): ProjectDto | null;
  /** Fails with `conflict` when the GitHub repository already has a project. */
  createProject(project: NewProject): Promise<ProjectDto>;
  /** Removes the project, its hooks and its whole history. Idempotent. */
  deleteProject(projectId: string): Promise<void>;
  /**
   * GitHub names `branch` the repository's default: kept with the project, whose `defaultBranchBuild`
   * becomes that branch's newest build (of the last 500). Nothing is written when it is already so.
   */
  setDefaultBranch(projectId: string, branch: string): Promise<ProjectDto>;

  /** Live hooks of a project, oldest first. */
  listHooks(projectId: string): readonly HookDto[];
  /** Also returns a deleted hook's last definition, so history stays readable. */
  getHook(hookId: string): (HookDto & { readonly deletedAt: string | null }) | null;
  createHook(projectId: string, definition: HookDefinition): Promise<HookDto>;
  updateHook(
    hookId: string,
    patch: Partial<HookDefinition> & { githubHookId?: number | null },
  ): Promise<HookDto>;
  /** Soft delete: jobs that ran for the hook keep their definition snapshot. Idempotent. */
  deleteHook(hookId: string): Promise<void>;

  /**
   * The one way builds and jobs come to exist: find or create the build for (project, ref, sha) and add
   * a queued job for the hook, atomically with recording the delivery. Safe under concurrent calls:
   * numbers stay unique and sequential per project and no job is lost.
   */
  requestBuild(request: BuildRequest): Promise<BuildRequestOutcome>;
  listBuilds(projectId: string, page: number, perPage: number): Promise<BuildPageDto>;
  getBuild(projectId: string, number: number): Promise<BuildDto | null>;
  getJob(jobId: string): Promise<JobDto | null>;
  /** The raw payload of a recorded delivery, or null when unknown. */
  getDeliveryPayload(projectId: string, deliveryId: string): Promise<string | null>;
  /** Patches the job's current attempt. */
  updateAttempt(jobId: string, patch: AttemptPatch): Promise<JobDto>;
  /** Starts a new queued attempt with the given definition; older attempts are kept. */
  addAttempt(jobId: string, definition: HookDefinition): Promise<JobDto>;
  /** Commit statuses waiting to reach GitHub, by key (survive restarts; see core/github-use-cases/status-poster.ts). */
  listPendingStatuses(): Readonly<Record<string, PendingCommitStatus>>;
  /** Replaces the waiting status of `key` (one per build: only the newest matters). */
  putPendingStatus(key: string, pending: PendingCommitStatus): Promise<void>;
  /** Idempotent. */
  removePendingStatus(key: string): Promise<void>;
  /** The last status GitHub accepted for `key` (`<project>/<sha>/<context>`), as `<state>|<description>`. */
  acceptedStatus(key: string): string | null;
  /** Remembers what GitHub accepted for `key` and drops the waiting status `pendingKey`, in one write. */
  statusAccepted(key: string, fingerprint: string, pendingKey: string | null): Promise<void>;
  /** Whether a build was made or joined for this delivery id (`X-GitHub-Delivery`) of the project. */
  hasDelivery(projectId: string, deliveryId: string): Promise<boolean>;
  /** The newest of a hook's deliveries on GitHub that catch-up has looked at, or null before the first. */
  deliveryMark(hookId: string): DeliveryMark | null;
  /** Moves a hook's mark forward (never back). */
  setDeliveryMark(hookId: string, mark: DeliveryMark): Promise<void>;
  /** Jobs whose current attempt is queued or running, oldest first (scheduler recovery). */
  listUnfinishedJobs(): Promise<readonly JobDto[]>;

  /** A project's people as last read from GitHub (never its owner); an empty list before the first sync. */
  getMembers(projectId: string): ProjectMembers;
    /** Replaces a project's people after a sync from GitHub, with what GitHub now grants its owner. */
  replaceMembers(
    projectId: string,
    members: readonly MemberRecord[],
    syncedAt: string,
    ownerAccess: OwnerAccess,
  ): Promise<void>;
  /** What GitHub now grants a project's owner (read at their sign-in). */
  setOwnerAccess(projectId: string, ownerAccess: OwnerAccess): Promise<void>;
  /**
   * One person's role in several projects at once (a sign-in's sync from their repositories): a record
   * sets it, null removes them from that project. One write.
   */
  setRolesOf(githubId: number, roles: ReadonlyMap<string, MemberRecord | null>): Promise<void>;

  /** Team-server browser sessions, by the SHA-256 of their token (the token itself is never stored). */
  getSession(tokenHash: string): SessionRecord | null;
  saveSession(tokenHash: string, session: SessionRecord): Promise<void>;
  /** Idempotent. */
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of a person (their GitHub token stopped working); returns how many there were. */
  deleteSessionsOf(githubId: number): Promise<number>;
    countSessionsOf(githubId: number): number;
  /** Ends every session that expired before `now`; returns the GitHub ids whose sessions were ended. */
  deleteExpiredSessions(now: string): Promise<readonly number[]>;
}

export interface MemberRecord {
  readonly githubId: number;
  readonly login: string;
  readonly avatarUrl: string | null;
  readonly role: 'manager' | 'member';
}

export interface ProjectMembers {
  readonly members: readonly MemberRecord[];
  readonly syncedAt: string | null;
  /** What GitHub grants the owner now; null until first read (they keep the owner role until then). */
  readonly ownerAccess: OwnerAccess | null;
}

/** The creator keeps the owner role while an admin on GitHub; with less, the role GitHub allows, or none. */
export type OwnerAccess = 'owner' | 'manager' | 'member' | 'none';

export interface SessionRecord {
  readonly githubId: number;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly expiresAt: string;
}

/** How the store derives a build's status and times from its jobs; injected by the composition root. */
export type BuildStateDeriver = (jobs: readonly JobDto[]) => BuildState;

/** A commit status that GitHub has not accepted yet. */
export interface PendingCommitStatus {
  readonly projectId: string;
  readonly sha: string;
  readonly status: CommitStatus;
}
