import type { HookDefinition, HookDto } from '../contract/dto.js';
import { notFound } from './errors.js';
import type { EventBus } from './event-bus.js';
import { normaliseHookDefinition } from './hook-definition.js';
import type { Store } from './ports.js';

/** Creating, editing and deleting a project's hooks. GitHub webhooks are attached in the forge work. */
export class Hooks {
  readonly #store: Store;
  readonly #events: EventBus;

  constructor(store: Store, events: EventBus) {
    this.#store = store;
    this.#events = events;
  }

  list(projectId: string): readonly HookDto[] {
    if (!this.#store.getProject(projectId)) throw notFound(`Project ${projectId}`);
    return this.#store.listHooks(projectId);
  }

  async save(projectId: string, hookId: string | undefined, definition: HookDefinition): Promise<HookDto> {
    if (!this.#store.getProject(projectId)) throw notFound(`Project ${projectId}`);
    const normal = normaliseHookDefinition(definition);
    if (hookId !== undefined) this.#ownHook(projectId, hookId);
    const hook =
      hookId === undefined
        ? await this.#store.createHook(projectId, normal)
        : await this.#store.updateHook(hookId, normal);
    this.#events.emit('hook.changed', hook);
    return hook;
  }

  async delete(projectId: string, hookId: string): Promise<void> {
    this.#ownHook(projectId, hookId);
    await this.#store.deleteHook(hookId);
    this.#events.emit('hook.removed', { projectId, hookId });
  }

  #ownHook(projectId: string, hookId: string): void {
    const hook = this.#store.getHook(hookId);
    if (!hook || hook.projectId !== projectId || hook.deletedAt !== null) throw notFound(`Hook ${hookId}`);
  }
}
