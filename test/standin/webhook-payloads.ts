// Webhook bodies in GitHub's shapes (see @octokit/webhooks-examples): push, pull_request and ping.
import type { CommitInfo, FileChanges } from './git-commands.js';
import type { Account, HookRecord, PullRecord, Repo } from './model.js';
import { accountJson, hookJson, pullJson, repoJson, type Urls } from './shapes.js';

export type PushedCommit = CommitInfo & FileChanges;

export interface PushFacts {
  readonly repo: Repo;
  readonly ref: string;
  readonly before: string;
  readonly after: string;
  /** Commits new to the repository, oldest first. */
  readonly commits: readonly PushedCommit[];
  /** The commit the ref now points at; null when the ref was deleted. */
  readonly headCommit: PushedCommit | null;
  readonly pusher: Account;
  readonly forced: boolean;
}

const ZERO = /^0+$/;

/** The push payload's repository differs a little from the REST one (GitHub's own quirk). */
function pushRepositoryJson(urls: Urls, repo: Repo): Record<string, unknown> {
  const json = repoJson(urls, repo, null);
  const created = Math.floor(Date.parse(repo.createdAt) / 1000);
  return {
    ...json,
    owner: { name: repo.owner.login, email: repo.owner.email, ...accountJson(urls, repo.owner) },
    created_at: created,
    pushed_at: Math.floor(Date.now() / 1000),
    stargazers: 0,
    master_branch: repo.defaultBranch,
  };
}

function commitJson(
  urls: Urls,
  repo: Repo,
  commit: PushedCommit,
  distinct: boolean,
): Record<string, unknown> {
  return {
    id: commit.sha,
    tree_id: commit.tree,
    distinct,
    message: commit.message,
    timestamp: commit.author.date,
    url: `${urls.web}/${repo.fullName}/commit/${commit.sha}`,
    author: { name: commit.author.name, email: commit.author.email },
    committer: { name: commit.committer.name, email: commit.committer.email },
    added: commit.added,
    removed: commit.removed,
    modified: commit.modified,
  };
}

export function pushPayload(urls: Urls, facts: PushFacts): Record<string, unknown> {
  const { repo } = facts;
  const created = ZERO.test(facts.before);
  const deleted = ZERO.test(facts.after);
  const compareBase = created ? facts.after : `${facts.before.slice(0, 12)}...${facts.after.slice(0, 12)}`;
  return {
    ref: facts.ref,
    before: facts.before,
    after: facts.after,
    repository: pushRepositoryJson(urls, repo),
    pusher: { name: facts.pusher.login, email: facts.pusher.email },
    sender: accountJson(urls, facts.pusher),
    created,
    deleted,
    forced: facts.forced,
    base_ref: null,
    compare: `${urls.web}/${repo.fullName}/${created ? 'commit' : 'compare'}/${compareBase}`,
    commits: facts.commits.map((c) => commitJson(urls, repo, c, true)),
    head_commit: facts.headCommit
      ? commitJson(
          urls,
          repo,
          facts.headCommit,
          facts.commits.some((c) => c.sha === facts.headCommit?.sha),
        )
      : null,
  };
}

export function pullRequestPayload(
  urls: Urls,
  action: string,
  repo: Repo,
  pull: PullRecord,
  sender: Account,
  shas?: { before: string; after: string },
): Record<string, unknown> {
  return {
    action,
    number: pull.number,
    pull_request: pullJson(urls, repo, pull),
    ...(shas ?? {}),
    repository: repoJson(urls, repo, null),
    sender: accountJson(urls, sender),
  };
}

const zens = [
  'Design for failure.',
  'Keep it logically awesome.',
  'Anything added dilutes everything else.',
  'Practicality beats purity.',
  'Speak like a human.',
];

export function pingPayload(urls: Urls, hook: HookRecord, sender: Account): Record<string, unknown> {
  return {
    zen: zens[hook.id % zens.length],
    hook_id: hook.id,
    hook: hookJson(urls, hook),
    repository: repoJson(urls, hook.repo, null),
    sender: accountJson(urls, sender),
  };
}
