// The Forge port over GitHub's REST API (github.com, GitHub Enterprise Server, or the stand-in), with
// @octokit/rest. Each call builds a client for the caller's token: in team mode several people are
// signed in at once, and no token is ever kept here.
import { Octokit } from '@octokit/rest';
import {
  ForgeError,
  type BranchHead,
  type CommitStatus,
  type DeviceCode,
  type DevicePoll,
  type Forge,
  type ForgeRepository,
  type ForgeUser,
  type ForgeWebhook,
  type HookDeliveryPage,
  type HookDeliveryRequest,
  type WebhookConfig,
  type WebhookEvent,
} from '../../core/ports.js';
import { pollDeviceFlow, startDeviceFlow, type OAuthRequest } from './device-flow.js';
import { toForgeError } from './forge-errors.js';
import { nextCursorOf, toForgeRepository, toForgeUser, toForgeWebhook, toHookDelivery, toPermissions } from './github-shapes.js';
import { gitHubEndpoints, type GitHubEndpoints } from './github-urls.js';
import { WebFlow } from './web-flow.js';
import { parseWebhookEvent } from './webhook-event.js';
import { verifyWebhookSignature } from './webhook-signature.js';
import { findSkipMarker } from './skip-markers.js';

export interface GitHubForgeOptions {
  /** `https://github.com`, a GitHub Enterprise Server root, or the stand-in's URL. */
  readonly baseUrl: string;
  readonly clientId: string | null;
  readonly clientSecret: string | null;
  /** Items per page when listing (GitHub allows at most 100). */
  readonly pageSize?: number;
  /** Per-request time limit; default 30 s. */
  readonly timeoutMs?: number;
}

/** `repo` for repositories and statuses; `admin:repo_hook` for the webhooks Kozmic manages. */
const SCOPES = ['repo', 'admin:repo_hook'] as const;
/**
 * Octokit logs every failed request to stderr; each failure reaches the caller as a ForgeError
 * instead (and an expected 404, like a webhook already deleted, is no error at all).
 */
const quietLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: () => undefined,
};
/** GitHub's limit for a commit status description. */
const DESCRIPTION_LIMIT = 140;

export class GitHubForge implements Forge {
  readonly endpoints: GitHubEndpoints;
  private readonly Client: typeof Octokit;
  private readonly pageSize: number;
  private webFlow: WebFlow | null = null;

  constructor(private readonly options: GitHubForgeOptions) {
    this.endpoints = gitHubEndpoints(options.baseUrl);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timedFetch: typeof fetch = (input, init) =>
      fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
    this.Client = Octokit.defaults({
      baseUrl: this.endpoints.api,
      userAgent: 'Kozmic',
      request: { fetch: timedFetch },
      log: quietLog,
    });
    this.pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
  }

  async startDeviceFlow(): Promise<DeviceCode> {
    const clientId = this.requireClientId();
    return this.call('the device sign-in', () =>
      startDeviceFlow(this.oauthRequest(), this.endpoints.web, clientId, SCOPES),
    );
  }

  async pollDeviceFlow(deviceCode: string): Promise<DevicePoll> {
    const clientId = this.requireClientId();
    return this.call('the device sign-in', () =>
      pollDeviceFlow(this.oauthRequest(), this.endpoints.web, clientId, deviceCode),
    );
  }

  webFlowUrl(state: string, redirectUri: string): string {
    return this.requireWebFlow().authorizationUrl(state, redirectUri);
  }

  async exchangeWebCode(code: string, redirectUri: string): Promise<string> {
    const webFlow = this.requireWebFlow();
    return this.call('the sign-in code', () => webFlow.exchange(code, redirectUri));
  }

  async currentUser(token: string): Promise<ForgeUser> {
    const { data } = await this.call('the signed-in user', () =>
      this.client(token).rest.users.getAuthenticated(),
    );
    return toForgeUser(data);
  }

