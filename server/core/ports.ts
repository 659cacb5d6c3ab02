// The core's view of the outside world. Adapters implement these interfaces; the core never imports
// an adapter. Each port documents who calls what and which calls are idempotent.
import type {
  AccountDto,
  BuildDto,
  BuildPageDto,
  CommitDto,
  DockerStatusDto,
  HookDefinition,
  HookDto,
  JobAttemptDto,
  JobDto,
  ProjectDto,
  SettingsPatch,
} from '../contract/dto.js';
import type { Envelope } from '../contract/envelope.js';
import type { LogServerFrame, LogSubscribe } from '../contract/log-stream.js';
import type { BuildState } from './build-state.js';
import type { Disposer } from './event-bus.js';

export { CoreError } from './errors.js';
export type { BuildState } from './build-state.js';

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

  listProjects(): readonly ProjectDto[];
  getProject(projectId: string): ProjectDto | null;
  /** Fails with `conflict` when the GitHub repository already has a project. */
  createProject(project: NewProject): Promise<ProjectDto>;
  /** Removes the project, its hooks and its whole history. Idempotent. */
  deleteProject(projectId: string): Promise<void>;

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
  /** Jobs whose current attempt is queued or running, oldest first (scheduler recovery). */
  listUnfinishedJobs(): Promise<readonly JobDto[]>;
}

/** How the store derives a build's status and times from its jobs; injected by the composition root. */
export type BuildStateDeriver = (jobs: readonly JobDto[]) => BuildState;

/** Every container and image Kozmic creates carries this label, so crash recovery can find them all. */
export const managedLabels = { 'dev.kozmic.managed': 'true' } as const;

/** Whether the container engine answers. Never throws: an unreachable engine is a status, not a failure. */
export interface EngineProbe {
  probe(): Promise<DockerStatusDto>;
}

/** Resource limits applied to every job container. */
export interface ContainerLimits {
  readonly memoryBytes: number;
  /** CPU quota in units of 1e-9 CPUs (Docker's NanoCpus). */
  readonly nanoCpus: number;
  readonly pidsLimit: number;
}

/** A step's container, before its script and source are known. */
export interface ContainerSpec {
  /** Image id (not a name): what `prepareImage` or a cache lookup returned. */
  readonly image: string;
  readonly env: Readonly<Record<string, string>>;
  /** Run as this user, or the image's default user when null. */
  readonly user: string | null;
  readonly limits: ContainerLimits;
  /** Labels marking the container as Kozmic's (project, build, job, attempt, step). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface StepSpec extends ContainerSpec {
  /** Script text; written to `/kozmic/script` and run from `/kozmic/src` with a TTY. */
  readonly script: string;
  /**
   * The commit's tree as a tar stream (paths relative to the repository root); the engine puts it at
   * `/kozmic/src` through the Docker API (never a bind mount), owned by the step's user.
   */
  readonly source: () => Promise<NodeJS.ReadableStream>;
}

/**
 * A step's container, already started and waiting for its files: starting a container is the slowest
 * part of a step, so the core starts it while it still fetches the source. Remove it with
 * `removeContainer` if it is not used after all.
 */
export interface StartedContainer {
  readonly containerId: string;
  readonly image: string;
  /** Copies the script and the source in, which lets the script run. Call at most once. */
  run(script: string, source: () => Promise<NodeJS.ReadableStream>): Promise<RunningStep>;
}

export interface RunningStep {
  readonly containerId: string;
  /**
   * Resolves with the script's exit code once the container stops (also after `kill`), after all its
   * output was delivered. Rejects with EngineError when the engine fails or the container vanishes.
   */
  readonly exited: Promise<number>;
  /** Kills the container now. Idempotent; resolves once the kill was delivered. */
  kill(): Promise<void>;
}

