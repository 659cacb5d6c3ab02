// Git smart HTTP at `/<owner>/<repo>.git/...` with GitHub's rules: public repositories clone without
// credentials, anything else needs `x-access-token:<token>` (any user name) with the right access,
// and a `git push` sends the same webhooks as a push made through the test helpers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveWithHttpBackend } from '../fixtures/git-http-server.js';
import { listRefs, ZERO_SHA } from './git-commands.js';
import type { Account, Repo, StandinModel } from './model.js';
import type { RefChange, RepoActions } from './repo-actions.js';
import type { WebhookDeliveries } from './webhook-deliveries.js';

export const gitPath = /^\/([^/]+)\/([^/]+?)\.git(\/.*)?$/;

function credentialUser(
  model: StandinModel,
  req: IncomingMessage,
): { user: Account; scopes: readonly string[] } | 'bad' | null {
  const match = /^basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString();
  const token = model.token(decoded.slice(decoded.indexOf(':') + 1));
  return token ? { user: token.user, scopes: token.scopes } : 'bad';
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain',
    ...(status === 401 ? { 'WWW-Authenticate': 'Basic realm="GitHub"' } : {}),
  });
  res.end(`${message}\n`);
}

export async function serveGit(
  deps: {
    model: StandinModel;
    actions: RepoActions;
    deliveries: WebhookDeliveries;
    root: string;
    onError: (error: unknown) => void;
  },
  req: IncomingMessage,
  res: ServerResponse,
  match: RegExpExecArray,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://standin');
  const repo = deps.model.repo(`${match[1]}/${match[2]}`);
  const rest = match[3] ?? '/';
  const write = url.searchParams.get('service') === 'git-receive-pack' || rest === '/git-receive-pack';
  const who = credentialUser(deps.model, req);
  if (who === 'bad') return drain(req, () => deny(res, 401, 'Invalid username or token.'));
  const permissions = repo ? deps.model.permissionsOf(who?.user ?? null, repo) : null;
  const scopeOk = !repo?.isPrivate || who?.scopes.includes('repo');
  if (!repo || !permissions?.pull || !scopeOk) {
    // Anonymous callers are asked for credentials, so git retries with them.
    return drain(req, () =>
      who ? deny(res, 404, 'Repository not found.') : deny(res, 401, 'Authentication required.'),
    );
  }
  if (write && !who) return drain(req, () => deny(res, 401, 'Authentication required.'));
  const pushScope = who?.scopes.includes('repo') || (!repo.isPrivate && who?.scopes.includes('public_repo'));
  if (write && (!permissions.push || !pushScope)) {
    return drain(req, () =>
      deny(res, 403, `Permission to ${repo.fullName}.git denied to ${who?.user.login}.`),
    );
  }
  // The bare repository's folder is named exactly; GitHub matches names case-insensitively.
  req.url = `/${repo.fullName}.git${rest}${url.search}`;
  const pushing = who && req.method === 'POST' && rest === '/git-receive-pack';
  if (!pushing) return serveWithHttpBackend(deps.root, req, res);
  // Tracked from the start, so `deliveries.settled()` after the client's push also awaits its webhooks.
  let finished: () => void = () => undefined;
  deps.deliveries.track(new Promise<void>((resolve) => (finished = resolve)));
  try {
    const before = await listRefs(repo.dir);
    res.on('close', () => {
      sendPushWebhooks(deps.actions, repo, before, who.user).catch(deps.onError).finally(finished);
    });
    serveWithHttpBackend(deps.root, req, res);
  } catch (error) {
    finished();
    throw error;
  }
}

async function sendPushWebhooks(
  actions: RepoActions,
  repo: Repo,
  before: Map<string, string>,
  pusher: Account,
): Promise<void> {
  const after = await listRefs(repo.dir);
  const changes: RefChange[] = [];
  for (const ref of new Set([...before.keys(), ...after.keys()])) {
    if (!ref.startsWith('refs/heads/') && !ref.startsWith('refs/tags/')) continue;
    const old = before.get(ref) ?? ZERO_SHA;
    const now = after.get(ref) ?? ZERO_SHA;
    if (old !== now) changes.push({ ref, before: old, after: now });
  }
  await actions.refsUpdated(repo, changes, pusher);
}

function drain(req: IncomingMessage, then: () => void): void {
  req.resume();
  then();
}
