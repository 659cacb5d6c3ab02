// REST: repository webhooks and their deliveries. Like GitHub, hooks need admin on the repository
// (404 otherwise), a new hook is pinged at once, and a redelivery keeps the original GUID.
import { repoFor, repoPath, validationFailed, type ApiContext, type ApiRoute } from './api-context.js';
import { paginate, readFields, sendError, sendJson } from './http-kit.js';
import { now, type HookRecord, type Repo } from './model.js';
import { hookJson } from './shapes.js';
import type { DeliveryRecord } from './webhook-deliveries.js';
import { pingPayload } from './webhook-payloads.js';

const readScopes = ['repo', 'admin:repo_hook', 'write:repo_hook', 'read:repo_hook'];
const writeScopes = ['repo', 'admin:repo_hook', 'write:repo_hook'];

type HookConfig = HookRecord['config'];

/** The hook config GitHub would store from a request's `config`, or an error message. */
function parseConfig(value: unknown): HookConfig | string {
  if (value === null || typeof value !== 'object') return 'Config must have a url';
  const config = value as Record<string, unknown>;
  if (typeof config.url !== 'string' || config.url === '') return 'Config must have a url';
  try {
    new URL(config.url);
  } catch {
    return 'Config url is not a valid URL';
  }
  const contentType = config.content_type ?? 'form'; // GitHub's default is form, not JSON
  if (contentType !== 'json' && contentType !== 'form') return 'Config content_type must be json or form';
  return {
    url: config.url,
    content_type: contentType,
    secret: typeof config.secret === 'string' && config.secret !== '' ? config.secret : null,
    insecure_ssl: String(config.insecure_ssl ?? '0'),
  };
}

function parseEvents(value: unknown): string[] | null {
  if (!Array.isArray(value) || !value.every((e) => typeof e === 'string')) return null;
  return [...new Set(value as string[])];
}

function hookFor(ctx: ApiContext, repo: Repo): HookRecord | null {
  const hook = repo.hooks.get(Number(ctx.params[2]));
  if (!hook) sendError(ctx.res, 404, 'Not Found');
  return hook ?? null;
}

function ping(ctx: ApiContext, hook: HookRecord): void {
  ctx.deliveries.sendTo(hook, 'ping', pingPayload(ctx.urls, hook, ctx.user));
}

async function createHook(ctx: ApiContext): Promise<void> {
  const repo = repoFor(ctx, 'admin', { scopes: writeScopes });
  if (!repo) return;
  const body = await readFields(ctx.req);
  if (!body) return sendError(ctx.res, 400, 'Problems parsing JSON');
  if (body.name !== undefined && body.name !== 'web')
    return validationFailed(ctx, 'Hook', 'Name must be web');
  const config = parseConfig(body.config);
  if (typeof config === 'string') return validationFailed(ctx, 'Hook', config);
  const events = body.events === undefined ? ['push'] : parseEvents(body.events);
  if (!events) return validationFailed(ctx, 'Hook', 'Events must be a list of event names');
  if ([...repo.hooks.values()].some((h) => h.config.url === config.url)) {
    return validationFailed(ctx, 'Hook', 'Hook already exists on this repository');
  }
  const hook: HookRecord = {
    id: ctx.model.newId('hook'),
    repo,
    config,
    events,
    active: body.active !== false,
    createdAt: now(),
    updatedAt: now(),
    lastResponse: { code: null, status: 'unused', message: null },
  };
  repo.hooks.set(hook.id, hook);
  sendJson(ctx.res, 201, hookJson(ctx.urls, hook), {
    Location: `${ctx.url.origin}${ctx.url.pathname}/${hook.id}`,
  });
  ping(ctx, hook);
}

/**
 * `config`, when given, replaces the stored config as a whole: leaving out `secret` removes it. (So a
 * client that forgets to resend its secret gets unsigned deliveries here, which its tests will notice.)
 */
async function updateHook(ctx: ApiContext): Promise<void> {
  const repo = repoFor(ctx, 'admin', { scopes: writeScopes });
  const hook = repo && hookFor(ctx, repo);
  if (!hook) return;
  const body = await readFields(ctx.req);
  if (!body) return sendError(ctx.res, 400, 'Problems parsing JSON');
  let config = hook.config;
  if (body.config !== undefined) {
    const parsed = parseConfig(body.config);
    if (typeof parsed === 'string') return validationFailed(ctx, 'Hook', parsed);
    config = parsed;
  }
  let events = hook.events;
  for (const [key, apply] of [
    ['events', (list: string[]) => list],
    ['add_events', (list: string[]) => [...new Set([...events, ...list])]],
    ['remove_events', (list: string[]) => events.filter((e) => !list.includes(e))],
  ] as const) {
    if (body[key] === undefined) continue;
    const list = parseEvents(body[key]);
    if (!list) return validationFailed(ctx, 'Hook', `${key} must be a list of event names`);
    events = apply(list);
  }
  hook.config = config;
  hook.events = events;
  if (typeof body.active === 'boolean') hook.active = body.active;
  hook.updatedAt = now();
  sendJson(ctx.res, 200, hookJson(ctx.urls, hook));
}