export interface EngineImage {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

export interface EngineContainer {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly running: boolean;
}

/**
 * The container engine (a real Docker engine, or the scripted fake in tests and demo mode).
 * Used by the core's job workflow; every call may be made concurrently for different jobs. Failures
 * are thrown as `EngineError` with a message fit for the job log.
 */
export interface JobEngine extends EngineProbe {
  /**
   * The image's id, pulling it first when it is not present locally; pull progress is reported as
   * human-readable lines. Missing image or failed pull → EngineError `image`.
   */
  prepareImage(reference: string, onProgress: (line: string) => void, signal?: AbortSignal): Promise<string>;
  /** Whether the image defines this user (read from its /etc/passwd). */
  imageHasUser(imageId: string, user: string): Promise<boolean>;
  /** Creates and starts a container that waits for its script; output bytes (raw, ANSI kept) go to `onOutput`. */
  startContainer(spec: ContainerSpec, onOutput: (chunk: Buffer) => void): Promise<StartedContainer>;
  /** `startContainer` and `run` at once. */
  startStep(spec: StepSpec, onOutput: (chunk: Buffer) => void): Promise<RunningStep>;
  /** Commits a stopped container to a new image with these labels; returns the image id. */
  commit(containerId: string, labels: Readonly<Record<string, string>>): Promise<string>;
  /** Removes a container and its anonymous volumes. Idempotent (a missing container is fine). */
  removeContainer(containerId: string): Promise<void>;
  /** Images carrying every given label. */
  listImages(labels: Readonly<Record<string, string>>): Promise<readonly EngineImage[]>;
  /** Removes an image. Idempotent. */
  removeImage(imageId: string): Promise<void>;
  /** Containers (running or not) carrying every given label. */
  listContainers(labels: Readonly<Record<string, string>>): Promise<readonly EngineContainer[]>;
}

/** `image`: the image is missing or could not be pulled; `engine`: Docker failed or is unreachable. */
export class EngineError extends Error {
  readonly kind: 'image' | 'engine';

  constructor(kind: 'image' | 'engine', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.kind = kind;
  }
}

export interface FetchRequest {
  readonly projectId: string;
  /** HTTPS clone URL. Credentials are passed to git out of band, never in the URL or a log. */
  readonly cloneUrl: string;
  readonly credentials: { readonly username: string; readonly password: string } | null;
  /** What to fetch, e.g. `refs/heads/main` or `refs/pull/7/head`. */
  readonly ref: string;
  readonly sha: string;
}

/**
 * Per-project git mirrors on the host. `fetch` is idempotent and serialised per project; the other
 * calls need the commit to have been fetched. Failures are `SourceError` carrying git's own message
 * with any credential removed.
 */
export interface SourceRepository {
  /** Makes sure the mirror holds `sha` (cloning the mirror the first time). */
  fetch(request: FetchRequest, onProgress: (line: string) => void): Promise<void>;
  /** The commit's tree as a tar stream, paths relative to the repository root. */
  exportTree(projectId: string, sha: string): Promise<NodeJS.ReadableStream>;
  /** Git object ids at the commit: blob id for a file, tree id for a directory (`.` is the root), null when missing. */
  objectIds(projectId: string, sha: string, paths: readonly string[]): Promise<Record<string, string | null>>;
  /** The commit's full message. */
  commitMessage(projectId: string, sha: string): Promise<string>;
  /** Deletes the project's mirror. Idempotent. */
  remove(projectId: string): Promise<void>;
}

export class SourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceError';
  }
}

/** A job attempt's log being written: raw bytes in order, each chunk numbered. */
export interface LogWriter {
  /** Output from the container, as it arrives (ANSI kept). */
  write(chunk: Buffer): void;
  /** A line from Kozmic itself (shown distinctly, e.g. "Pulling image…"). */
  note(text: string): void;
  /** Flushes and closes; later subscribers get the whole log and an end mark. */
  close(): Promise<void>;
}

export interface LogChunk {
  /** 1-based sequence number of the chunk within the log; resume by asking for `seq + 1`. */
  readonly seq: number;
  readonly data: Buffer;
}

/**
 * Job logs as files under the data dir, with live fan-out. A subscriber that asks for "from sequence
 * N" gets the backlog then live chunks with no gap and no duplicate; a slow subscriber never stalls
 * the writer nor grows memory without bound (it is told to resume from the file instead).
 */
export interface JobLogs {
  /** Starts (or restarts, truncating) the log of an attempt. `limitBytes` caps the file: beyond it the tail is kept. */
  open(logFile: string, limitBytes: number): LogWriter;
  /**
   * Chunks from `fromSeq` on, then live ones until the log closes (`onEnd`). Returns a disposer.
   * `onGap(nextSeq)` is called when the subscriber fell too far behind: it should re-subscribe from there.
   */
  subscribe(
    logFile: string,
    fromSeq: number,
    handlers: {
      onChunk(chunk: LogChunk): void;
      onEnd(): void;
      onGap?(nextSeq: number): void;
      /** What the subscriber holds unsent (a WebSocket's bufferedAmount): paces the backlog, drops a laggard. */
      bufferedBytes?(): number;
    },
  ): Disposer;
  /** Raw bytes of a finished or running log (`start`/`end` byte offsets, for paging). */
  read(logFile: string, range?: { start?: number; end?: number }): Promise<Buffer>;
  /** Bytes `read` can return right now (a running log grows). */
  size(logFile: string): Promise<number>;
  /** Deletes every log under a prefix (a project's or a build's). Idempotent. */
  remove(prefix: string): Promise<void>;
}

