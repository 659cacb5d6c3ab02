// Where a person reaches a build from outside Kozmic: the "Details" link of a commit status, a failure
// e-mail. The interface's own page when its public address is known (team server); otherwise a small
// page on the webhook port (http/build-link-route.ts) that names the build and opens it in the desktop
// app through `kozmic://`.
import { appLinkOf, buildPagePath } from './build-paths.js';
import type { BuildLink, Store } from './ports.js';

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
