// REST: the signed-in user, their organisations, repositories and collaborators.
import { repoFor, repoPath, type ApiContext, type ApiRoute } from './api-context.js';
import { paginate, sendError, sendJson } from './http-kit.js';
import { roleFlagsOf, type Repo } from './model.js';
import { accountJson, orgJson, privateUserJson, repoJson } from './shapes.js';

function sendPage(ctx: ApiContext, items: readonly unknown[]): void {
  const { page, headers } = paginate(ctx.url, items);
  sendJson(ctx.res, 200, page, headers);
}

function repoWithPermissions(ctx: ApiContext, repo: Repo): Record<string, unknown> {
  return repoJson(ctx.urls, repo, ctx.model.permissionsOf(ctx.user, repo));
}

/** Private repositories are invisible to a token without the `repo` scope. */
function tokenSees(ctx: ApiContext, repo: Repo): boolean {
  return !repo.isPrivate || ctx.token.scopes.includes('repo');
}

function userRepos(ctx: ApiContext): void {
  const query = ctx.url.searchParams;
  const type = query.get('type');
  let visibility = query.get('visibility') ?? 'all';
  let affiliation = (query.get('affiliation') ?? 'owner,collaborator,organization_member').split(',');
  if (type === 'owner') affiliation = ['owner'];
  if (type === 'member') affiliation = ['collaborator', 'organization_member'];
  if (type === 'public' || type === 'private') visibility = type;
  const login = ctx.user.login.toLowerCase();
  const repos = ctx.model.affiliatedRepos(ctx.user).filter((repo) => {
    if (!tokenSees(ctx, repo)) return false;
    if (visibility === 'public' && repo.isPrivate) return false;
    if (visibility === 'private' && !repo.isPrivate) return false;
    return (
      (affiliation.includes('owner') && repo.owner.id === ctx.user.id) ||
      (affiliation.includes('collaborator') && repo.collaborators.has(login)) ||
      (affiliation.includes('organization_member') && repo.owner.members.has(login))
    );
  });
  sendPage(
    ctx,
    repos.map((repo) => repoWithPermissions(ctx, repo)),
  );
}

function orgRepos(ctx: ApiContext): void {
  const org = ctx.model.account(ctx.params[0] ?? '');
  if (!org || org.type !== 'Organization') return sendError(ctx.res, 404, 'Not Found');
  const repos = ctx.model
    .allRepos()
    .filter((repo) => repo.owner.id === org.id && tokenSees(ctx, repo))
    .filter((repo) => ctx.model.permissionsOf(ctx.user, repo).pull)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  sendPage(
    ctx,
    repos.map((repo) => repoWithPermissions(ctx, repo)),
  );
}

function collaborators(ctx: ApiContext): void {
  const repo = repoFor(ctx, 'push', {
    deniedStatus: 403,
    deniedMessage: 'Must have push access to view repository collaborators.',
  });
  if (!repo) return;
  const list = ctx.model.collaboratorsOf(repo).map(({ user, role }) => ({
    ...accountJson(ctx.urls, user),
    permissions: roleFlagsOf(role),
    role_name: role,
  }));
  sendPage(ctx, list);
}

export const repoRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: /^\/user$/,
    handler: (ctx) =>
      sendJson(
        ctx.res,
        200,
        privateUserJson(
          ctx.urls,
          ctx.user,
          ctx.model.allRepos().filter((r) => r.owner.id === ctx.user.id && !r.isPrivate).length,
        ),
      ),
  },
  { method: 'GET', path: /^\/user\/repos$/, handler: userRepos },
  {
    method: 'GET',
    path: /^\/user\/orgs$/,
    handler: (ctx) =>
      sendPage(
        ctx,
        ctx.model.organisationsOf(ctx.user).map((org) => orgJson(ctx.urls, org)),
      ),
  },
  { method: 'GET', path: /^\/orgs\/([^/]+)\/repos$/, handler: orgRepos },
  {
    method: 'GET',
    path: repoPath(),
    handler: (ctx) => {
      const repo = repoFor(ctx, 'pull');
      if (repo) sendJson(ctx.res, 200, repoWithPermissions(ctx, repo));
    },
  },
  { method: 'GET', path: repoPath('/collaborators'), handler: collaborators },
];
