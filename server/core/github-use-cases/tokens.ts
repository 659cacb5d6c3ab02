import type { ProjectDto } from '../../contract/dto.js';
import type { SecretStore } from '../ports.js';

/** Where each account's GitHub token and each hook's webhook secret are kept (never in the JSON store). */
export class Tokens {
  readonly #secrets: SecretStore;

  constructor(secrets: SecretStore) {
    this.#secrets = secrets;
  }

  token(githubId: number): Promise<string | null> {
    return this.#secrets.get(`github-token:${githubId}`);
  }

  setToken(githubId: number, token: string): Promise<void> {
    return this.#secrets.set(`github-token:${githubId}`, token);
  }

  forgetToken(githubId: number): Promise<void> {
    return this.#secrets.delete(`github-token:${githubId}`);
  }

  /** What fetching a project's source presents: its owner's token, as GitHub's git endpoint takes it. */
  async sourceCredentials(project: ProjectDto): Promise<{ username: string; password: string } | null> {
    const token = await this.token(project.ownerGithubId);
    return token ? { username: 'x-access-token', password: token } : null;
  }

  hookSecret(hookId: string): Promise<string | null> {
    return this.#secrets.get(`hook-secret:${hookId}`);
  }

  setHookSecret(hookId: string, secret: string): Promise<void> {
    return this.#secrets.set(`hook-secret:${hookId}`, secret);
  }

  forgetHookSecret(hookId: string): Promise<void> {
    return this.#secrets.delete(`hook-secret:${hookId}`);
  }
}
