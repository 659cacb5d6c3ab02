import type { RepositoryDto } from '../../contract/dto.js';
import type { ForgeRepository, Store } from '../ports.js';
import type { SignIn } from './sign-in.js';
import { githubProblem } from './hook-webhooks.js';
import type { Forge } from '../ports.js';

/** The signed-in user's repositories, fetched from GitHub on demand and kept until refreshed. */
export class Repositories {
  readonly #store: Store;
  readonly #signIn: SignIn;
  readonly #forge: () => Forge;
  #cache: { githubId: number; repositories: readonly ForgeRepository[] } | null = null;

  constructor(store: Store, signIn: SignIn, forge: () => Forge) {
    this.#store = store;
    this.#signIn = signIn;
    this.#forge = forge;
  }

  async list(refresh: boolean): Promise<readonly RepositoryDto[]> {
    const repositories = await this.#repositories(refresh);
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

  async find(githubId: number): Promise<ForgeRepository | null> {
    const repositories = await this.#repositories(false);
    return repositories.find((repo) => repo.githubId === githubId) ?? null;
  }

  async #repositories(refresh: boolean): Promise<readonly ForgeRepository[]> {
    const { account, token } = await this.#signIn.requireToken();
    if (!refresh && this.#cache?.githubId === account.githubId) return this.#cache.repositories;
    try {
      const repositories = await this.#forge().listRepositories(token);
      this.#cache = { githubId: account.githubId, repositories };
      return repositories;
    } catch (error) {
      this.#signIn.tokenRefused(error);
      throw githubProblem('Kozmic could not list your repositories', error);
    }
  }
}
