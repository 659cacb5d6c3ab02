// The rules of `git check-ref-format` (no options): a ref that breaks them cannot be fetched, so a
// delivery naming one is refused at intake with the rule it breaks, instead of failing later as a job.
// Plus GitHub's own length limit, which also bounds what the store keeps.

/** GitHub refuses branch names over 255 bytes. */
const MAX_BRANCH_BYTES = 255;

/** Why `ref` (a full name such as `refs/heads/main`) is not a valid git ref, or null when it is. */
export function refFormatProblem(ref: string): string | null {
  if (ref === '@') return 'it is the single character "@"';
  if (ref.startsWith('/') || ref.endsWith('/')) return 'it begins or ends with "/"';
  if (ref.includes('//')) return 'it contains "//"';
  if (!ref.includes('/')) return 'it has only one level (refs/…/name)';
  if (ref.endsWith('.')) return 'it ends with "."';
  if (ref.includes('..')) return 'it contains ".."';
  if (ref.includes('@{')) return 'it contains "@{"';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what git refuses
  if (/[\u0000-\u001f\u007f]/.test(ref)) return 'it contains a control character';
  const forbidden = /[ ~^:?*[\\]/.exec(ref);
  if (forbidden) return `it contains "${forbidden[0]}"`;
  for (const component of ref.split('/')) {
    if (component.startsWith('.')) return `a component begins with "." (${component})`;
    if (component.endsWith('.lock')) return `a component ends with ".lock" (${component})`;
  }
  return null;
}

/** Why `refs/heads/<branch>` cannot be built, or null when it can. */
export function branchProblem(branch: string): string | null {
  if (Buffer.byteLength(branch) > MAX_BRANCH_BYTES)
    return `the branch name is longer than ${MAX_BRANCH_BYTES} bytes`;
  return refFormatProblem(`refs/heads/${branch}`);
}
