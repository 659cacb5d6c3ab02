// A GitHub stand-in: one real HTTP server, state in memory, for everything Kozmic uses: the REST API
// (at `/api/v3`, like GitHub Enterprise Server, and at the root, like api.github.com), OAuth device
// and web flows, git smart HTTP over real bare repositories, and signed webhook deliveries.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitPath, serveGit } from './git-endpoint.js';
import { escapeHtml, sendError, sendHtml } from './http-kit.js';
import { StandinModel, type Account, type PullRecord, type Repo } from './model.js';
import { OAuthEndpoints } from './oauth.js';
import {
  RepoActions,
  type CreateRepoOptions,
  type Files,
  type PullRequestOptions,
  type PushOptions,
} from './repo-actions.js';
import { ApiFaults, rootApiPaths, serveApi } from './rest-api.js';
import type { Urls } from './shapes.js';
import { WebhookDeliveries } from './webhook-deliveries.js';

export interface StandinOptions {
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Login that approves every web-flow authorisation at once (tests); default null: a consent page. */
  readonly webFlowUser?: string | null;
  /** Device-flow poll interval in seconds (polling sooner answers `slow_down`); default 5, 0 disables. */
  readonly deviceIntervalSeconds?: number;
  readonly deviceExpiresInSeconds?: number;
  /** How long a webhook receiver may take to answer; default 10 s, like GitHub. */
  readonly deliveryTimeoutMs?: number;
  /** Folder for the bare repositories; default a temporary folder, removed by `close()`. */
  readonly dir?: string;
  /** Where unexpected server errors go; default stderr. */
  readonly onError?: (error: unknown) => void;
}

export interface Standin {
  /** Web root: OAuth pages, git (`<url>/<owner>/<repo>.git`), and what Kozmic's `KOZMIC_GITHUB_URL` names. */
  readonly url: string;
  /** REST API root (`<url>/api/v3`): Octokit's `baseUrl`. */
  readonly apiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Folder of the bare repositories (`<dir>/<owner>/<name>.git`). */
  readonly dir: string;

  addUser(login: string, details?: { name?: string; email?: string }): Account;
  /** An organisation; `members` maps logins to `admin` (organisation owner) or `member`. */
  addOrg(login: string, members: Readonly<Record<string, 'admin' | 'member'>>): Account;
  /** A personal token for the user; default scopes `repo`, `admin:repo_hook`, `read:org`, `user`. */
  issueToken(login: string, scopes?: readonly string[], value?: string): string;
  revokeToken(token: string): void;

  createRepo(owner: string, name: string, files?: Files, options?: CreateRepoOptions): Promise<Repo>;
  forkRepo(fullName: string, owner: string): Promise<Repo>;
  /** Commits on a branch and delivers `push` (and `pull_request` synchronize for PRs on that branch). */
  push(fullName: string, files: Files, options?: PushOptions): Promise<{ before: string; sha: string }>;
  pushTag(fullName: string, tag: string, options?: { sha?: string; pusher?: string }): Promise<string>;
  deleteBranch(fullName: string, branch: string, options?: { pusher?: string }): Promise<void>;
  openPullRequest(fullName: string, options: PullRequestOptions): Promise<PullRecord>;
  synchronizePullRequest(
    fullName: string,
    number: number,
    files: Files,
    options?: Omit<PushOptions, 'branch'>,
  ): Promise<{ before: string; sha: string }>;
  closePullRequest(fullName: string, number: number): void;
  reopenPullRequest(fullName: string, number: number): void;
  /** The stored repository (its `hooks`, `statuses`, `pulls`), or null. */
  repo(fullName: string): Repo | null;

