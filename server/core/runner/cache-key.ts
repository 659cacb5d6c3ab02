import { createHash } from 'node:crypto';
import type { CacheKeyInputs } from '../../contract/dto.js';

const missing = 'missing';

/** Paths in byte order (not UTF-16 order), so the key is the same whatever produced the list. */
export function byteOrder(paths: readonly string[]): string[] {
  return [...new Set(paths)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/**
 * The install cache key: sha256 over the base image id, the install script text and, for each tracked
 * path in byte order, the path and its git object id at the commit (or a missing marker, so deleting a
 * tracked file changes the key). The build script is deliberately not part of it. Parts are NUL-separated
 * so no two different inputs can run together into the same text.
 */
export function cacheKeyOf(
  imageId: string,
  installScript: string,
  objectIds: Readonly<Record<string, string | null>>,
): CacheKeyInputs {
  const trackedObjects: Record<string, string> = {};
  const hash = createHash('sha256').update(imageId).update('\0').update(installScript);
  for (const path of byteOrder(Object.keys(objectIds))) {
    const id = objectIds[path] ?? missing;
    trackedObjects[path] = id;
    hash.update('\0').update(path).update('\0').update(id);
  }
  return {
    imageId,
    installScriptSha256: createHash('sha256').update(installScript).digest('hex'),
    trackedObjects,
    key: hash.digest('hex'),
  };
}

/** Why a cache lookup missed, in words, against the inputs of the newest cached image of the hook. */
export function explainCacheMiss(current: CacheKeyInputs, previous: CacheKeyInputs | null): string {
  if (!previous) return 'no cached install image exists for this hook yet';
  const reasons: string[] = [];
  if (previous.imageId !== current.imageId) {
    reasons.push(`the base image changed (${short(previous.imageId)} → ${short(current.imageId)})`);
  }
  if (previous.installScriptSha256 !== current.installScriptSha256) reasons.push('the install script changed');
  const paths = byteOrder([...Object.keys(previous.trackedObjects), ...Object.keys(current.trackedObjects)]);
  const changed = paths.filter((p) => previous.trackedObjects[p] !== current.trackedObjects[p]);
  if (changed.length > 0) {
    const shown = changed.slice(0, 5).map((p) => describeChange(p, previous.trackedObjects[p], current.trackedObjects[p]));
    const more = changed.length > 5 ? ` and ${changed.length - 5} more` : '';
    reasons.push(`tracked files changed: ${shown.join(', ')}${more}`);
  }
  return reasons.length > 0 ? reasons.join('; ') : 'the newest cached image was removed';
}

function describeChange(path: string, before: string | undefined, after: string | undefined): string {
  if (before === undefined) return `${path} (newly tracked)`;
  if (after === undefined) return `${path} (no longer tracked)`;
  if (before === missing) return `${path} (added)`;
  if (after === missing) return `${path} (deleted)`;
  return `${path} (modified)`;
}

function short(imageId: string): string {
  return imageId.replace(/^sha256:/, '').slice(0, 12);
}
