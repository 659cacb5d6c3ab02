// Each hook is one GitHub webhook (push and pull_request, JSON, its own random secret) pointing at
// `<public URL>/hooks/github/<hook id>`. Creating, repairing and deleting them, with GitHub's answers
// turned into messages for a person.
import { randomBytes } from 'node:crypto';
import type { HookDto, ProjectDto } from '../../contract/dto.js';
import { CoreError } from '../errors.js';
import type { Forge, Store, WebhookConfig } from '../ports.js';
import type { Tokens } from './tokens.js';

export const webhookEvents = ['push', 'pull_request'] as const;

export function webhookUrl(publicUrl: string, hookId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/hooks/github/${hookId}`;
}

export class HookWebhooks {
  readonly #store: Store;
  readonly #tokens: Tokens;
  readonly #forge: () => Forge;
  readonly #publicUrl: () => string | null;

  constructor(store: Store, tokens: Tokens, forge: () => Forge, publicUrl: () => string | null) {
    this.#store = store;
    this.#tokens = tokens;
    this.#forge = forge;
    this.#publicUrl = publicUrl;
  }

  /** Makes GitHub match the hook: creates the webhook when missing, else rewrites URL, events and secret. */
  async ensure(token: string, project: ProjectDto, hook: HookDto): Promise<HookDto> {
    const config = await this.#config(hook);
    const forge = this.#forge();
    // The secret cannot be read back from GitHub, so an existing webhook is always rewritten in full.
    const existing =
      hook.githubHookId === null ? null : await forge.getWebhook(token, project.fullName, hook.githubHookId);
    const webhook = existing
      ? await forge.updateWebhook(token, project.fullName, existing.id, config)
      : await forge.createWebhook(token, project.fullName, config);
    return webhook.id === hook.githubHookId
      ? hook
      : this.#store.updateHook(hook.id, { githubHookId: webhook.id });
  }

  /** Deletes the hook's webhook; one already gone counts as deleted. */
  async remove(token: string, project: ProjectDto, hook: HookDto): Promise<void> {
    if (hook.githubHookId !== null)
      await this.#forge().deleteWebhook(token, project.fullName, hook.githubHookId);
  }

  async #config(hook: HookDto): Promise<WebhookConfig> {
    const publicUrl = this.#publicUrl();
    if (!publicUrl) {
      throw new CoreError(
        'conflict',
        'Kozmic has no public URL for GitHub to deliver webhooks to. Set one in Settings (or KOZMIC_PUBLIC_URL).',
      );
    }
    let secret = await this.#tokens.hookSecret(hook.id);
    if (!secret) {
      secret = randomBytes(32).toString('hex');
      await this.#tokens.setHookSecret(hook.id, secret);
    }
    return { url: webhookUrl(publicUrl, hook.id), secret, events: webhookEvents };
  }
}
