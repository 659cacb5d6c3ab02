import { describe, expect, it } from 'vitest';
import type { CacheKeyInputs, JobAttemptDto } from '../../../server/contract/dto.js';
import { explainCache } from './cache-explanation.js';

const inputs: CacheKeyInputs = {
  imageId: 'sha256:aaaaaaaaaaaaaaaa',
  installScriptSha256: 'i1',
  trackedObjects: { 'package-lock.json': 'o1' },
  key: 'k1',
};
const attempt = (cacheHit: boolean | null, keyInputs: CacheKeyInputs | null): JobAttemptDto => ({
  attempt: 1,
  status: 'success',
  queuedAt: '',
  startedAt: null,
  finishedAt: null,
  exitCode: 0,
  reason: null,
  cacheHit,
  cacheReason: null,
  cacheKeyInputs: keyInputs,
  cacheImageId: null,
  logFile: 'x',
});

describe('explainCache', () => {
  it('prefers the reason the runner recorded', () => {
    const missed = { ...attempt(false, inputs), cacheReason: 'tracked files changed: deps.txt (modified)' };
    expect(explainCache(missed, true, null).reason).toBe('Tracked files changed: deps.txt (modified).');
  });

  it('names the reused image by its id and the cache key as a key', () => {
    const hit = { ...attempt(true, { ...inputs, key: 'd317e89a974e0000' }), cacheImageId: 'sha256:5af8950dd8ac1111' };
    expect(explainCache(hit, true, null).reason).toBe(
      'The cached install image 5af8950dd8ac was reused (cache key d317e89a974e): same image, install script and tracked files.',
    );
    // Recorded before the image was kept: the key is never passed off as the image.
    const older = attempt(true, { ...inputs, key: 'd317e89a974e0000' });
    expect(explainCache(older, true, null).reason).toBe(
      'The cached install image was reused (cache key d317e89a974e): same image, install script and tracked files.',
    );
  });

  it('explains hits, misses and their causes', () => {
    expect(explainCache(attempt(null, null), false, null).state).toBe('none');
    expect(explainCache(attempt(true, inputs), true, null).label).toBe('Cache hit');
    expect(explainCache(attempt(false, inputs), true, null).reason).toContain('No cached install image');
    const changed = {
      ...inputs,
      installScriptSha256: 'i2',
      trackedObjects: { 'package-lock.json': 'o2' },
      key: 'k2',
    };
    expect(explainCache(attempt(false, changed), true, inputs).reason).toBe(
      'The install script changed; tracked file changed: package-lock.json.',
    );
    expect(explainCache(attempt(false, inputs), true, inputs).reason).toContain('cached image is gone');
  });
});
