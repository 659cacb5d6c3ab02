import type { CacheKeyInputs, JobAttemptDto } from '../../../server/contract/dto.js';

export interface CacheExplanation {
  readonly state: 'hit' | 'miss' | 'none' | 'unknown';
  readonly label: string;
  readonly reason: string;
}

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** Why the install step ran or was reused, comparing with the inputs of the previous run of the hook. */
export function explainCache(
  attempt: JobAttemptDto,
  hasInstallStep: boolean,
  previous: CacheKeyInputs | null,
): CacheExplanation {
  if (!hasInstallStep)
    return { state: 'none', label: 'No install step', reason: 'This hook has no install script to cache.' };
  const inputs = attempt.cacheKeyInputs;
  if (attempt.cacheHit === null || !inputs) {
    return {
      state: 'unknown',
      label: 'Cache not checked yet',
      reason: 'Decided when the job prepares its image.',
    };
  }
  if (attempt.cacheHit) {
    // The key is a hash of the inputs, not an image: each is named as what it is. Attempts recorded
    // before the image was kept name only the key.
    const image = attempt.cacheImageId ? ` ${short(attempt.cacheImageId)}` : '';
    return {
      state: 'hit',
      label: 'Cache hit',
      reason:
        `The cached install image${image} was reused (cache key ${short(inputs.key)}): ` +
        'same image, install script and tracked files.',
    };
  }
  // The runner records why it missed; older attempts (recorded before it did) are explained by comparison.
  const recorded = attempt.cacheReason;
  const reason = recorded ? `${recorded.charAt(0).toUpperCase()}${recorded.slice(1)}.` : missReason(inputs, previous);
  return { state: 'miss', label: 'Cache miss', reason };
}

function missReason(inputs: CacheKeyInputs, previous: CacheKeyInputs | null): string {
  if (!previous)
    return 'No cached install image with these inputs yet: the install step ran and its result is now cached.';
  const reasons: string[] = [];
  if (previous.imageId !== inputs.imageId)
    reasons.push(`the image changed (${short(previous.imageId)} → ${short(inputs.imageId)})`);
  if (previous.installScriptSha256 !== inputs.installScriptSha256) reasons.push('the install script changed');
  const files = new Set([...Object.keys(previous.trackedObjects), ...Object.keys(inputs.trackedObjects)]);
  const changed = [...files].filter((f) => previous.trackedObjects[f] !== inputs.trackedObjects[f]).sort();
  if (changed.length > 0)
    reasons.push(`tracked ${changed.length === 1 ? 'file' : 'files'} changed: ${changed.join(', ')}`);
  if (reasons.length === 0) {
    return previous.key === inputs.key
      ? 'Same inputs as the previous run, but its cached image is gone (evicted by the cache limit, or removed).'
      : 'The cache key differs from the previous run.';
  }
  const text = reasons.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
