// Keeps a tunnel open while the settings ask for one: opens it once the webhook port listens, reopens it
// (with backoff) when it is lost or cannot be opened, and says at every step what is going on. While it
// is open its address is the public URL (public-address.ts), so the webhooks on GitHub follow it (webhook-repointing.ts).
import type { SettingsDto, TunnelStatusDto } from '../contract/dto.js';
import type { EventBus } from './event-bus.js';
import { TunnelError, type Logger, type OpenedTunnel, type OpenTunnel } from './ports.js';

const firstRetryMs = 1_000;
const maxRetryMs = 60_000;

export class TunnelKeeper {
  readonly #open: OpenTunnel;
  readonly #settings: () => SettingsDto;
  readonly #events: EventBus;
  readonly #log: Logger;
  #localPort: number | null = null;
  #status: TunnelStatusDto;
  #current: OpenedTunnel | null = null;
  /** Bumped whenever the wanted tunnel changes; a run that sees another value stops. */
  #generation = 0;
  #wanted = '';
    #retry: { timer: NodeJS.Timeout; wake: () => void } | null = null;
  /** Ends the wait on the open tunnel when it is found dead from outside (see `suspect`). */
  #suspected: ((reason: string) => void) | null = null;
  readonly #stopFollowingSettings: () => void;

  constructor(options: { open: OpenTunnel; settings: () => SettingsDto; events: EventBus; log: Logger }) {
    this.#open = options.open;
    this.#settings = options.settings;
    this.#events = options.events;
    this.#log = options.log;
    this.#status = this.#idle();
    // Turning the tunnel on or off, or naming another server or subdomain, takes effect at once.
    this.#stopFollowingSettings = options.events.subscribe((name) => {
      if (name === 'settings.changed') this.settingsChanged();
    });
  }

  status(): TunnelStatusDto {
    return this.#status;
  }

  /** The public address while the tunnel is open. */
  url(): string | null {
    return this.#status.state === 'open' ? this.#status.url : null;
  }

  /** The host's webhook server listens on `port`: a wanted tunnel can open now. */
  listening(port: number): void {
    this.#localPort = port;
    this.settingsChanged(true);
  }

  /** Starts, stops or reopens the tunnel when its settings changed (anything else is ignored). */
  settingsChanged(force = false): void {
    const s = this.#settings();
    const wanted = s.tunnel ? `${s.tunnelServer} ${s.tunnelSubdomain ?? ''}` : '';
    if (!force && wanted === this.#wanted) return;
    this.#wanted = wanted;
    this.#stop();
    const generation = ++this.#generation;
    if (!s.tunnel) return this.#set(this.#idle());
    if (this.#localPort === null) return this.#set({ ...this.#idle(), state: 'waiting' });
    void this.#keep(generation, this.#localPort);
  }

    close(): void {
    this.#stopFollowingSettings();
    this.#generation++;
    this.#stop();
  }

  /**
   * The open tunnel does not carry requests (the client can lose its sockets without a word): open a
   * new one. Ignored unless a tunnel is open.
   */
  suspect(reason: string): void {
    this.#suspected?.(reason);
  }

  async #keep(generation: number, localPort: number): Promise<void> {
    let delay = firstRetryMs;
    let problem: string | null = null;
    while (generation === this.#generation) {
      const { tunnelServer: server, tunnelSubdomain: subdomain } = this.#settings();
      this.#set({ state: 'connecting', url: null, server, problem, retryAt: null });
      try {
        const tunnel = await this.#open({ server, localPort, subdomain });
        if (generation !== this.#generation) return tunnel.close();
        this.#current = tunnel;
        delay = firstRetryMs;
        this.#set({ state: 'open', url: tunnel.url, server, problem: null, retryAt: null });
        this.#log.info(`Tunnel open: ${tunnel.url} forwards to the webhook port ${localPort}.`);
                problem = await Promise.race([
          tunnel.lost,
          new Promise<string>((settle) => (this.#suspected = settle)),
        ]);
        this.#suspected = null;
        tunnel.close();
        this.#current = null;
        if (generation !== this.#generation) return;
        this.#log.warn(`${problem} Opening a new one.`);
      } catch (error) {
        if (generation !== this.#generation) return;
        problem = error instanceof TunnelError ? error.message : `Opening the tunnel failed: ${String(error)}`;
        const retryAt = new Date(Date.now() + delay).toISOString();
        this.#set({ state: 'failed', url: null, server, problem, retryAt });
        this.#log.warn(`${problem} Trying again in ${Math.round(delay / 1000)} s.`);
        await this.#sleep(delay);
        delay = Math.min(delay * 2, maxRetryMs);
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#retry = null;
        resolve();
      }, ms);
      timer.unref();
      this.#retry = { timer, wake: resolve };
    });
  }

    #stop(): void {
    this.#current?.close();
    this.#current = null;
    this.#suspected = null;
    if (this.#retry) {
      clearTimeout(this.#retry.timer);
      this.#retry.wake();
      this.#retry = null;
    }
  }

  #idle(): TunnelStatusDto {
    return { state: 'off', url: null, server: this.#settings().tunnelServer, problem: null, retryAt: null };
  }

  #set(status: TunnelStatusDto): void {
    this.#status = status;
    this.#events.emit('tunnel.changed', status);
  }
}
