import type { EditableSetting } from './dto.js';

/** The environment variable that fixes each setting (shown beside a setting the app cannot change). */
export const settingVariables = {
  maxParallelJobs: 'KOZMIC_MAX_PARALLEL_JOBS',
  stallTimeoutSeconds: 'KOZMIC_STALL_TIMEOUT',
  jobTimeoutSeconds: 'KOZMIC_JOB_TIMEOUT',
  cachedImagesLimit: 'KOZMIC_CACHED_IMAGES_LIMIT',
  logLimitBytes: 'KOZMIC_LOG_LIMIT_MB',
  jobMemoryMb: 'KOZMIC_JOB_MEMORY_MB',
  jobCpus: 'KOZMIC_JOB_CPUS',
  jobPidsLimit: 'KOZMIC_JOB_PIDS',
  publicUrl: 'KOZMIC_PUBLIC_URL',
  uiPublicUrl: 'KOZMIC_UI_PUBLIC_URL',
  tunnel: 'KOZMIC_TUNNEL',
  tunnelServer: 'KOZMIC_TUNNEL_SERVER',
  tunnelSubdomain: 'KOZMIC_TUNNEL_SUBDOMAIN',
  githubUrl: 'KOZMIC_GITHUB_URL',
  dockerHost: 'DOCKER_HOST',
  emailNotifications: 'KOZMIC_ENABLE_EMAIL_NOTIFICATIONS',
} as const satisfies Record<EditableSetting, string>;

/** The tunnel names localtunnel servers accept, for `tunnelSubdomain` and `KOZMIC_TUNNEL_SUBDOMAIN`. */
export const tunnelNamePattern = /^[a-z0-9][a-z0-9-]{2,61}[a-z0-9]$/;
export const tunnelNameForm = '4 to 63 lowercase letters, digits or -';
