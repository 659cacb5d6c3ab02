// A verified GitHub delivery, read into what Kozmic does with it (reference §5, "Ours"): build a
// branch push or a pull request's head, skip it for a marker, acknowledge and ignore it, or report it
// as malformed. Never throws: the webhook endpoint answers every delivery.
import type { z } from 'zod';
import type { BuildTarget, WebhookEvent, WebhookRepository } from '../../core/ports.js';
import { branchProblem, refFormatProblem } from './ref-format.js';
import { findSkipMarker } from './skip-markers.js';
import {
  branchPushFields,
  pingFields,
  pullRequestAction,
  pullRequestFields,
  pushShape,
  type RepositoryFields,
} from './webhook-payloads.js';

export type { BuildTarget, WebhookEvent, WebhookRepository } from '../../core/ports.js';
export type PullRequestBuildAction = NonNullable<BuildTarget['pullRequest']>['action'];

const BUILD_ACTIONS: readonly string[] = [
  'opened',
  'synchronize',
  'reopened',
] satisfies PullRequestBuildAction[];

/** `event` is the `X-GitHub-Event` header; `body` the raw JSON whose signature was verified. */
export function parseWebhookEvent(event: string | undefined, body: string): WebhookEvent {
  if (!event) return { kind: 'invalid', reason: 'The X-GitHub-Event header is missing.' };
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return {
      kind: 'invalid',
      reason: 'The body is not JSON (webhooks must use content type application/json).',
    };
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { kind: 'invalid', reason: 'The body is not a JSON object.' };
  }
  switch (event) {
    case 'ping':
      return parsePing(payload);
    case 'push':
      return parsePush(payload);
    case 'pull_request':
      return parsePullRequest(payload);
    default:
      return { kind: 'ignored', reason: `Kozmic does not use "${event}" events.` };
  }
}

function parsePing(payload: object): WebhookEvent {
  const ping = pingFields.safeParse(payload);
  if (!ping.success) return invalid('ping', ping.error);
  return {
    kind: 'ping',
    hookId: ping.data.hook_id,
    repository: ping.data.repository ? toRepository(ping.data.repository) : null,
  };
}

function parsePush(payload: object): WebhookEvent {
  const shape = pushShape.safeParse(payload);
  if (!shape.success) return invalid('push', shape.error);
  const { ref } = shape.data;
  const problem = ref.startsWith('refs/heads/')
    ? branchProblem(ref.slice('refs/heads/'.length))
    : refFormatProblem(ref);
  if (problem) return badRef(ref, problem);
  if (ref.startsWith('refs/tags/')) return { kind: 'ignored', reason: `Tag pushes are not built (${ref}).` };
  if (!ref.startsWith('refs/heads/'))
    return { kind: 'ignored', reason: `Only branches are built, not ${ref}.` };
  if (
    shape.data.deleted === true ||
    shape.data.head_commit === null ||
    shape.data.head_commit === undefined
  ) {
    return { kind: 'ignored', reason: `The branch ${ref.slice('refs/heads/'.length)} was deleted.` };
  }
  const push = branchPushFields.safeParse(payload);
  if (!push.success) return invalid('push', push.error);
  const { head_commit: head, repository } = push.data;
  // `after` is the new branch tip and always names head_commit on GitHub; should they ever differ,
  // build the tip and have its own message looked up.
  const sha = push.data.after ?? head.id;
  const branch = ref.slice('refs/heads/'.length);
  const target: BuildTarget = {
    repository: toRepository(repository),
    commit: {
      sha,
      ref: branch,
      message: head.message,
      author: head.author.name,
      url: sha === head.id && head.url ? head.url : `${repository.html_url}/commit/${sha}`,
      fetchRef: ref,
    },
    needsCommitLookup: sha !== head.id,
    pullRequest: null,
  };
  return withSkipMarker(target, findSkipMarker(head.message));
}

function parsePullRequest(payload: object): WebhookEvent {
  const action = pullRequestAction.safeParse(payload);
  if (!action.success) return invalid('pull_request', action.error);
  if (!BUILD_ACTIONS.includes(action.data.action)) {
    return { kind: 'ignored', reason: `Pull request "${action.data.action}" events are not built.` };
  }
  const parsed = pullRequestFields.safeParse(payload);
  if (!parsed.success) return invalid('pull_request', parsed.error);
  const { number, pull_request: pull, repository } = parsed.data;
  const problem = branchProblem(pull.head.ref);
  if (problem) return badRef(pull.head.ref, problem);
  const headRepository = pull.head.repo?.full_name ?? null;
  const target: BuildTarget = {
    repository: toRepository(repository),
    commit: {
      sha: pull.head.sha,
      ref: pull.head.ref,
      message: pull.title,
      author: pull.user?.login ?? '',
      url: `${repository.html_url}/commit/${pull.head.sha}`,
      // Also for forks: GitHub mirrors every PR head into the base repository under this ref.
      fetchRef: `refs/pull/${number}/head`,
    },
    needsCommitLookup: true,
    pullRequest: {
      number,
      action: action.data.action as PullRequestBuildAction,
      headRepository,
      fromFork: pull.head.repo === null || pull.head.repo.id !== repository.id,
    },
  };
  return withSkipMarker(target, findSkipMarker(pull.title) ?? findSkipMarker(pull.body));
}

function withSkipMarker(target: BuildTarget, marker: string | null): WebhookEvent {
  return marker === null ? { kind: 'build', ...target } : { kind: 'skipped', marker, ...target };
}

function toRepository(repository: RepositoryFields): WebhookRepository {
  return { githubId: repository.id, fullName: repository.full_name, defaultBranch: repository.default_branch ?? null };
}

function badRef(ref: string, problem: string): WebhookEvent {
  const shown = ref.length > 100 ? `${ref.slice(0, 100)}…` : ref;
  return { kind: 'invalid', reason: `${JSON.stringify(shown)} is not a valid git ref name: ${problem}.` };
}

function invalid(event: string, error: z.ZodError): WebhookEvent {
  const details = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'} ${issue.message}`)
    .join('; ');
  return { kind: 'invalid', reason: `Malformed ${event} payload: ${details}.` };
}
