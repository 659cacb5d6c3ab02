// The stand-in's REST API: token authentication, rate-limit headers, injected faults, routing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext, ApiRoute } from './api-context.js';
import { sendError } from './http-kit.js';
import type { StandinModel, TokenRecord } from './model.js';
import type { RepoActions } from './repo-actions.js';
import { commitRoutes } from './rest-commits.js';
import { hookRoutes } from './rest-hooks.js';
import { repoRoutes } from './rest-repos.js';
import type { Urls } from './shapes.js';
import type { WebhookDeliveries } from './webhook-deliveries.js';

const routes: readonly ApiRoute[] = [...repoRoutes, ...hookRoutes, ...commitRoutes];

/** Prefixes of paths that are API paths when requested without `/api/v3` (like api.github.com). */
export const rootApiPaths = /^\/(user|user\/.*|users\/.*|orgs\/.*|repos\/.*|rate_limit)$/;

/** Failures tests can ask for, to check how a client copes. */
export class ApiFaults {
  /** Until this time (ms since epoch) every API call is refused as rate limited. */
  rateLimitedUntil: number | null = null;
  /** Statuses answered (one each, in order) to the next API calls instead of serving them. */
  readonly failures: number[] = [];
}

export interface ApiDeps {
  readonly model: StandinModel;
  readonly urls: Urls;
  readonly deliveries: WebhookDeliveries;
  readonly actions: RepoActions;
  readonly faults: ApiFaults;
}

function tokenOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header);
  if (match?.[1]) return match[1];
  const basic = /^basic\s+(\S+)$/i.exec(header);
  if (basic?.[1]) return Buffer.from(basic[1], 'base64').toString().split(':').slice(1).join(':') || null;
  return null;
}

function rateHeaders(remaining: number, resetMs: number, token: TokenRecord | null): Record<string, string> {
  return {
    'X-RateLimit-Limit': '5000',
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(Math.ceil(resetMs / 1000)),
    'X-RateLimit-Used': String(5000 - remaining),
    'X-RateLimit-Resource': 'core',
    ...(token ? { 'X-OAuth-Scopes': token.scopes.join(', ') } : {}),
  };
}

/** Serves one API request; `path` is already stripped of any `/api/v3` prefix. */
export async function serveApi(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', deps.urls.web);
  const value = tokenOf(req);
  const token = value ? deps.model.token(value) : null;
  const { faults } = deps;
  const limited = faults.rateLimitedUntil !== null && Date.now() < faults.rateLimitedUntil;
  for (const [name, header] of Object.entries(
    rateHeaders(limited ? 0 : 4999, faults.rateLimitedUntil ?? Date.now() + 3_600_000, token),
  )) {
    res.setHeader(name, header);
  }
  if (!value) return sendError(res, 401, 'Requires authentication');
  if (!token) return sendError(res, 401, 'Bad credentials');
  if (limited) return sendError(res, 403, `API rate limit exceeded for user ID ${token.user.id}.`);
  const failure = faults.failures.shift();
  if (failure !== undefined) return sendError(res, failure, 'Server Error');

  for (const route of routes) {
    if (route.method !== req.method) continue;
    const match = route.path.exec(path);
    if (!match) continue;
    let params: string[];
    try {
      params = match.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return sendError(res, 400, 'Bad request path');
    }
    const ctx: ApiContext = { req, res, url, params, user: token.user, token, ...deps };
    return await route.handler(ctx);
  }
  sendError(res, 404, 'Not Found');
}