  async listRepositories(token: string): Promise<readonly ForgeRepository[]> {
    const octokit = this.client(token);
    const repos = await this.call('the repository list', () =>
      octokit.paginate(octokit.rest.repos.listForAuthenticatedUser, {
        affiliation: 'owner,collaborator,organization_member',
        per_page: this.pageSize,
      }),
    );
    // A repository created while paging can shift another onto the next page twice.
    const byId = new Map(repos.map((repo) => [repo.id, toForgeRepository(repo, this.endpoints.web)]));
    return [...byId.values()];
  }

  async getRepository(token: string, fullName: string): Promise<ForgeRepository> {
    const { owner, repo } = splitFullName(fullName);
    const { data } = await this.call(`repository ${fullName}`, () =>
      this.client(token).rest.repos.get({ owner, repo }),
    );
    return toForgeRepository(data, this.endpoints.web);
  }

  async listCollaborators(
    token: string,
    fullName: string,
  ): Promise<readonly (ForgeUser & { readonly permissions: ForgeRepository['permissions'] })[]> {
    const { owner, repo } = splitFullName(fullName);
    const octokit = this.client(token);
    const people = await this.call(`collaborators of ${fullName}`, () =>
      octokit.paginate(octokit.rest.repos.listCollaborators, {
        owner,
        repo,
        affiliation: 'all',
        per_page: this.pageSize,
      }),
    );
    return people.map((person) => ({
      ...toForgeUser(person),
      permissions: toPermissions(person.permissions),
    }));
  }

  async createWebhook(token: string, fullName: string, config: WebhookConfig): Promise<ForgeWebhook> {
    const { owner, repo } = splitFullName(fullName);
    const { data } = await this.call(`repository ${fullName} (creating its webhook)`, () =>
      this.client(token).rest.repos.createWebhook({ owner, repo, name: 'web', ...webhookFields(config) }),
    );
    return toForgeWebhook(data);
  }

  async updateWebhook(
    token: string,
    fullName: string,
    id: number,
    config: WebhookConfig,
  ): Promise<ForgeWebhook> {
    const { owner, repo } = splitFullName(fullName);
    const { data } = await this.call(`webhook ${id} of ${fullName}`, () =>
      this.client(token).rest.repos.updateWebhook({ owner, repo, hook_id: id, ...webhookFields(config) }),
    );
    return toForgeWebhook(data);
  }

