// Watches the app's status: every poll tells open windows when Docker or the webhook address goes up
// or down (not only on reload), replaces a tunnel that twice in a row does not reach this Kozmic, and
// checks a new public URL at once, and answers a host's or page's "check again now" (wake from sleep, back on the network).
import type { AppStatusDto } from '../contract/dto.js';
import type { EventBus } from './event-bus.js';
import type { WebhookReachability } from './webhook-reachability.js';

const statusPollMs = 15_000;

export interface StatusWatchOptions {
  readonly status: () => Promise<AppStatusDto>;
  readonly events: EventBus;
  readonly reachability: Pick<WebhookReachability, 'forget' | 'forgetIfUrlChanged'>;
  readonly suspectTunnel: (why: string) => void;
  readonly warn: (message: string) => void;
  /** The machine slept (the poll found a long gap in wall time): a headless host has no wake event. */
  readonly woke?: () => void;
}

export class StatusWatch {
  readonly #options: StatusWatchOptions;
  readonly #timer: NodeJS.Timeout;
  #lastReachable: string | null = null;
  #lastPollAt = Date.now();
  #tunnelMisses = 0;

  constructor(options: StatusWatchOptions) {
    this.#options = options;
    this.#timer = setInterval(() => void this.#poll(), statusPollMs);
    this.#timer.unref();
    // A new public URL (a setting, or a tunnel's new address) is checked at once and pushed, so every
    // window's indicator follows it.
    options.events.subscribe((name) => {
      if (name !== 'settings.changed' && name !== 'tunnel.changed') return;
      if (!options.reachability.forgetIfUrlChanged()) return;
      void options
        .status()
        .then((next) => options.events.emit('app.status', next))
        .catch((e: unknown) => options.warn(`Checking the new public URL: ${e}`));
    });
  }

  /** Asks again at once and tells every window, even when nothing changed (its "checked at" is refreshed). */
  async recheck(): Promise<AppStatusDto> {
    this.#options.reachability.forget();
    const s = await this.#poll();
    this.#options.events.emit('app.status', s);
    return s;
  }

  close(): void {
    clearInterval(this.#timer);
  }

  async #poll(): Promise<AppStatusDto> {
    const now = Date.now();
    // Timers do not run while the machine sleeps: a poll far later than due means it woke.
    if (now - this.#lastPollAt > 4 * statusPollMs) this.#options.woke?.();
    this.#lastPollAt = now;
    const s = await this.#options.status();
    const reachable = `${s.docker.reachable}/${s.webhooks.reachable}`;
    if (reachable !== this.#lastReachable) this.#options.events.emit('app.status', s);
    this.#lastReachable = reachable;
    const tunnelDown =
      s.tunnel.state === 'open' && s.webhooks.publicUrl === s.tunnel.url && !s.webhooks.reachable;
    this.#tunnelMisses = tunnelDown ? this.#tunnelMisses + 1 : 0;
    if (this.#tunnelMisses >= 2) {
      this.#tunnelMisses = 0;
      this.#options.suspectTunnel(
        `The tunnel stopped carrying requests: ${s.webhooks.problem ?? 'no answer'}.`,
      );
    }
    return s;
  }
}
