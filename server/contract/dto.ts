// Data that crosses the boundary between the core and the renderer. Plain readonly shapes only:
// no class instances, no third-party types, nothing that would not survive JSON or structured clone.

/** Statuses a job moves through. `error` is infrastructure trouble, `failure` a non-zero script exit. */
export type JobStatus = 'queued' | 'running' | 'success' | 'failure' | 'error' | 'cancelled';

/** A build's status is always derived from its jobs (see `buildStatusOf`), never stored on its own. */
export type BuildStatus = 'pending' | 'success' | 'failure' | 'error' | 'cancelled';

/**
 * Where a build is, apart from how it is going: no job started yet (`queued`, also after a restart of a
 * finished build's job until it starts), a job running (`running`), or every job ended (`finished`). A
 * build can be `running` and `failure` at once: a job failed while others still run.
 */
export type BuildProgress = 'queued' | 'running' | 'finished';

export type Role = 'owner' | 'manager' | 'member';

export interface AccountDto {
  readonly githubId: number;
  readonly login: string;
  readonly name: string | null;
  readonly avatarUrl: string | null;
  readonly email: string | null;
}

export interface ProjectDto {
  readonly id: string;
  readonly githubRepoId: number;
  /** `owner/repo` as GitHub spells it. */
  readonly fullName: string;
  readonly ownerLogin: string;
  readonly name: string;
  readonly isPrivate: boolean;
  readonly cloneUrl: string;
  /** GitHub id of the account that created the project. */
  readonly ownerGithubId: number;
  readonly createdAt: string;
  /** The newest build, so lists can show status and order by activity without reading history. */
  readonly latestBuild: BuildSummaryDto | null;
  /** The repository's default branch on GitHub as last seen (at creation, then each delivery); null until known. */
  readonly defaultBranch: string | null;
  /** The newest build of the default branch: what the project's state is (the tray shows it). */
  readonly defaultBranchBuild: BuildSummaryDto | null;
}

export interface HookDefinition {
  readonly title: string;
  /** Docker image reference, e.g. `debian:bookworm` or `registry.local:5000/team/base:1`. */
  readonly image: string;
  /** Runs once per cache key; its container is committed to a cached image. Empty means no install step. */
  readonly installScript: string;
  readonly buildScript: string;
  /** Normalised relative paths whose content is part of the install cache key. */
  readonly trackedFiles: readonly string[];
}

