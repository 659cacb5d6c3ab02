import { describe, expect, it } from 'vitest';
import type { SettingsDto } from '../../../server/contract/dto.js';
import { draftOfSettings, patchOf } from './setting-fields.js';

const settings: SettingsDto = {
  maxParallelJobs: 2,
  stallTimeoutSeconds: 900,
  jobTimeoutSeconds: 3600,
  cachedImagesLimit: 3,
  logLimitBytes: 50 * 1024 * 1024,
  jobMemoryMb: 4096,
  jobCpus: 2,
  jobPidsLimit: 4096,
  publicUrl: null,
  githubUrl: 'https://github.com',
  dockerHost: null,
  emailNotifications: false,
  fromEnvironment: ['githubUrl'],
};

describe('setting fields', () => {
  it('shows the log limit in MB and sends only what changed, never an environment setting', () => {
    const draft = draftOfSettings(settings);
    expect(draft.logLimitBytes).toBe('50');
    expect(draft.publicUrl).toBe('');
    draft.logLimitBytes = '10';
    draft.maxParallelJobs = '4';
    draft.githubUrl = 'https://ghe.example';
    draft.publicUrl = ' https://ci.example ';
    expect(patchOf(settings, draft)).toEqual({
      logLimitBytes: 10 * 1024 * 1024,
      maxParallelJobs: 4,
      publicUrl: 'https://ci.example',
    });
  });
});