function deliverySummary(record: DeliveryRecord): Record<string, unknown> {
  const status = record.response ? record.response.status : null;
  return {
    id: record.id,
    guid: record.guid,
    delivered_at: record.deliveredAt,
    redelivery: record.redelivery,
    duration: record.durationMs / 1000,
    status:
      status === null
        ? (record.error ?? 'Pending')
        : status < 300
          ? 'OK'
          : `Invalid HTTP Response: ${status}`,
    status_code: status ?? 0,
    event: record.event,
    action: record.action,
    installation_id: null,
    repository_id: null,
    throttled_at: null,
  };
}

/**
 * Deliveries page by `cursor`, not `page`, as on GitHub: the `rel="next"` link names the delivery the
 * next page starts from (an opaque token to clients), and there is no `last` link.
 */
function pageByCursor(
  url: URL,
  newestFirst: readonly DeliveryRecord[],
): { page: readonly DeliveryRecord[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(url.searchParams.get('per_page') ?? '', 10) || 30));
  const cursor = /^v1_(\d+)$/.exec(url.searchParams.get('cursor') ?? '');
  const start = cursor ? Math.max(0, newestFirst.findIndex((r) => r.id === Number(cursor[1]))) : 0;
  const page = newestFirst.slice(start, start + perPage);
  const next = newestFirst[start + perPage];
  if (!next) return { page, headers: {} };
  const link = new URL(url);
  link.searchParams.set('per_page', String(perPage));
  link.searchParams.set('cursor', `v1_${next.id}`);
  return { page, headers: { Link: `<${link}>; rel="next"` } };
}

function deliveryFor(ctx: ApiContext): { hook: HookRecord; record: DeliveryRecord } | null {
  const repo = repoFor(ctx, 'admin', { scopes: readScopes });
  const hook = repo && hookFor(ctx, repo);
  if (!hook) return null;
  const record = ctx.deliveries.find(Number(ctx.params[3]));
  if (!record || record.hookId !== hook.id) {
    sendError(ctx.res, 404, 'Not Found');
    return null;
  }
  return { hook, record };
}

export const hookRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: repoPath('/hooks'),
    handler: (ctx) => {
      const repo = repoFor(ctx, 'admin', { scopes: readScopes });
      if (!repo) return;
      const { page, headers } = paginate(
        ctx.url,
        [...repo.hooks.values()].map((h) => hookJson(ctx.urls, h)),
      );
      sendJson(ctx.res, 200, page, headers);
    },
  },
  { method: 'POST', path: repoPath('/hooks'), handler: createHook },
  {
    method: 'GET',
    path: repoPath('/hooks/(\\d+)'),
    handler: (ctx) => {
      const repo = repoFor(ctx, 'admin', { scopes: readScopes });
      const hook = repo && hookFor(ctx, repo);
      if (hook) sendJson(ctx.res, 200, hookJson(ctx.urls, hook));
    },
  },
  { method: 'PATCH', path: repoPath('/hooks/(\\d+)'), handler: updateHook },
  {
    method: 'DELETE',
    path: repoPath('/hooks/(\\d+)'),
    handler: (ctx) => {
      const repo = repoFor(ctx, 'admin', { scopes: writeScopes });
      const hook = repo && hookFor(ctx, repo);
      if (!repo || !hook) return;
      repo.hooks.delete(hook.id);
      sendJson(ctx.res, 204, undefined);
    },
  },
  {
    method: 'POST',
    path: repoPath('/hooks/(\\d+)/pings'),
    handler: (ctx) => {
      const repo = repoFor(ctx, 'admin', { scopes: writeScopes });
      const hook = repo && hookFor(ctx, repo);
      if (!hook) return;
      sendJson(ctx.res, 204, undefined);
      ping(ctx, hook);
    },
  },
  {
    method: 'GET',
    path: repoPath('/hooks/(\\d+)/deliveries'),
    handler: (ctx) => {
      const repo = repoFor(ctx, 'admin', { scopes: readScopes });
      const hook = repo && hookFor(ctx, repo);
      if (!hook) return;
      const newestFirst = [...ctx.deliveries.forHook(hook.id)].reverse();
      const { page, headers } = pageByCursor(ctx.url, newestFirst);
      sendJson(ctx.res, 200, page.map(deliverySummary), headers);
    },
  },
  {
    method: 'GET',
    path: repoPath('/hooks/(\\d+)/deliveries/(\\d+)'),
    handler: (ctx) => {
      const found = deliveryFor(ctx);
      if (!found) return;
      const { record } = found;
      let payload: unknown;
      try {
        payload = JSON.parse(record.request.body);
      } catch {
        payload = record.request.body; // form-encoded deliveries
      }
      sendJson(ctx.res, 200, {
        ...deliverySummary(record),
        url: record.request.url,
        request: { headers: record.request.headers, payload },
        response: { headers: record.response?.headers ?? {}, payload: record.response?.body ?? null },
      });
    },
  },
  {
    method: 'POST',
    path: repoPath('/hooks/(\\d+)/deliveries/(\\d+)/attempts'),
    handler: (ctx) => {
      const found = deliveryFor(ctx);
      if (!found) return;
      sendJson(ctx.res, 202, {});
      ctx.deliveries.redeliver(found.record.id);
    },
  },
];