/** Where the core reports what happened. Hosts decide where it goes (terminal, file). Never given secrets. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/**
 * Listens once on a loopback address for the OAuth web flow's redirect. `complete` checks the state
 * and signs in; its message is shown to the person in the browser.
 */
export type OAuthCallback = (
  complete: (code: string, state: string) => Promise<{ readonly ok: boolean; readonly message: string }>,
) => Promise<{ readonly redirectUri: string; close(): void }>;

/** A webhook request as the HTTP layer read it, for the core's intake (core/github/webhook-intake.ts). */
export interface WebhookDelivery {
  readonly hookId: string;
  /** `X-GitHub-Event`. */
  readonly event: string | undefined;
  /** `X-GitHub-Delivery`. */
  readonly deliveryId: string | undefined;
  /** `X-Hub-Signature-256`. */
  readonly signature: string | readonly string[] | undefined;
  /** The raw body, decoded as UTF-8 exactly as received. */
  readonly body: string;
}

export interface WebhookAnswer {
  readonly status: number;
  readonly message: string;
}

export type ReceiveWebhook = (delivery: WebhookDelivery) => Promise<WebhookAnswer>;

/** Starts relaying one live log subscription as frames; rejects (not_found) for an unknown job. */
export type SubscribeLog = (
  request: LogSubscribe,
  send: (frame: LogServerFrame) => void,
  bufferedBytes?: () => number,
) => Promise<Disposer>;

/** How hosts and transports hand a command to the core; never throws (see rpc/dispatcher.ts). */
export type Dispatch = (name: unknown, args: unknown) => Promise<Envelope<unknown>>;

export type { Disposer, EventListener } from './event-bus.js';

/** The core's inbound port: one handler per contract command (see handlers.ts). */
export type { CommandHandlers } from './handlers.js';

/** A GitHub account, as the forge reports it. Users are keyed by the numeric id, never the login. */
export interface ForgeUser {
  readonly githubId: number;
  readonly login: string;
  readonly name: string | null;
  readonly avatarUrl: string | null;
  readonly email: string | null;
}

export interface ForgeRepository {
  readonly githubId: number;
  /** `owner/name`. */
  readonly fullName: string;
  readonly ownerLogin: string;
  readonly name: string;
  readonly isPrivate: boolean;
  /** HTTPS clone URL. */
  readonly cloneUrl: string;
  readonly htmlUrl: string;
  /** The signed-in user's permissions on the repository. */
  readonly permissions: {
    readonly admin: boolean;
    readonly maintain: boolean;
    readonly push: boolean;
    readonly triage: boolean;
    readonly pull: boolean;
  };
}

export interface ForgeWebhook {
  readonly id: number;
  readonly url: string;
  readonly events: readonly string[];
  readonly active: boolean;
  readonly contentType: string;
}

export interface WebhookConfig {
  readonly url: string;
  readonly secret: string;
  readonly events: readonly string[];
}

export interface CommitStatus {
  readonly state: 'pending' | 'success' | 'failure' | 'error';
  readonly description: string;
  readonly targetUrl: string | null;
  readonly context: string;
}

export interface DeviceCode {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly expiresInSeconds: number;
  readonly intervalSeconds: number;
}

export type DevicePoll =
  | { readonly kind: 'pending' }
  | { readonly kind: 'slow_down'; readonly intervalSeconds: number }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'expired' }
  | { readonly kind: 'denied' };

/**
 * GitHub (github.com, GitHub Enterprise Server, or the stand-in used in tests). Every call that acts
 * for a user takes that user's token: in team mode several people are signed in at once. Failures are
 * `ForgeError`s whose kind tells the core what to do (ask to sign in again, retry later, …).
 */
