// The build's derived status goes back to GitHub as a commit status (context `kozmic`) whenever it
// changes, from the moment the build is queued. Posting never blocks a build: failures are retried with
// backoff, and only the newest status of a build is kept waiting, so nothing stale is posted after a
// newer one. What GitHub accepted is remembered in the store, so each (commit, context, state,
// description) is posted once, across restarts too.
import type { BuildDto, BuildSummaryDto } from '../../contract/dto.js';
import { currentAttempt } from '../build-state.js';
import { ForgeError, type CommitStatus, type Forge, type Logger, type Store } from '../ports.js';
import type { Tokens } from './tokens.js';

export const statusContext = 'kozmic';
const firstRetryMs = 2_000;
const maxRetryMs = 5 * 60_000;

interface Pending {
  readonly projectId: string;
  readonly sha: string;
  readonly status: CommitStatus;
  attempts: number;
}

/** What GitHub keeps one status of: a context on a commit (of a project). */
function commitKeyOf(pending: { projectId: string; sha: string; status: CommitStatus }): string {
  return `${pending.projectId}/${pending.sha}/${pending.status.context}`;
}

function fingerprintOf(status: CommitStatus): string {
  return `${status.state}|${status.description}`;
}

export function commitStatusOf(build: BuildDto, targetUrl: string | null): CommitStatus {
  const n = `Build #${build.number}`;
  const culprit = (status: string) =>
    build.jobs.find((job) => currentAttempt(job).status === status)?.definition.title;
  const base = { targetUrl, context: statusContext };
  switch (build.status) {
    case 'pending':
      return build.progress === 'queued'
        ? { ...base, state: 'pending', description: `${n} is queued in Kozmic` }
        : { ...base, state: 'pending', description: `${n} is running` };
    case 'success':
      return { ...base, state: 'success', description: `${n} has passed` };
    case 'failure':
      return {
        ...base,
        state: 'failure',
        description: `${n} has failed because of the "${culprit('failure')}" job`,
      };
    case 'error':
      return { ...base, state: 'error', description: `${n} could not run the "${culprit('error')}" job` };
    case 'cancelled':
      return { ...base, state: 'error', description: `${n} was cancelled` };
  }
}

export class StatusPoster {
  /** By commit key: the status posted or on its way (a failed one is retried). */
  readonly #posted = new Map<string, string>();
  readonly #pending = new Map<string, Pending>();
  /** By build: the change being handled, so a build's changes are read and posted in their order. */
  readonly #inOrder = new Map<string, Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(
    private readonly s: {
      store: Store;
      tokens: Tokens;
      forge: () => Forge;
      /** The "Details" link of a build's status (see core/build-links.ts). */
      detailsUrl: (projectId: string, number: number) => string | null;
      log: Logger;
      /** GitHub refused the token of the account with this id. */
      tokenRefused: (error: unknown, githubId: number) => void;
    },
  ) {}

  /** Called for every build change; posts only when the state or description differs from the last post. */
  buildChanged(summary: BuildSummaryDto): Promise<void> {
    // Queued and running follow each other within milliseconds: posted at once, GitHub could keep
    // whichever arrived last.
    const key = `${summary.projectId}/${summary.number}`;
    const changed = (this.#inOrder.get(key) ?? Promise.resolve()).then(() => this.#buildChanged(summary));
    const settled = changed.catch(() => undefined);
    this.#inOrder.set(key, settled);
    void settled.then(() => {
      if (this.#inOrder.get(key) === settled) this.#inOrder.delete(key);
    });
    return changed;
  }

  async #buildChanged(summary: BuildSummaryDto): Promise<void> {
    const build = await this.s.store.getBuild(summary.projectId, summary.number);
    if (!build) return;
    const status = commitStatusOf(build, this.s.detailsUrl(build.projectId, build.number));
    const key = `${build.projectId}/${build.number}`;
    const pending = { projectId: build.projectId, sha: build.sha, status };
    const commitKey = commitKeyOf(pending);
    const fingerprint = fingerprintOf(status);
    // Accepted before (this run or an earlier one), or on its way: the same status is never posted twice.
    const last = this.#posted.get(commitKey) ?? this.s.store.acceptedStatus(commitKey);
    if (last === fingerprint) return;
    this.#posted.set(commitKey, fingerprint);
    this.#pending.set(key, { ...pending, attempts: 0 });
    // On disk before the first try: a post that fails and a restart that follows lose nothing.
    await this.s.store.putPendingStatus(key, pending);
    await this.#flush(key);
  }

  /**
   * After a start or a sign-in: posts what was still waiting, then the newest build of every project
   * when its status differs from what GitHub last accepted (a change missed while Kozmic was stopped).
   */
  async catchUp(): Promise<void> {
    for (const [key, pending] of Object.entries(this.s.store.listPendingStatuses())) {
      if (this.#pending.has(key)) continue; // already on its way
      const commitKey = commitKeyOf(pending);
      const fingerprint = fingerprintOf(pending.status);
      if (this.s.store.acceptedStatus(commitKey) === fingerprint) {
        await this.s.store.removePendingStatus(key);
        continue;
      }
      this.#posted.set(commitKey, fingerprint);
      this.#pending.set(key, { ...pending, attempts: 0 });
      await this.#flush(key);
    }
    for (const project of this.s.store.listProjects()) {
      if (project.latestBuild) await this.buildChanged(project.latestBuild);
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  get waiting(): number {
    return this.#pending.size;
  }

  async #flush(key: string): Promise<void> {
    const pending = this.#pending.get(key);
    if (!pending || this.#closed) return;
    const project = this.s.store.getProject(pending.projectId);
    const token = project ? await this.s.tokens.token(project.ownerGithubId) : null;
    if (!project || !token) {
      // Nobody can post it now; it stays on disk, and the catch-up after a sign-in or restart tries again.
      this.#pending.delete(key);
      if (!project) await this.s.store.removePendingStatus(key);
      return;
    }
    try {
      await this.s.forge().postCommitStatus(token, project.fullName, pending.sha, pending.status);
      const newest = this.#pending.get(key) === pending;
      if (newest) this.#pending.delete(key);
      await this.s.store.statusAccepted(
        commitKeyOf(pending),
        fingerprintOf(pending.status),
        newest ? key : null,
      );
    } catch (error) {
      if (error instanceof ForgeError && error.kind === 'unauthorized') {
        // Retrying cannot help; the app asks the user to sign in again. It stays on disk for later.
        this.#pending.delete(key);
        this.s.tokenRefused(error, project.ownerGithubId);
        return;
      }
      pending.attempts += 1;
      if (pending.attempts === 1) {
        this.s.log.warn(
          `Posting the status of ${project.fullName}@${pending.sha.slice(0, 7)} failed; retrying: ${(error as Error).message}`,
        );
      }
      this.#retryLater();
    }
  }

  #retryLater(): void {
    if (this.#timer || this.#closed) return;
    const attempts = Math.max(...[...this.#pending.values()].map((p) => p.attempts));
    const delay = Math.min(firstRetryMs * 2 ** (attempts - 1), maxRetryMs);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      for (const key of [...this.#pending.keys()]) void this.#flush(key);
    }, delay);
    this.#timer.unref();
  }
}