  async getWebhook(token: string, fullName: string, id: number): Promise<ForgeWebhook | null> {
    const { owner, repo } = splitFullName(fullName);
    try {
      const { data } = await this.call(`webhook ${id} of ${fullName}`, () =>
        this.client(token).rest.repos.getWebhook({ owner, repo, hook_id: id }),
      );
      return toForgeWebhook(data);
    } catch (error) {
      if (error instanceof ForgeError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  async deleteWebhook(token: string, fullName: string, id: number): Promise<'deleted' | 'missing'> {
    const { owner, repo } = splitFullName(fullName);
    try {
      await this.call(`webhook ${id} of ${fullName}`, () =>
        this.client(token).rest.repos.deleteWebhook({ owner, repo, hook_id: id }),
      );
      return 'deleted';
    } catch (error) {
      if (error instanceof ForgeError && error.kind === 'not_found') return 'missing';
      throw error;
    }
  }

  async postCommitStatus(token: string, fullName: string, sha: string, status: CommitStatus): Promise<void> {
    const { owner, repo } = splitFullName(fullName);
    const description =
      status.description.length > DESCRIPTION_LIMIT
        ? `${status.description.slice(0, DESCRIPTION_LIMIT - 1)}…`
        : status.description;
    await this.call(`commit ${sha} of ${fullName}`, () =>
      this.client(token).rest.repos.createCommitStatus({
        owner,
        repo,
        sha,
        state: status.state,
        description,
        context: status.context,
        ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
      }),
    );
  }

  async listHookDeliveries(token: string, fullName: string, hookId: number, cursor: string | null): Promise<HookDeliveryPage> {
    const { owner, repo } = splitFullName(fullName);
    const response = await this.call(`the deliveries of webhook ${hookId} of ${fullName}`, () =>
      this.client(token).rest.repos.listWebhookDeliveries({
        owner,
        repo,
        hook_id: hookId,
        per_page: 100,
        ...(cursor ? { cursor } : {}),
      }),
    );
    return { deliveries: response.data.map(toHookDelivery), nextCursor: nextCursorOf(response.headers.link) };
  }

  async getHookDelivery(token: string, fullName: string, hookId: number, deliveryId: number): Promise<HookDeliveryRequest> {
    const { owner, repo } = splitFullName(fullName);
    const { data } = await this.call(`delivery ${deliveryId} of webhook ${hookId} of ${fullName}`, () =>
      this.client(token).rest.repos.getWebhookDelivery({ owner, repo, hook_id: hookId, delivery_id: deliveryId }),
    );
    return { guid: data.guid, event: data.event, payload: JSON.stringify(data.request.payload ?? null) };
  }

  async getCommit(
    token: string,
    fullName: string,
    sha: string,
  ): Promise<{ readonly message: string; readonly author: string }> {
    const { owner, repo } = splitFullName(fullName);
    const { data } = await this.call(`commit ${sha} of ${fullName}`, () =>
      this.client(token).rest.git.getCommit({ owner, repo, commit_sha: sha }),
    );
    return { message: data.message, author: data.author.name };
  }

  async getBranchHead(token: string, fullName: string, branch: string): Promise<BranchHead | null> {
    const { owner, repo } = splitFullName(fullName);
    try {
      // `heads/<branch>` names the branch, never a tag or a sha that looks like the name.
      const { data } = await this.client(token).rest.repos.getCommit({ owner, repo, ref: `heads/${branch}` });
      return {
        sha: data.sha,
        message: data.commit.message,
        author: data.commit.author?.name ?? '',
        url: data.html_url,
      };
    } catch (error) {
      // GitHub answers 422 ("No commit found") for a branch that does not exist, 404 on some versions.
      const status = (error as { status?: unknown }).status;
      if (status === 404 || status === 422) return null;
      throw toForgeError(error, `branch ${branch} of ${fullName}`, this.endpoints.api);
    }
  }

  private client(token: string): Octokit {
    return new this.Client({ auth: token });
  }

  private oauthRequest(): OAuthRequest {
    const octokit = new this.Client();
    return (route, parameters) => octokit.request(route, parameters);
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toForgeError(error, what, this.endpoints.api);
    }
  }

  private requireClientId(): string {
    if (!this.options.clientId) {
      throw new ForgeError('invalid', 'Signing in needs a GitHub OAuth app: set KOZMIC_GITHUB_CLIENT_ID.');
    }
    return this.options.clientId;
  }

  verifyWebhookSignature(
    secret: string,
    body: Uint8Array,
    signature: string | readonly string[] | undefined,
  ): Promise<boolean> {
    return verifyWebhookSignature(secret, body, signature);
  }

  parseWebhookEvent(event: string | undefined, body: string): WebhookEvent {
    return parseWebhookEvent(event, body);
  }

  findSkipMarker(text: string | null | undefined): string | null {
    return findSkipMarker(text);
  }

  private requireWebFlow(): WebFlow {
    if (!this.webFlow) {
      const clientId = this.requireClientId();
      if (!this.options.clientSecret) {
        throw new ForgeError(
          'invalid',
          'Browser sign-in needs KOZMIC_GITHUB_CLIENT_SECRET (or use the device sign-in).',
        );
      }
      this.webFlow = new WebFlow(this.Client, clientId, this.options.clientSecret, SCOPES);
    }
    return this.webFlow;
  }
}

function splitFullName(fullName: string): { owner: string; repo: string } {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(fullName);
  if (!match?.[1] || !match[2])
    throw new ForgeError('invalid', `"${fullName}" is not a repository name of the form owner/name.`);
  return { owner: match[1], repo: match[2] };
}

/** Always the whole config: GitHub may drop a secret that an update leaves out. */
function webhookFields(config: WebhookConfig) {
  return {
    active: true,
    events: [...config.events],
    config: { url: config.url, content_type: 'json', secret: config.secret, insecure_ssl: '0' as const },
  };
}
