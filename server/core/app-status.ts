import type { AppStatusDto } from '../contract/dto.js';
import type { EngineProbe } from './ports.js';

export interface AppIdentity {
  readonly version: string;
  readonly host: 'desktop' | 'headless';
  readonly dataDir: string;
  readonly startedAt: string;
}

/** What the welcome screen and settings show at a glance. An unreachable engine is a status, not an error. */
export async function appStatus(identity: AppIdentity, engine: EngineProbe): Promise<AppStatusDto> {
  return { ...identity, docker: await engine.probe() };
}
