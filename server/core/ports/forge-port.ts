// The Forge port: GitHub, and what its webhooks mean.
import type { CommitDto } from '../../contract/dto.js';

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
  /** The branch GitHub shows first (`main`, `master`, …); null when GitHub did not say. */
  readonly defaultBranch: string | null;
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
  /** One page (up to 100) of the deliveries GitHub keeps of a webhook, newest first; `cursor` from the page before. */
  listHookDeliveries(token: string, fullName: string, hookId: number, cursor: string | null): Promise<HookDeliveryPage>;
  /** The event and payload one delivery sent; `not_found` once GitHub no longer keeps it. */
  getHookDelivery(token: string, fullName: string, hookId: number, deliveryId: number): Promise<HookDeliveryRequest>;
  /** The commit's message and author name, for builds whose payload lacks them. */
  getCommit(
    token: string,
    fullName: string,
    sha: string,
  ): Promise<{ readonly message: string; readonly author: string }>;
  /** The newest commit of a branch (a build without a push); null when the repository has no such branch. */
  getBranchHead(token: string, fullName: string, branch: string): Promise<BranchHead | null>;
  /** Checks a delivery's signature header against the hook's secret over the bytes received (constant time). Never throws. */
  verifyWebhookSignature(
    secret: string,
    body: Uint8Array,
    signature: string | readonly string[] | undefined,
  ): Promise<boolean>;
  /** Reads a verified delivery (`X-GitHub-Event` and the raw body). Never throws. */
  parseWebhookEvent(event: string | undefined, body: string): WebhookEvent;
  /** The skip marker (`[skip ci]`, `[ci skip]`, `skip_ci`, `ci_skip`, any case) in a text, or null. */
  findSkipMarker(text: string | null | undefined): string | null;
}

export interface BranchHead {
  readonly sha: string;
  readonly message: string;
  /** The git author's name. */
  readonly author: string;
  /** The commit's page on GitHub. */
  readonly url: string;
}

/** One delivery GitHub keeps of a repository webhook ("List deliveries for a repository webhook"). */
export interface HookDelivery {
  /** GitHub's id of this delivery, for `getHookDelivery`. */
  readonly id: number;
  /** The `X-GitHub-Delivery` it was sent with; a redelivery carries its original's guid. */
  readonly guid: string;
  /** ISO time. */
  readonly deliveredAt: string;
  readonly redelivery: boolean;
  /** The receiver's HTTP status; GitHub reports a receiver it could not reach as 502 or 504 (or 0). */
  readonly statusCode: number;
  /** `push`, `pull_request`, `ping`, … */
  readonly event: string;
  readonly action: string | null;
}

export interface HookDeliveryPage {
  /** Newest first. */
  readonly deliveries: readonly HookDelivery[];
  /** The cursor of the next (older) page, from GitHub's `Link` header; null on the last page. */
  readonly nextCursor: string | null;
}

/** What one delivery sent ("Get a delivery for a repository webhook"). */
export interface HookDeliveryRequest {
  readonly guid: string;
  readonly event: string;
  /** `request.payload` as JSON text, for `parseWebhookEvent`. */
  readonly payload: string;
}

export interface WebhookRepository {
  readonly githubId: number;
  /** `owner/name`. */
  readonly fullName: string;
  /** The repository's default branch as the delivery states it; null when the payload does not say. */
  readonly defaultBranch: string | null;
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
