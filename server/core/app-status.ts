import type { AppStatusDto, SecretProtectionDto } from '../contract/dto.js';
import type { EngineProbe } from './ports.js';
import type { TunnelKeeper } from './tunnel-keeper.js';
import type { WebhookReachability } from './webhook-reachability.js';

export interface AppIdentity {
  readonly version: string;
  readonly host: 'desktop' | 'headless';
  readonly dataDir: string;
  readonly secrets: SecretProtectionDto;
  readonly startedAt: string;
}

/**
 * What the welcome screen and settings show at a glance. An unreachable engine or webhook endpoint is a
 * status, not an error.
 */
export async function appStatus(
  identity: AppIdentity,
  engine: EngineProbe,
  webhooks: Pick<WebhookReachability, 'check'>,
  tunnel: Pick<TunnelKeeper, 'status'>,
): Promise<AppStatusDto> {
  const [docker, reachability] = await Promise.all([engine.probe(), webhooks.check()]);
  return { ...identity, docker, webhooks: reachability, tunnel: tunnel.status() };
}
