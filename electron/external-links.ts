// Which links the desktop hands to the system browser. The page is Kozmic's own, but it shows text
// from builds and GitHub; a link must not become a way to open anything the system can open
// (file:, custom schemes, plain http to anywhere). Pure, so the policy is tested directly.

/** True for https links, and for http links only to the configured GitHub (an Enterprise Server on http). */
export function mayOpenExternally(url: string, githubUrl: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.username !== '' || target.password !== '') return false;
  if (target.protocol === 'https:') return true;
  if (target.protocol !== 'http:') return false;
  try {
    return target.origin === new URL(githubUrl).origin;
  } catch {
    return false;
  }
}