export interface Forge {
  /** Starts the OAuth device flow (scope `repo`, plus `admin:repo_hook` for webhooks). */
  startDeviceFlow(): Promise<DeviceCode>;
  /** One poll of the device flow; the caller waits `intervalSeconds` between polls. */
  pollDeviceFlow(deviceCode: string): Promise<DevicePoll>;
  /** Where to send the browser for the web flow; needs a client secret. */
  webFlowUrl(state: string, redirectUri: string): string;
  /** Exchanges the web flow's code for a token. */
  exchangeWebCode(code: string, redirectUri: string): Promise<string>;
  currentUser(token: string): Promise<ForgeUser>;
  /** Every repository the user can see (own, collaborator, organisation), all pages. */
  listRepositories(token: string): Promise<readonly ForgeRepository[]>;
  getRepository(token: string, fullName: string): Promise<ForgeRepository>;
  /** The repository's collaborators with their permissions (for roles). */
  listCollaborators(
    token: string,
    fullName: string,
  ): Promise<readonly (ForgeUser & { readonly permissions: ForgeRepository['permissions'] })[]>;
  createWebhook(token: string, fullName: string, config: WebhookConfig): Promise<ForgeWebhook>;
  updateWebhook(token: string, fullName: string, id: number, config: WebhookConfig): Promise<ForgeWebhook>;
  /** Null when the webhook no longer exists. */
  getWebhook(token: string, fullName: string, id: number): Promise<ForgeWebhook | null>;
  /** `missing` when it was already gone (which counts as deleted). */
  deleteWebhook(token: string, fullName: string, id: number): Promise<'deleted' | 'missing'>;
  postCommitStatus(token: string, fullName: string, sha: string, status: CommitStatus): Promise<void>;
  /** The commit's message and author name, for builds whose payload lacks them. */
  getCommit(
    token: string,
    fullName: string,
    sha: string,
  ): Promise<{ readonly message: string; readonly author: string }>;
  /** Checks a delivery's signature header against the hook's secret (constant time). Never throws. */
  verifyWebhookSignature(
    secret: string,
    body: string,
    signature: string | readonly string[] | undefined,
  ): Promise<boolean>;
  /** Reads a verified delivery (`X-GitHub-Event` and the raw body). Never throws. */
  parseWebhookEvent(event: string | undefined, body: string): WebhookEvent;
  /** The skip marker (`[skip ci]`, `[ci skip]`, `skip_ci`, `ci_skip`, any case) in a text, or null. */
  findSkipMarker(text: string | null | undefined): string | null;
}

export interface WebhookRepository {
  readonly githubId: number;
  /** `owner/name`. */
  readonly fullName: string;
}

/** What a delivery asks to build, and why. */
export interface BuildTarget {
  readonly repository: WebhookRepository;
  /** `ref` is the branch name (a PR's head branch, possibly in a fork); `fetchRef` where git finds `sha`. */
  readonly commit: CommitDto & { readonly fetchRef: string };
  /**
   * True for pull requests, whose payload carries no commit: `commit.message` is then the PR title and
   * `commit.author` the PR author's login. Look the commit up (`getCommit`) for the real message and
   * author, and check that message for skip markers too.
   */
  readonly needsCommitLookup: boolean;
  readonly pullRequest: {
    readonly number: number;
    readonly action: 'opened' | 'synchronize' | 'reopened';
    /** `owner/name` of the head repository; null when the fork was deleted. */
    readonly headRepository: string | null;
    readonly fromFork: boolean;
  } | null;
}

export type WebhookEvent =
  | { readonly kind: 'ping'; readonly hookId: number; readonly repository: WebhookRepository | null }
  | ({ readonly kind: 'build' } & BuildTarget)
  /** A skip marker was found (in the commit message, or the PR title or body): acknowledge, build nothing. */
  | ({ readonly kind: 'skipped'; readonly marker: string } & BuildTarget)
  /** A well-formed delivery Kozmic does not build (tag push, branch deletion, other actions and events). */
  | { readonly kind: 'ignored'; readonly reason: string }
  /** The payload is not what GitHub sends for this event. */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * `unauthorized`: the token is missing, expired or revoked (sign in again). `not_found`: no such
 * repository, hook or commit, or no access. `forbidden`: not allowed (permissions, scopes).
 * `unavailable`: GitHub could not be reached or failed (retry later). `rate_limited`: wait until `retryAt`.
 */
export class ForgeError extends Error {
  readonly kind: 'unauthorized' | 'not_found' | 'forbidden' | 'unavailable' | 'rate_limited' | 'invalid';
  readonly retryAt: string | null;

  constructor(
    kind: ForgeError['kind'],
    message: string,
    options?: { cause?: unknown; retryAt?: string | null },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ForgeError';
    this.kind = kind;
    this.retryAt = options?.retryAt ?? null;
  }
}

/**
 * Secrets (OAuth tokens, webhook secrets) encrypted at rest: Electron's safeStorage on the desktop, a
 * key file readable only by its user on the headless host. Values never reach the JSON store or a log.
 */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  /** Idempotent. */
  delete(name: string): Promise<void>;
}