  /** Every webhook delivery; `await deliveries.settled()` waits for those in flight. */
  readonly deliveries: WebhookDeliveries;
  /** What a person does on `/login/device`. */
  readonly device: {
    approve(userCode: string, login: string): void;
    deny(userCode: string): void;
    expire(userCode: string): void;
  };
  /** Rate limiting and server errors on demand. */
  readonly faults: ApiFaults;
  close(): Promise<void>;
}

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'kozmic-standin-')));
  const onError = options.onError ?? ((error: unknown) => console.error('GitHub stand-in:', error));
  const server = createServer();
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  const web = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const urls: Urls = { web, api: `${web}/api/v3` };

  const model = new StandinModel();
  const deliveries = new WebhookDeliveries(model, options.deliveryTimeoutMs ?? 10_000);
  const actions = new RepoActions(model, urls, deliveries, dir);
  const faults = new ApiFaults();
  const clientId = options.clientId ?? `Iv1.${randomBytes(8).toString('hex')}`;
  const clientSecret = options.clientSecret ?? randomBytes(20).toString('hex');
  const oauth = new OAuthEndpoints(model, urls, {
    clientId,
    clientSecret,
    deviceIntervalSeconds: options.deviceIntervalSeconds ?? 5,
    deviceExpiresInSeconds: options.deviceExpiresInSeconds ?? 900,
    webFlowUser: options.webFlowUser ?? null,
  });
  const apiDeps = { model, urls, deliveries, actions, faults };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', web).pathname;
    if (path === '/api/v3' || path.startsWith('/api/v3/')) {
      return serveApi(apiDeps, req, res, path.slice('/api/v3'.length) || '/');
    }
    if (rootApiPaths.test(path)) return serveApi(apiDeps, req, res, path);
    if (await oauth.handle(req, res, path)) return;
    const git = gitPath.exec(path);
    if (git) return serveGit({ model, actions, deliveries, root: dir, onError }, req, res, git);
    if (req.method === 'GET' && path === '/') return sendHtml(res, 200, indexPage(model, web));
    const avatar = /^\/avatars\/u\/(\d+)$/.exec(path);
    if (req.method === 'GET' && avatar) return sendAvatar(res, Number(avatar[1]));
    sendError(res, 404, 'Not Found');
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) sendError(res, 500, 'Internal stand-in error');
      else res.destroy();
    });
  });

  return {
    url: web,
    apiUrl: urls.api,
    clientId,
    clientSecret,
    dir,
    addUser: (login, details) => model.addAccount(login, 'User', details),
    addOrg: (login, members) => {
      const org = model.addAccount(login, 'Organization');
      for (const [member, role] of Object.entries(members)) org.members.set(member.toLowerCase(), role);
      return org;
    },
    issueToken: (login, scopes = ['repo', 'admin:repo_hook', 'read:org', 'user'], value) =>
      model.issueToken(model.requireAccount(login), scopes, value),
    revokeToken: (token) => model.revokeToken(token),
    createRepo: (owner, name, files, createOptions) => actions.createRepo(owner, name, files, createOptions),
    forkRepo: (fullName, owner) => actions.forkRepo(fullName, owner),
    push: (fullName, files, pushOptions) => actions.push(fullName, files, pushOptions),
    pushTag: (fullName, tag, tagOptions) => actions.pushTag(fullName, tag, tagOptions),
    deleteBranch: (fullName, branch, deleteOptions) => actions.deleteBranch(fullName, branch, deleteOptions),
    openPullRequest: (fullName, pullOptions) => actions.openPullRequest(fullName, pullOptions),
    synchronizePullRequest: (fullName, number, files, pushOptions) =>
      actions.synchronizePullRequest(fullName, number, files, pushOptions),
    closePullRequest: (fullName, number) => actions.setPullRequestState(fullName, number, 'closed'),
    reopenPullRequest: (fullName, number) => actions.setPullRequestState(fullName, number, 'open'),
    repo: (fullName) => model.repo(fullName),
    deliveries,
    device: {
      approve: (userCode, login) => oauth.approveDevice(userCode, login),
      deny: (userCode) => oauth.denyDevice(userCode),
      expire: (userCode) => oauth.expireDevice(userCode),
    },
    faults,
    close: async () => {
      await deliveries.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every account's avatar (the `avatar_url` in API answers): a disc in a colour of its own. */
function sendAvatar(res: ServerResponse, id: number): void {
  const hue = (id * 67) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><circle cx="20" cy="20" r="20" fill="hsl(${hue} 60% 55%)"/></svg>`;
  res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
  res.end(svg);
}

function indexPage(model: StandinModel, web: string): string {
  const repos = model
    .allRepos()
    .map(
      (r) =>
        `<li><code>${escapeHtml(r.fullName)}</code>${r.isPrivate ? ' (private)' : ''}: <code>${escapeHtml(`${web}/${r.fullName}.git`)}</code></li>`,
    )
    .join('');
  return `<!doctype html><meta charset="utf-8"><title>GitHub stand-in</title>
<body style="font: 15px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>GitHub stand-in</h1><p>API: <code>${escapeHtml(web)}/api/v3</code> · <a href="/login/device">Device activation</a></p>
<h2>Repositories</h2><ul>${repos || '<li>none</li>'}</ul></body>`;
}
