// The paths and `kozmic://` links that name a build: the interface's route, the webhook port's
// build-link page and the desktop app's link all use the same path. Pure, so adapters and the desktop
// shell may share it.

/** The build's path in the interface's router, and on the webhook port's build-link page. */
export function buildPagePath(projectId: string, number: number): string {
  return `/projects/${encodeURIComponent(projectId)}/builds/${number}`;
}

/** The address the desktop app registers; its path is the build's path in the interface. */
export function appLinkOf(projectId: string, number: number): string {
  return `kozmic://open${buildPagePath(projectId, number)}`;
}

const buildPathPattern = /^\/projects\/([a-z0-9]{1,64})\/builds\/([1-9][0-9]{0,8})$/;

/** The build a path names (the link page's and the interface's), or null for anything else. */
export function buildOfPath(path: string): { projectId: string; number: number } | null {
  const match = buildPathPattern.exec(path);
  return match ? { projectId: match[1]!, number: Number(match[2]) } : null;
}

/** The interface path a `kozmic://` link opens, or null when it names nothing Kozmic opens. */
export function pathOfAppLink(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== 'kozmic:' || url.host !== 'open' || url.search || url.hash) return null;
  return buildOfPath(url.pathname) ? url.pathname : null;
}
