import type { EventBus } from './event-bus.js';
import type { Hooks } from './hooks.js';
import { operator, type Logger, type Store } from './ports.js';

/** When the public URL changes (a new tunnel address), every hook's webhook is re-pointed at it. */
export function watchPublicUrl(
  publicUrl: () => string | null,
  events: EventBus,
  store: Store,
  hooks: Hooks,
  log: Logger,
): void {
  let known = publicUrl();
  events.subscribe((name) => {
    if (name !== 'settings.changed' && name !== 'tunnel.changed') return;
    if (publicUrl() === known) return;
    known = publicUrl();
    // While a tunnel reconnects there is no address; the webhooks keep the old one until the new one.
    if (!known) return;
    for (const project of store.listProjects()) {
      if (store.listHooks(project.id).length === 0) continue;
      void hooks
        .restore(operator, project.id)
        .then(() => log.info(`Re-pointed the webhooks of ${project.fullName} at ${known}.`))
        .catch((e: unknown) => log.warn(`Re-pointing the webhooks of ${project.fullName} failed: ${e}`));
    }
  });
}
