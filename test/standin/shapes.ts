// GitHub's JSON shapes (field names and nesting copied from @octokit/fixtures and
// @octokit/webhooks-examples), filled with the stand-in's own values and URLs.
import type { CommitInfo } from './git-commands.js';
import type { Account, HookRecord, Permissions, PullRecord, Repo, StatusRecord } from './model.js';

/** Where the stand-in is: its web root (HTML, OAuth, git) and its REST API root. */
export interface Urls {
  readonly web: string;
  readonly api: string;
}

export function accountJson(urls: Urls, account: Account): Record<string, unknown> {
  const api = `${urls.api}/users/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type === 'User' ? 'U' : 'O', account.id),
    avatar_url: `${urls.web}/avatars/u/${account.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.web}/${account.login}`,
    followers_url: `${api}/followers`,
    repos_url: `${api}/repos`,
    organizations_url: `${api}/orgs`,
    type: account.type,
    site_admin: false,
  };
}

/** `GET /user`: the account plus profile fields. */
export function privateUserJson(urls: Urls, account: Account, repoCount: number): Record<string, unknown> {
  return {
    ...accountJson(urls, account),
    name: account.name,
    company: null,
    blog: '',
    location: null,
    email: account.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: repoCount,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: account.createdAt,
    updated_at: account.createdAt,
  };
}

export function orgJson(urls: Urls, org: Account): Record<string, unknown> {
  const api = `${urls.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('O', org.id),
    url: api,
    repos_url: `${api}/repos`,
    hooks_url: `${api}/hooks`,
    members_url: `${api}/members{/member}`,
    avatar_url: `${urls.web}/avatars/u/${org.id}?v=4`,
    description: null,
  };
}

export function repoJson(urls: Urls, repo: Repo, permissions: Permissions | null): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.fullName}`;
  const html = `${urls.web}/${repo.fullName}`;
  const json: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.isPrivate,
    owner: accountJson(urls, repo.owner),
    html_url: html,
    description: null,
    fork: repo.parent !== null,
    url: api,
    hooks_url: `${api}/hooks`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    statuses_url: `${api}/statuses/{sha}`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    pulls_url: `${api}/pulls{/number}`,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    git_url: `git://${new URL(urls.web).host}/${repo.fullName}.git`,
    ssh_url: `git@${new URL(urls.web).hostname}:${repo.fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: 0,
    license: null,
    allow_forking: true,
    is_template: false,
    topics: [],
    visibility: repo.isPrivate ? 'private' : 'public',
    forks: 0,
    open_issues: 0,
    watchers: 0,
    default_branch: repo.defaultBranch,
  };
  if (permissions) json.permissions = permissions;
  return json;
}

export function hookJson(urls: Urls, hook: HookRecord): Record<string, unknown> {
  const api = `${urls.api}/repos/${hook.repo.fullName}/hooks/${hook.id}`;
  const config: Record<string, string> = {
    content_type: hook.config.content_type,
    insecure_ssl: hook.config.insecure_ssl,
    url: hook.config.url,
  };
  // GitHub never shows a secret back; it masks it.
  if (hook.config.secret) config.secret = '********';
  return {
    type: 'Repository',
    id: hook.id,
    name: 'web',
    active: hook.active,
    events: hook.events,
    config,
    updated_at: hook.updatedAt,
    created_at: hook.createdAt,
    url: api,
    test_url: `${api}/test`,
    ping_url: `${api}/pings`,
    deliveries_url: `${api}/deliveries`,
    last_response: hook.lastResponse,
  };
}

export function statusJson(urls: Urls, repo: Repo, status: StatusRecord): Record<string, unknown> {
  return {
    url: `${urls.api}/repos/${repo.fullName}/statuses/${status.sha}`,
    avatar_url: `${urls.web}/avatars/u/${status.creator.id}?v=4`,
    id: status.id,
    node_id: nodeId('S', status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator: accountJson(urls, status.creator),
  };
}

function gitPerson(person: CommitInfo['author']): Record<string, string> {
  return { name: person.name, email: person.email, date: person.date };
}

const unverified = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

/** `GET /repos/{o}/{r}/git/commits/{sha}` (Git Data API). */
export function gitCommitJson(urls: Urls, repo: Repo, commit: CommitInfo): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.fullName}/git`;
  return {
    sha: commit.sha,
    node_id: nodeId('C', parseInt(commit.sha.slice(0, 8), 16)),
    url: `${api}/commits/${commit.sha}`,
    html_url: `${urls.web}/${repo.fullName}/commit/${commit.sha}`,
    author: gitPerson(commit.author),
    committer: gitPerson(commit.committer),
    tree: { sha: commit.tree, url: `${api}/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${urls.web}/${repo.fullName}/commit/${sha}`,
    })),
    verification: unverified,
  };
}

/** `GET /repos/{o}/{r}/commits/{ref}` (the REST commit, with the git commit nested). */
export function restCommitJson(urls: Urls, repo: Repo, commit: CommitInfo): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.fullName}`;
  return {
    sha: commit.sha,
    node_id: nodeId('C', parseInt(commit.sha.slice(0, 8), 16)),
    commit: {
      author: gitPerson(commit.author),
      committer: gitPerson(commit.committer),
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      url: `${api}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: unverified,
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${urls.web}/${repo.fullName}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    author: null,
    committer: null,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${urls.web}/${repo.fullName}/commit/${sha}`,
    })),
    files: [],
  };
}

export function pullJson(urls: Urls, repo: Repo, pull: PullRecord): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.fullName}`;
  const side = (r: Repo, ref: string, sha: string) => ({
    label: `${r.owner.login}:${ref}`,
    ref,
    sha,
    user: accountJson(urls, r.owner),
    repo: repoJson(urls, r, null),
  });
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: nodeId('PR', pull.id),
    html_url: `${urls.web}/${repo.fullName}/pull/${pull.number}`,
    diff_url: `${urls.web}/${repo.fullName}/pull/${pull.number}.diff`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: accountJson(urls, pull.user),
    body: pull.body,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.state === 'closed' ? pull.updatedAt : null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    labels: [],
    milestone: null,
    draft: false,
    statuses_url: `${api}/statuses/${pull.head.sha}`,
    head: side(pull.head.repo, pull.head.ref, pull.head.sha),
    base: side(repo, pull.base.ref, pull.base.sha),
    author_association: pull.user.id === repo.owner.id ? 'OWNER' : 'CONTRIBUTOR',
    auto_merge: null,
    active_lock_reason: null,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

function nodeId(prefix: string, id: number): string {
  return Buffer.from(`0:${prefix}${id}`).toString('base64');
}
