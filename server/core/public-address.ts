// Where this Kozmic is reached from outside: GitHub delivers webhooks to the tunnel's address while a
// tunnel is wanted, else to the public URL of the settings; people follow a build's "Details" link to
// the interface's public address when a team server has one (build-links.ts).
import type { SettingsDto } from '../contract/dto.js';
import { buildDetailsUrl } from './build-links.js';
import type { TunnelKeeper } from './tunnel-keeper.js';

export class PublicAddress {
  readonly #settings: () => SettingsDto;
  readonly #tunnel: Pick<TunnelKeeper, 'url' | 'status'>;

  constructor(settings: () => SettingsDto, tunnel: Pick<TunnelKeeper, 'url' | 'status'>) {
    this.#settings = settings;
    this.#tunnel = tunnel;
  }

  /** Where GitHub delivers webhooks, or null while none is known (no setting, tunnel not open yet). */
  webhooks(): string | null {
    const current = this.#settings();
    return current.tunnel ? this.#tunnel.url() : current.publicUrl;
  }

  /** Why GitHub cannot deliver although a tunnel is wanted, for the status; null otherwise. */
  whyNoTunnelAddress(): string | null {
    if (!this.#settings().tunnel) return null;
    return `The tunnel is not open yet, so GitHub cannot deliver webhooks. ${this.#tunnel.status().problem ?? ''}`.trim();
  }

  /** A build's page for people outside Kozmic (commit status, failure e-mail), or null. */
  detailsUrl(projectId: string, number: number): string | null {
    return buildDetailsUrl({ ui: this.#settings().uiPublicUrl, webhooks: this.webhooks() }, projectId, number);
  }
}
