// Image references are `[registry[:port]/]path[:tag][@digest]`. A colon can belong to the registry's
// port, so the tag is only what follows the last colon *after* the last slash.

export interface ImageReference {
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const name = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? null : reference.slice(at + 1);
  const colon = name.lastIndexOf(':');
  if (colon === -1 || colon < name.lastIndexOf('/')) return { repository: name, tag: null, digest };
  return { repository: name.slice(0, colon), tag: name.slice(colon + 1), digest };
}

/**
 * The reference with Docker's implicit `latest` made explicit. Looking an image up by this name never
 * matches an image id prefix by accident (a bare `abc` could).
 */
export function explicitReference(reference: ImageReference): string {
  if (reference.digest !== null) return `${reference.repository}@${reference.digest}`;
  return `${reference.repository}:${reference.tag ?? 'latest'}`;
}
