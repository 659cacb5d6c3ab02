// Builds asked for from the interface rather than by a push: the newest commit of a branch, and
// re-running a build's failed jobs or all of them (what GitHub Actions offers as "Run workflow" and
// "Re-run jobs").
import { randomUUID } from 'node:crypto';
import type { BuildDto, JobDto, ManualBuildDto, ProjectDto, RerunScope } from '../contract/dto.js';
import { currentAttempt } from './build-state.js';
import { CoreError, notFound } from './errors.js';
import type { Caller, Forge, Store } from './ports.js';
import type { GitHubAccounts } from './github-use-cases/github-accounts.js';

const rerunnable: Readonly<Record<RerunScope, ReadonlySet<string>>> = {
  // Like GitHub's "Re-run failed jobs": failed, errored and cancelled jobs.
  failed: new Set(['failure', 'error', 'cancelled']),
  all: new Set(['success', 'failure', 'error', 'cancelled']),
};

export class ManualBuilds {
  constructor(
    private readonly s: {
      store: Store;
      forge: () => Forge;
      accounts: GitHubAccounts;
      enqueue: (jobId: string) => void;
      publish: (job: JobDto) => Promise<void>;
      restart: (jobId: string) => Promise<JobDto>;
    },
  ) {}

  /**
   * A build of the branch's newest commit, made as a push of it would be. The usual rule holds: one
   * build per commit of a branch, one job per hook. A commit already built gets jobs only for hooks
   * it has none for; when it has them all, that build is the answer (`created: false`), to re-run.
   */
  async buildBranch(caller: Caller, projectId: string, branch: string): Promise<ManualBuildDto> {
    const project = this.#project(projectId);
    const hooks = this.s.store.listHooks(projectId);
    if (hooks.length === 0) {
      throw new CoreError(
        'conflict',
        `${project.fullName} has no hooks yet: add one to say what a build runs.`,
      );
    }
    const { token, login } = await this.#token(project, caller);
    const head = await this.s.forge().getBranchHead(token, project.fullName, branch);
    if (!head) throw notFound(`Branch "${branch}" of ${project.fullName}`);
    const commit = {
      sha: head.sha,
      ref: branch,
      message: head.message,
      author: head.author,
      url: head.url,
      fetchRef: `refs/heads/${branch}`,
    };
    let build: BuildDto | null = null;
    let created = false;
    for (const hook of hooks) {
      const receivedAt = new Date().toISOString();
      const outcome = await this.s.store.requestBuild({
        projectId,
        hookId: hook.id,
        commit,
        delivery: {
          deliveryId: `manual-${randomUUID()}`,
          event: 'manual',
          payload: JSON.stringify({
            manual: true,
            branch,
            sha: head.sha,
            requestedBy: login,
            at: receivedAt,
          }),
          receivedAt,
        },
      });
      if (outcome.kind === 'duplicate-delivery') continue;
      build = outcome.build;
      if (outcome.kind === 'created') {
        created = true;
        this.s.enqueue(outcome.job.id);
        await this.s.publish(outcome.job);
      }
    }
    const latest = build && (await this.s.store.getBuild(projectId, build.number));
    if (!latest) throw new CoreError('internal', 'The build could not be recorded.');
    return { build: latest, created };
  }

  /**
   * A new attempt, with its hook's current definition, of each finished job in `scope`. As on GitHub,
   * re-running all waits for the whole build to finish; failed jobs can be re-run while others run.
   * Jobs of deleted hooks cannot run again and are left out.
   */
  async rerun(projectId: string, number: number, scope: RerunScope): Promise<BuildDto> {
    this.#project(projectId);
    const build = await this.s.store.getBuild(projectId, number);
    if (!build) throw notFound(`Build #${number}`);
    const unfinished = build.jobs.some((job) => !rerunnable.all.has(currentAttempt(job).status));
    if (scope === 'all' && unfinished) {
      throw new CoreError(
        'conflict',
        `Build #${number} is still running: wait for it to finish, or cancel it, before re-running all its jobs.`,
      );
    }
    const jobs = build.jobs.filter(
      (job) =>
        rerunnable[scope].has(currentAttempt(job).status) &&
        this.s.store.getHook(job.hookId)?.deletedAt === null,
    );
    if (jobs.length === 0) {
      throw new CoreError(
        'conflict',
        scope === 'failed'
          ? `Build #${number} has no failed or cancelled job to re-run.`
          : `Build #${number} has no job whose hook still exists.`,
      );
    }
    for (const job of jobs) await this.s.restart(job.id);
    const after = await this.s.store.getBuild(projectId, number);
    return after!;
  }

  #project(projectId: string): ProjectDto {
    const project = this.s.store.getProject(projectId);
    if (!project) throw notFound(`Project ${projectId}`);
    return project;
  }

  async #token(project: ProjectDto, caller: Caller): Promise<{ token: string; login: string }> {
    const { githubId, token } = await this.s.accounts.forProject(project, caller);
    const asker = caller.kind === 'teammate' ? caller.githubId : githubId;
    return { token, login: this.s.store.getAccount(asker)?.login ?? String(asker) };
  }
}
