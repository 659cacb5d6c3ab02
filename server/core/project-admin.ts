import type { ProjectDto } from '../contract/dto.js';
import { CoreError, githubProblem, notFound } from './errors.js';
import type { EventBus } from './event-bus.js';
import type { Caller, JobLogs, Logger, Store, SourceRepository } from './ports.js';
import type { GitHubAccounts } from './github-use-cases/github-accounts.js';
import type { Members } from './team/members.js';
import type { HookWebhooks } from './github-use-cases/hook-webhooks.js';
import type { Repositories } from './github-use-cases/repositories.js';
import type { Tokens } from './github-use-cases/tokens.js';

/** Creating a project from a repository, and deleting one with everything it owns. */
export class ProjectAdmin {
  constructor(
    private readonly s: {
      store: Store;
      events: EventBus;
      accounts: GitHubAccounts;
      repositories: Repositories;
      members: Members;
      log: Logger;
      webhooks: HookWebhooks;
      tokens: Tokens;
      logs: JobLogs;
      sources: SourceRepository;
      cancelJobs: (projectId: string) => Promise<void>;
    },
  ) {}

  /** The caller becomes the project's owner; its members are read from GitHub right away. */
  async create(caller: Caller, githubRepoId: number): Promise<ProjectDto> {
    const { account } = await this.s.accounts.ofCaller(caller);
    const repo = await this.s.repositories.find(caller, githubRepoId);
    if (!repo)
      throw notFound(`Repository ${githubRepoId} (refresh the list: it may be new, renamed or gone)`);
    if (!repo.permissions.admin) {
      throw new CoreError(
        'forbidden',
        `You need admin rights on ${repo.fullName} to add the webhooks Kozmic uses.`,
      );
    }
    const project = await this.s.store.createProject({
      githubRepoId: repo.githubId,
      fullName: repo.fullName,
      ownerLogin: repo.ownerLogin,
      name: repo.name,
      isPrivate: repo.isPrivate,
      cloneUrl: repo.cloneUrl,
      ownerGithubId: account.githubId,
      defaultBranch: repo.defaultBranch,
    });
    this.s.events.emit('project.changed', project);
    // The project is useful without its member list; "Sync members" retries and says why it failed.
    await this.s.members.sync(project.id, caller).catch((error: unknown) => {
      this.s.log.warn(`Reading the members of ${project.fullName} from GitHub failed: ${(error as Error).message}`);
    });
    return project;
  }

  /** Webhooks first (one already gone counts as deleted); a GitHub error keeps the project and says why. */
  async delete(caller: Caller, projectId: string): Promise<void> {
    const project = this.s.store.getProject(projectId);
    if (!project) throw notFound(`Project ${projectId}`);
    const hooks = this.s.store.listHooks(projectId);
    if (hooks.some((hook) => hook.githubHookId !== null)) {
      const { githubId, token } = await this.s.accounts.forProject(project, caller);
      for (const hook of hooks) {
        await this.s.webhooks.remove(token, project, hook).catch(async (error: unknown) => {
          await this.s.accounts.refused(error, githubId);
          throw githubProblem(
            `${project.fullName} was kept, because a webhook could not be deleted on GitHub`,
            error,
          );
        });
      }
    }
    await this.s.cancelJobs(projectId);
    await this.s.store.deleteProject(projectId);
    for (const hook of hooks) await this.s.tokens.forgetHookSecret(hook.id);
    await Promise.all([this.s.logs.remove(`logs/${projectId}`), this.s.sources.remove(projectId)]);
    this.s.events.emit('project.removed', { projectId });
  }
}
