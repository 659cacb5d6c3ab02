// Where a person reaches a build from outside Kozmic: the "Details" link of a commit status, a failure
// e-mail. The interface's own page when its public address is known (team server); otherwise a small
// page on the webhook port (http/build-link-route.ts) that names the build and opens it in the desktop
// app through `kozmic://`.
import type { Store } from './ports.js';

/** The build's path in the interface's router, and on the webhook port's build-link page. */
export function buildPagePath(projectId: string, number: number): string {
  return `/projects/${encodeURIComponent(projectId)}/builds/${number}`;
}

/** The address the desktop app registers; its path is the build's path in the interface. */
export function appLinkOf(projectId: string, number: number): string {
  return `kozmic://open${buildPagePath(projectId, number)}`;
}

export interface PublicAddresses {
  /** The interface's public address (team server), or null. */
  readonly ui: string | null;
  /** Where GitHub reaches the webhook port (setting or tunnel), or null. */
  readonly webhooks: string | null;
}

/** The build's page for people outside Kozmic, or null when nothing public is known. */
export function buildDetailsUrl(
  addresses: PublicAddresses,
  projectId: string,
  number: number,
): string | null {
  const base = addresses.ui ?? addresses.webhooks;
  return base ? `${base.replace(/\/+$/, '')}${buildPagePath(projectId, number)}` : null;
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

/** What the link page may say of a build: a private project's name never leaves Kozmic. */
export interface BuildLink {
  /** `owner/repo`, or null for a private project. */
  readonly fullName: string | null;
  /** The build's number, or null for a private project. */
  readonly number: number | null;
  readonly appLink: string;
}

/** The build a link page names, or null when there is no such build. */
export async function buildLinkOf(
  store: Store,
  projectId: string,
  number: number,
): Promise<BuildLink | null> {
  const project = store.getProject(projectId);
  if (!project || !(await store.getBuild(projectId, number))) return null;
  const appLink = appLinkOf(projectId, number);
  return project.isPrivate
    ? { fullName: null, number: null, appLink }
    : { fullName: project.fullName, number, appLink };
}
