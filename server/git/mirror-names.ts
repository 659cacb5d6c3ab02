// Checks on everything that ends up in a path or a git command line. Each value reaches git either as
// an argument or as a line on its stdin, so a leading dash, a colon or `..` must never get through.
import { join } from 'node:path';
import { SourceError } from '../core/ports.js';

/** The mirror of a project; ids are the store's lowercase alphanumerics, so no path can escape `dir`. */
export function mirrorPathOf(dir: string, projectId: string): string {
  if (!/^[a-z0-9]{1,64}$/.test(projectId)) throw new SourceError(`"${projectId}" is not a valid project id.`);
  return join(dir, `${projectId}.git`);
}

/** A full commit id (SHA-1, or SHA-256 for repositories that use it), never an option or a rev expression. */
export function checkSha(sha: string): void {
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(sha))
    throw new SourceError(`"${sha}" is not a full commit id.`);
}

/** A full ref name as `git check-ref-format` accepts it, e.g. `refs/heads/main` or `refs/pull/7/head`. */
export function checkRef(ref: string): void {
  const valid =
    /^refs\/[^\0-\x20\x7f~^:?*[\\]+$/.test(ref) && !/\.\.|@\{|\/\/|\/\.|\.lock(?:\/|$)|[/.]$/.test(ref);
  if (!valid) throw new SourceError(`"${ref}" is not a full git ref name (such as refs/heads/main).`);
}

/**
 * Where a fetched ref is kept in the mirror: one flat name per ref (`refs/kozmic/refs%2Fheads%2Fmain`).
 * Flat, because nested names clash when a branch `a` is later replaced by `a/b`; encoded, so that two
 * different refs never share a name.
 */
export function localRefOf(ref: string): string {
  return `refs/kozmic/${encodeURIComponent(ref)}`;
}

/** Credentials travel out of band, so a URL carrying some (or a non-HTTP transport) is refused. */
export function checkCloneUrl(cloneUrl: string): void {
  let url: URL;
  try {
    url = new URL(cloneUrl);
  } catch {
    throw new SourceError('The clone URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SourceError(`The clone URL must use HTTPS, not ${url.protocol.replace(/:$/, '')}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new SourceError('The clone URL must not contain credentials.');
  }
}
