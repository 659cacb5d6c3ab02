import type { HookDefinition, HookDto } from '../contract/dto.js';
import { CoreError, notFound } from './errors.js';
import type { EventBus } from './event-bus.js';
import { githubProblem } from './errors.js';
import type { HookWebhooks } from './github-use-cases/hook-webhooks.js';
import type { Tokens } from './github-use-cases/tokens.js';
import { normaliseHookDefinition } from './hook-definition.js';
import type { Caller, Store } from './ports.js';
import type { GitHubAccounts } from './github-use-cases/github-accounts.js';

/**
 * A project's hooks. Adding one creates its GitHub webhook (nothing is kept when that fails); editing
 * never contacts GitHub; deleting removes the webhook first (a GitHub error keeps the hook).
 */
export class Hooks {
  readonly #store: Store;
  readonly #events: EventBus;
  readonly #webhooks: HookWebhooks;
  readonly #accounts: GitHubAccounts;
  readonly #tokens: Tokens;

  constructor(options: {
    store: Store;
    events: EventBus;
    webhooks: HookWebhooks;
    accounts: GitHubAccounts;
    tokens: Tokens;
  }) {
    this.#store = options.store;
    this.#events = options.events;
    this.#webhooks = options.webhooks;
    this.#accounts = options.accounts;
    this.#tokens = options.tokens;
  }

  list(projectId: string): readonly HookDto[] {
    this.#project(projectId);
    return this.#store.listHooks(projectId);
  }

  async save(
    caller: Caller,
    projectId: string,
    hookId: string | undefined,
    definition: HookDefinition,
  ): Promise<HookDto> {
    const project = this.#project(projectId);
    const normal = normaliseHookDefinition(definition);
    if (hookId !== undefined) {
      this.#ownHook(projectId, hookId);
      return this.#changed(await this.#store.updateHook(hookId, normal));
    }
    const { githubId, token } = await this.#accounts.forProject(project, caller);
    const created = await this.#store.createHook(projectId, normal);
    try {
      return this.#changed(await this.#webhooks.ensure(token, project, created));
    } catch (error) {
      await this.#store.deleteHook(created.id);
      await this.#tokens.forgetHookSecret(created.id);
      await this.#accounts.refused(error, githubId);
      if (error instanceof CoreError) throw error;
      throw githubProblem('The hook was not added, because its GitHub webhook could not be created', error);
    }
  }

  async delete(caller: Caller, projectId: string, hookId: string): Promise<void> {
    const project = this.#project(projectId);
    const hook = this.#ownHook(projectId, hookId);
    if (hook.githubHookId !== null) {
      const { githubId, token } = await this.#accounts.forProject(project, caller);
      await this.#webhooks.remove(token, project, hook).catch(async (error: unknown) => {
        await this.#accounts.refused(error, githubId);
        throw githubProblem('The hook was kept, because its GitHub webhook could not be deleted', error);
      });
    }
    await this.#store.deleteHook(hookId);
    await this.#tokens.forgetHookSecret(hookId);
    this.#events.emit('hook.removed', { projectId, hookId });
  }

  /** "Restore hooks on GitHub": re-creates missing webhooks and repairs URL, events and secret. */
  async restore(caller: Caller, projectId: string): Promise<readonly HookDto[]> {
    const project = this.#project(projectId);
    const { githubId, token } = await this.#accounts.forProject(project, caller);
    const restored: HookDto[] = [];
    for (const hook of this.#store.listHooks(projectId)) {
      try {
        restored.push(this.#changed(await this.#webhooks.ensure(token, project, hook)));
      } catch (error) {
        await this.#accounts.refused(error, githubId);
        if (error instanceof CoreError) throw error;
        throw githubProblem(`Restoring the webhook of "${hook.title}" failed`, error);
      }
    }
    return restored;
  }

  #changed(hook: HookDto): HookDto {
    this.#events.emit('hook.changed', hook);
    return hook;
  }

  #project(projectId: string) {
    const project = this.#store.getProject(projectId);
    if (!project) throw notFound(`Project ${projectId}`);
    return project;
  }

  #ownHook(projectId: string, hookId: string): HookDto {
    const hook = this.#store.getHook(hookId);
    if (!hook || hook.projectId !== projectId || hook.deletedAt !== null) throw notFound(`Hook ${hookId}`);
    return hook;
  }
}
