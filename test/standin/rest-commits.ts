// REST: commits (read from the real bare repositories), commit statuses and pull requests.
import { repoFor, repoPath, validationFailed, type ApiContext, type ApiRoute } from './api-context.js';
import { readCommit } from './git-commands.js';
import { paginate, readFields, sendError, sendJson } from './http-kit.js';
import { now, type StatusRecord } from './model.js';
import { gitCommitJson, pullJson, restCommitJson, statusJson } from './shapes.js';

const statusScopes = ['repo', 'repo:status'];
const states = ['pending', 'success', 'failure', 'error'] as const;
const FULL_SHA = /^[0-9a-f]{40}$/;

async function createStatus(ctx: ApiContext): Promise<void> {
  const repo = repoFor(ctx, 'push', { scopes: statusScopes });
  if (!repo) return;
  const body = await readFields(ctx.req);
  if (!body) return sendError(ctx.res, 400, 'Problems parsing JSON');
  const state = states.find((s) => s === body.state);
  if (!state) return validationFailed(ctx, 'Status', `State is not included in the list`);
  const text = (key: string) =>
    typeof body[key] === 'string' && body[key] !== '' ? (body[key] as string) : null;
  const description = text('description');
  if (description && description.length > 140) {
    return validationFailed(ctx, 'Status', 'description is too long (maximum is 140 characters)');
  }
  const commit = await readCommit(repo.dir, ctx.params[2] ?? '');
  if (!commit) return sendError(ctx.res, 422, `No commit found for SHA: ${ctx.params[2]}`);
  const status: StatusRecord = {
    id: ctx.model.newId('status'),
    sha: commit.sha,
    state,
    targetUrl: text('target_url'),
    description,
    context: text('context') ?? 'default',
    creator: ctx.user,
    createdAt: now(),
  };
  repo.statuses.push(status);
  sendJson(ctx.res, 201, statusJson(ctx.urls, repo, status));
}

async function listStatuses(ctx: ApiContext): Promise<void> {
  const repo = repoFor(ctx, 'pull', { scopes: statusScopes });
  if (!repo) return;
  const commit = await readCommit(repo.dir, ctx.params[2] ?? '');
  if (!commit) return sendError(ctx.res, 404, `No commit found for SHA: ${ctx.params[2]}`);
  const newestFirst = repo.statuses.filter((s) => s.sha === commit.sha).reverse();
  const { page, headers } = paginate(
    ctx.url,
    newestFirst.map((s) => statusJson(ctx.urls, repo, s)),
  );
  sendJson(ctx.res, 200, page, headers);
}

export const commitRoutes: readonly ApiRoute[] = [
  { method: 'POST', path: repoPath('/statuses/([^/]+)'), handler: createStatus },
  { method: 'GET', path: repoPath('/commits/([^/]+)/statuses'), handler: listStatuses },
  {
    method: 'GET',
    path: repoPath('/git/commits/([^/]+)'),
    handler: async (ctx) => {
      const repo = repoFor(ctx, 'pull');
      if (!repo) return;
      const sha = ctx.params[2] ?? '';
      // The Git Data API takes object ids only, never branch names.
      const commit = FULL_SHA.test(sha) ? await readCommit(repo.dir, sha) : null;
      if (!commit) return sendError(ctx.res, 404, 'Not Found');
      sendJson(ctx.res, 200, gitCommitJson(ctx.urls, repo, commit));
    },
  },
  {
    method: 'GET',
    path: repoPath('/commits/([^/]+)'),
    handler: async (ctx) => {
      const repo = repoFor(ctx, 'pull');
      if (!repo) return;
      const commit = await readCommit(repo.dir, ctx.params[2] ?? '');
      if (!commit) return sendError(ctx.res, 422, `No commit found for SHA: ${ctx.params[2]}`);
      sendJson(ctx.res, 200, restCommitJson(ctx.urls, repo, commit));
    },
  },
  {
    method: 'GET',
    path: repoPath('/pulls/(\\d+)'),
    handler: (ctx) => {
      const repo = repoFor(ctx, 'pull');
      if (!repo) return;
      const pull = repo.pulls.get(Number(ctx.params[2]));
      if (!pull) return sendError(ctx.res, 404, 'Not Found');
      sendJson(ctx.res, 200, pullJson(ctx.urls, repo, pull));
    },
  },
];
