import type { EditableSetting, SettingsDto, SettingsPatch } from '../contract/dto.js';
import { settingVariables } from '../contract/settings.js';
import type { Config } from './config.js';
import { CoreError } from './errors.js';
import type { EventBus } from './event-bus.js';
import type { Store } from './ports.js';

/** What a fresh Kozmic uses until the user or the environment says otherwise. */
export const settingDefaults: Omit<SettingsDto, 'fromEnvironment'> = {
  maxParallelJobs: 2,
  stallTimeoutSeconds: 900,
  jobTimeoutSeconds: 3600,
  cachedImagesLimit: 3,
  logLimitBytes: 50 * 1024 * 1024,
  jobMemoryMb: 4096,
  jobCpus: 2,
  jobPidsLimit: 4096,
  publicUrl: null,
  uiPublicUrl: null,
  tunnel: false,
  tunnelServer: 'https://localtunnel.me',
  tunnelSubdomain: null,
  githubUrl: 'https://github.com',
  dockerHost: null,
  emailNotifications: false,
};

function environmentOverrides(config: Config): SettingsPatch {
  const fromEnv: SettingsPatch = {};
  for (const key of Object.keys(settingDefaults) as EditableSetting[]) {
    const value = config[key];
    if (value !== null) (fromEnv as Record<string, unknown>)[key] = value;
  }
  return fromEnv;
}

/**
 * Effective settings: the defaults (settingDefaults), then what the user saved in the app, then environment variables.
 * An operator's explicit variable wins, and the app shows it as fixed rather than silently ignoring edits.
 */
export class Settings {
  readonly #store: Store;
  readonly #fromEnv: SettingsPatch;
  readonly #events: EventBus;

  constructor(store: Store, config: Config, events: EventBus) {
    this.#store = store;
    this.#events = events;
    this.#fromEnv = environmentOverrides(config);
  }

  current(): SettingsDto {
    return {
      ...settingDefaults,
      ...this.#store.getSettings(),
      ...this.#fromEnv,
      fromEnvironment: Object.keys(this.#fromEnv) as EditableSetting[],
    };
  }

  async update(patch: SettingsPatch): Promise<SettingsDto> {
    const fixed = (Object.keys(patch) as EditableSetting[]).filter((key) => key in this.#fromEnv);
    if (fixed.length > 0) {
      const names = fixed.map((key) => settingVariables[key]).join(', ');
      throw new CoreError('conflict', `Set by the environment (${names}); unset it and restart Kozmic to edit it here.`);
    }
    await this.#store.updateSettings(patch);
    const settings = this.current();
    this.#events.emit('settings.changed', settings);
    return settings;
  }
}