export interface HookDto extends HookDefinition {
  readonly id: string;
  readonly projectId: string;
  /** Id of the webhook on GitHub, or null until it has been created there. */
  readonly githubHookId: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CommitDto {
  readonly sha: string;
  /** Branch name (without `refs/heads/`). */
  readonly ref: string;
  readonly message: string;
  /** The git author's name (not a GitHub login). */
  readonly author: string;
  readonly url: string | null;
  /** Where the sha can be fetched from: `refs/heads/<ref>`, or `refs/pull/<n>/head` for pull requests (forks too). */
  readonly fetchRef?: string;
}

export interface BuildSummaryDto {
  readonly projectId: string;
  readonly number: number;
  readonly status: BuildStatus;
  readonly progress: BuildProgress;
  readonly ref: string;
  readonly sha: string;
  readonly message: string;
  readonly createdAt: string;
  /** The first start of its jobs' current attempts. */
  readonly startedAt: string | null;
  /** The last end of its jobs' current attempts, once every one has ended; "took" is the span between. */
  readonly finishedAt: string | null;
}

export interface BuildDto extends BuildSummaryDto {
  readonly commit: CommitDto;
  readonly jobs: readonly JobDto[];
}

/** The inputs of the install-cache key, recorded on each job so a miss can be explained. */
export interface CacheKeyInputs {
  readonly imageId: string;
  readonly installScriptSha256: string;
  /** Tracked path → git object id at the commit, or `missing`. */
  readonly trackedObjects: Readonly<Record<string, string>>;
  readonly key: string;
}

export interface JobAttemptDto {
  readonly attempt: number;
  readonly status: JobStatus;
  readonly queuedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly exitCode: number | null;
  /** Human-readable reason for `error` and `cancelled`. */
  readonly reason: string | null;
  readonly cacheHit: boolean | null;
  /** Why the install cache missed (which input changed), in words; null on a hit or without an install step. */
  readonly cacheReason: string | null;
  readonly cacheKeyInputs: CacheKeyInputs | null;
  /**
   * The install image the build step ran from: the cached image reused on a hit, or the one the install
   * step was saved as on a miss. Null without an install step, or before the step was decided.
   */
  readonly cacheImageId: string | null;
  /** Log file name, relative to the data dir's log folder. Log text never travels inside a DTO. */
  readonly logFile: string;
}

export interface JobDto {
  /** `<projectId>.<buildNumber>.<jobNumber>`: stable across attempts. */
  readonly id: string;
  readonly projectId: string;
  readonly buildNumber: number;
  readonly number: number;
  readonly hookId: string;
  /** The hook's definition as it was when the latest attempt was queued (history survives hook edits). */
  readonly definition: HookDefinition;
  readonly deliveryId: string | null;
  /** Attempts oldest first; the last one is the current state of the job. */
  readonly attempts: readonly JobAttemptDto[];
}

export interface BuildPageDto {
  readonly builds: readonly BuildSummaryDto[];
  readonly page: number;
  readonly perPage: number;
  readonly total: number;
}

export interface SettingsDto {
  readonly maxParallelJobs: number;
  readonly stallTimeoutSeconds: number;
  readonly jobTimeoutSeconds: number;
  readonly cachedImagesLimit: number;
  readonly logLimitBytes: number;
  /** Resource limits of every job container. */
  readonly jobMemoryMb: number;
  readonly jobCpus: number;
  readonly jobPidsLimit: number;
  readonly publicUrl: string | null;
  /**
   * Where people reach this Kozmic's interface (a team server behind its own address). When set, the
   * "Details" link of a commit status and the link in a failure e-mail open the build there; when not,
   * they lead to the build's link page on the public URL (see core/build-links.ts).
   */
  readonly uiPublicUrl: string | null;
  /** Open a tunnel (localtunnel) to the webhook port; while it is open, its address is the public URL. */
  readonly tunnel: boolean;
  /** The localtunnel server, `https://localtunnel.me` or your own. */
  readonly tunnelServer: string;
  /** Ask the tunnel server for this name (a stable address); null: any. */
  readonly tunnelSubdomain: string | null;
  readonly githubUrl: string;
  readonly dockerHost: string | null;
  readonly emailNotifications: boolean;
  /** Settings fixed by a KOZMIC_* environment variable: shown, but not editable in the app. */
  readonly fromEnvironment: readonly EditableSetting[];
}

export type EditableSetting = Exclude<keyof SettingsDto, 'fromEnvironment'>;
export type SettingsPatch = { -readonly [K in EditableSetting]?: SettingsDto[K] };

export interface DockerStatusDto {
  readonly reachable: boolean;
  /** Where the engine was looked for, e.g. `unix:///var/run/docker.sock`; null for teammates. */
  readonly endpoint: string | null;
  readonly version: string | null;
  readonly apiVersion: string | null;
  /** What went wrong and what to do, when not reachable. */
  readonly problem: string | null;
}

/** Whether the public URL leads to this Kozmic's webhook server, checked the way GitHub would reach it. */
export interface WebhookReachabilityDto {
  /** The public URL checked; null when none is set. */
  readonly publicUrl: string | null;
  /** `<publicUrl>/hooks/health` answered with this process's nonce. */
  readonly reachable: boolean;
  readonly checkedAt: string;
  /** What went wrong and what to do, when not reachable. */
  readonly problem: string | null;
}

/** The tunnel that lets GitHub reach this machine (setting `tunnel`). */
export interface TunnelStatusDto {
  /** off: not wanted; waiting: wanted, the webhook port is not listening yet; connecting; open; failed: retrying. */
  readonly state: 'off' | 'waiting' | 'connecting' | 'open' | 'failed';
  /** The public address while open. */
  readonly url: string | null;
  readonly server: string;
  /** What went wrong last and what to do (while failed or reconnecting). */
  readonly problem: string | null;
  /** When the next attempt is made, while failed. */
  readonly retryAt: string | null;
}

/** How secrets are encrypted at rest: by the system keychain, or with a key file in the data folder. */
export interface SecretProtectionDto {
  readonly kind: 'keychain' | 'key-file';
  /** The keychain in use, or why there is none. */
  readonly detail: string;
}

export interface AppStatusDto {
  readonly version: string;
  readonly host: 'desktop' | 'headless';
  /** Null for teammates: where the server keeps its data is the operator's business. */
  readonly dataDir: string | null;
  readonly docker: DockerStatusDto;
  readonly webhooks: WebhookReachabilityDto;
  readonly tunnel: TunnelStatusDto;
  readonly secrets: SecretProtectionDto;
  readonly startedAt: string;
}

export interface DeviceCodeDto {
  /** The code to type on GitHub's device page. */
  readonly userCode: string;
  readonly verificationUri: string;
  readonly expiresAt: string;
}

export interface AuthStatusDto {
  /** The signed-in GitHub account, or null. */
  readonly account: AccountDto | null;
  /** GitHub refused the saved token (expired or revoked): sign in again. */
  readonly needsSignIn: boolean;
  /** A device sign-in waiting for the user to enter the code on GitHub. */
  readonly deviceCode: DeviceCodeDto | null;
  readonly githubUrl: string;
  /** False until an OAuth application (KOZMIC_GITHUB_CLIENT_ID) is configured. */
  readonly canSignIn: boolean;
  /** The browser (web flow) sign-in is offered too: the application's client secret is configured. */
  readonly canUseBrowser: boolean;
  /** What went wrong with the last sign-in attempt, for a person. */
  readonly problem: string | null;
  /**
   * `operator`: the desktop user, or whoever holds the team server's start-up token (everything).
   * `teammate`: a person signed in to a team server's UI; what they may do depends on their role in each project.
   */
  readonly access: 'operator' | 'teammate';
}

export interface RepositoryDto {
  readonly githubId: number;
  readonly fullName: string;
  readonly ownerLogin: string;
  readonly name: string;
  readonly isPrivate: boolean;
  /** Only administrators can add the webhooks a project needs. */
  readonly canAdminister: boolean;
  /** The project already made from this repository, if any. */
  readonly projectId: string | null;
}

/** A build that broke its branch, or mended it: what the tray and desktop notifications say. */
export interface BuildNoticeDto {
  readonly kind: 'failed' | 'fixed';
  readonly projectId: string;
  readonly fullName: string;
  readonly number: number;
  readonly ref: string;
  readonly sha: string;
  readonly status: BuildStatus;
  /** The commit message's first line. */
  readonly message: string;
}

/** What a branch's badge says. "unknown": the branch was never built. */
export type BadgeStatus = 'passing' | 'failing' | 'error' | 'pending' | 'cancelled' | 'unknown';

export interface BadgeDto {
  /** The SVG's address on the public URL (with the project's badge token for a private project). */
  readonly imageUrl: string;
  /** Ready to paste into a README. */
  readonly markdown: string;
}

/** Someone with a role in a project, from the repository's permissions on GitHub. */
export interface MemberDto {
  readonly githubId: number;
  readonly login: string;
  readonly avatarUrl: string | null;
  /** admin, maintain or push on GitHub → manager; triage or pull → member. The creator is the owner. */
  readonly role: Role;
}

export interface ProjectMembersDto {
  readonly projectId: string;
  /** Owner first, then managers, then members, each by login. */
  readonly members: readonly MemberDto[];
  /** When the list was last read from GitHub; null if it never was. */
  readonly syncedAt: string | null;
  /** The role of whoever asked, which decides the controls they see. */
  readonly yourRole: Role;
}

/** A team-server sign-in waiting for the person to enter `userCode` on GitHub. */
export interface TeamSignInDto {
  /** Names this sign-in in `session.poll`; known only to the browser that started it. */
  readonly flowId: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly expiresAt: string;
  /** How long to wait between polls. */
  readonly intervalSeconds: number;
}

/** Which jobs of a build run again: the failed (and cancelled) ones, or all of them. */
export type RerunScope = 'failed' | 'all';

export interface ManualBuildDto {
  readonly build: BuildDto;
  /** False when the branch's newest commit already had a build with a job for every hook. */
  readonly created: boolean;
}

/** What a page opened without a token may know: whether teammates sign in here with GitHub. */
export interface SignInInfoDto {
  /**
   * True when people other than the operator may use this Kozmic: it can sign them in with GitHub and
   * either listens beyond this machine or a project has people besides its owner.
   */
  readonly teamSignIn: boolean;
}

export type TeamSignInPollDto =
  | { readonly state: 'pending' }
  /** The session token goes with every later call (Bearer) and the WebSocket (`token.<value>`). */
  | { readonly state: 'signed-in'; readonly sessionToken: string; readonly account: AccountDto }
  | { readonly state: 'expired' | 'denied'; readonly message: string };
