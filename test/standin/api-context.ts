// What every REST handler of the stand-in gets, and GitHub's access rules shared by them: a repository
// the caller may not see answers 404 (never 403, so private repositories do not leak).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './http-kit.js';
import type { Account, Permissions, Repo, StandinModel, TokenRecord } from './model.js';
import type { RepoActions } from './repo-actions.js';
import type { Urls } from './shapes.js';
import type { WebhookDeliveries } from './webhook-deliveries.js';

export interface ApiContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The request URL as the client addressed it (for `Link` headers). */
  readonly url: URL;
  readonly params: readonly string[];
  readonly user: Account;
  readonly token: TokenRecord;
  readonly model: StandinModel;
  readonly urls: Urls;
  readonly deliveries: WebhookDeliveries;
  readonly actions: RepoActions;
}

export type ApiHandler = (ctx: ApiContext) => Promise<void> | void;

export interface ApiRoute {
  readonly method: string;
  readonly path: RegExp;
  readonly handler: ApiHandler;
}

/** `/repos/{owner}/{repo}` + `rest` as a route pattern whose first two groups are owner and name. */
export function repoPath(rest = ''): RegExp {
  return new RegExp(`^/repos/([^/]+)/([^/]+)${rest}$`);
}

export type Need = keyof Permissions;

/**
 * The repository named by the first two route parameters when the caller has `need` on it and the
 * token carries one of `scopes` (any scope will do when none are listed); otherwise answers (404, or
 * `deniedStatus` when the caller can see the repository but lacks `need`) and returns null.
 */
export function repoFor(
  ctx: ApiContext,
  need: Need,
  options: { scopes?: readonly string[]; deniedStatus?: number; deniedMessage?: string } = {},
): Repo | null {
  const [owner, name] = ctx.params;
  const repo = ctx.model.repo(`${owner}/${name}`);
  const permissions = repo ? ctx.model.permissionsOf(ctx.user, repo) : null;
  // Private repositories need the `repo` scope even to be seen.
  const scopeSeesRepo = !repo?.isPrivate || ctx.token.scopes.includes('repo');
  if (!repo || !permissions?.pull || !scopeSeesRepo) {
    sendError(ctx.res, 404, 'Not Found');
    return null;
  }
  const scopes = options.scopes ?? [];
  if (scopes.length > 0 && !scopes.some((s) => ctx.token.scopes.includes(s))) {
    sendError(ctx.res, 404, 'Not Found', {}, { 'X-Accepted-OAuth-Scopes': scopes.join(', ') });
    return null;
  }
  if (!permissions[need]) {
    const status = options.deniedStatus ?? 404;
    sendError(ctx.res, status, status === 404 ? 'Not Found' : (options.deniedMessage ?? 'Forbidden'));
    return null;
  }
  return repo;
}

export function validationFailed(ctx: ApiContext, resource: string, message: string): void {
  sendError(ctx.res, 422, 'Validation Failed', { errors: [{ resource, code: 'custom', message }] });
}
