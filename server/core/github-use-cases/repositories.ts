import type { RepositoryDto } from '../../contract/dto.js';
import type { Caller, ForgeRepository, Store } from '../ports.js';
import { githubProblem } from '../errors.js';
import type { Forge } from '../ports.js';
import type { GitHubAccounts } from './github-accounts.js';

/** Each signed-in person's repositories, fetched from GitHub on demand and kept until refreshed. */
export class Repositories {
  readonly #store: Store;
  readonly #accounts: GitHubAccounts;
  readonly #forge: () => Forge;
  readonly #cache = new Map<number, readonly ForgeRepository[]>();

  constructor(store: Store, accounts: GitHubAccounts, forge: () => Forge) {
    this.#store = store;
    this.#accounts = accounts;
    this.#forge = forge;
  }

  async list(caller: Caller, refresh: boolean): Promise<readonly RepositoryDto[]> {
    const repositories = await this.#repositories(caller, refresh);
    const projects = new Map(this.#store.listProjects().map((p) => [p.githubRepoId, p.id]));
    return repositories
      .map((repo) => ({
        githubId: repo.githubId,
        fullName: repo.fullName,
        ownerLogin: repo.ownerLogin,
        name: repo.name,
        isPrivate: repo.isPrivate,
        canAdminister: repo.permissions.admin,
        projectId: projects.get(repo.githubId) ?? null,
      }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName));
  }

  async find(caller: Caller, githubId: number): Promise<ForgeRepository | null> {
    const repositories = await this.#repositories(caller, false);
    return repositories.find((repo) => repo.githubId === githubId) ?? null;
  }

  /** Fetches the list again with the given token (a sign-in's membership sync) and keeps it. */
  async fetch(githubId: number, token: string): Promise<readonly ForgeRepository[]> {
    try {
      const repositories = await this.#forge().listRepositories(token);
      this.#cache.set(githubId, repositories);
      return repositories;
    } catch (error) {
      await this.#accounts.refused(error, githubId);
      throw githubProblem('Kozmic could not list your repositories', error);
    }
  }

  async #repositories(caller: Caller, refresh: boolean): Promise<readonly ForgeRepository[]> {
    const { account, token } = await this.#accounts.ofCaller(caller);
    const cached = this.#cache.get(account.githubId);
    if (!refresh && cached) return cached;
    return this.fetch(account.githubId, token);
  }
}
