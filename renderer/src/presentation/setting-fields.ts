import type { EditableSetting, SettingsDto, SettingsPatch } from '../../../server/contract/dto.js';
import { settingVariables } from '../../../server/contract/settings.js';

/** The variable that fixes a setting (it is then shown read-only). */
export const variableOf = (key: EditableSetting): string => settingVariables[key];

export interface SettingField {
  readonly key: EditableSetting;
  readonly label: string;
  readonly kind: 'integer' | 'number' | 'url' | 'text' | 'flag';
  readonly unit?: string;
  /** Shown value = stored value / scale (the log limit is stored in bytes, shown in MB). */
  readonly scale?: number;
  readonly help: string;
}

export const settingFields: readonly SettingField[] = [
  {
    key: 'maxParallelJobs',
    label: 'Parallel jobs',
    kind: 'integer',
    help: 'Jobs running at once; the rest wait in the queue.',
  },
  {
    key: 'stallTimeoutSeconds',
    label: 'Stall timeout',
    kind: 'integer',
    unit: 'seconds',
    help: 'A job printing nothing for this long is stopped.',
  },
  {
    key: 'jobTimeoutSeconds',
    label: 'Job timeout',
    kind: 'integer',
    unit: 'seconds',
    help: 'Overall time limit of one job.',
  },
  {
    key: 'cachedImagesLimit',
    label: 'Cached install images',
    kind: 'integer',
    unit: 'per project',
    help: 'Older install images are removed beyond this.',
  },
  {
    key: 'logLimitBytes',
    label: 'Log limit',
    kind: 'integer',
    unit: 'MB per job',
    scale: 1024 * 1024,
    help: 'Beyond it, the tail of the log is kept.',
  },
  {
    key: 'jobMemoryMb',
    label: 'Job memory',
    kind: 'integer',
    unit: 'MB',
    help: 'Memory limit of each job container.',
  },
  {
    key: 'jobCpus',
    label: 'Job CPUs',
    kind: 'number',
    help: 'CPU limit of each job container.',
  },
  {
    key: 'jobPidsLimit',
    label: 'Job processes',
    kind: 'integer',
    help: 'Process limit of each job container.',
  },
  {
    key: 'publicUrl',
    label: 'Public URL',
    kind: 'url',
    help: 'Where GitHub and people reach Kozmic (webhooks, commit-status links). With the tunnel on, its address is used instead.',
  },
  {
    key: 'uiPublicUrl',
    label: 'Interface URL',
    kind: 'url',
    help: 'Where people open this Kozmic’s interface, on a team server. Commit-status "Details" links and failure e-mails then lead to the build here; without it, to a page on the public URL that opens the build in the desktop app.',
  },
  {
    key: 'tunnel',
    label: 'Tunnel',
    kind: 'flag',
    help: 'Let GitHub reach this machine through a localtunnel address, which then is the public URL.',
  },
  {
    key: 'tunnelServer',
    label: 'Tunnel server',
    kind: 'url',
    help: 'https://localtunnel.me, or a localtunnel server of your own.',
  },
  {
    key: 'tunnelSubdomain',
    label: 'Tunnel name',
    kind: 'text',
    help: 'Ask for this subdomain to keep the same address; empty: a new one each time.',
  },
  {
    key: 'githubUrl',
    label: 'GitHub URL',
    kind: 'url',
    help: 'https://github.com, or your GitHub Enterprise Server.',
  },
  {
    key: 'dockerHost',
    label: 'Docker engine',
    kind: 'text',
    help: 'unix:///var/run/docker.sock, tcp://host:2376…; empty: the local socket.',
  },
  {
    key: 'emailNotifications',
    label: 'E-mail on failures',
    kind: 'flag',
        help: 'Mail the owner and members when a branch breaks (a team server with KOZMIC_SMTP_URL).',
  },
];

export type SettingsDraft = Record<EditableSetting, string | boolean>;

export function draftOfSettings(settings: SettingsDto): SettingsDraft {
  const draft = {} as SettingsDraft;
  for (const f of settingFields) {
    const value = settings[f.key];
    if (typeof value === 'boolean') draft[f.key] = value;
    else if (typeof value === 'number') draft[f.key] = String(value / (f.scale ?? 1));
    else draft[f.key] = value ?? '';
  }
  return draft;
}

/** The fields that changed, typed as the contract wants; fields fixed by the environment never. */
export function patchOf(settings: SettingsDto, draft: SettingsDraft): SettingsPatch {
  const before = draftOfSettings(settings);
  const patch: Record<string, unknown> = {};
  for (const f of settingFields) {
    const value = draft[f.key];
    if (settings.fromEnvironment.includes(f.key) || value === before[f.key]) continue;
    if (f.kind === 'flag') patch[f.key] = value === true;
    else if (f.kind === 'integer' || f.kind === 'number') patch[f.key] = Number(value) * (f.scale ?? 1);
    else patch[f.key] = String(value).trim() === '' ? null : String(value).trim();
  }
  return patch as SettingsPatch;
}
