// Who may receive each event. Typed over every event, so a new event must say who sees it.
import type { EventName, Events } from '../../contract/events.js';

export type EventAudience<K extends EventName = EventName> =
  /** Every signed-in person (engine status: nothing project-specific; teammate-views.ts trims it). */
  | { readonly kind: 'signed-in' }
  /** The operator only (the host's own GitHub sign-in, settings). */
  | { readonly kind: 'operator' }
  /** Whoever may view the project the payload belongs to. */
  | { readonly kind: 'project'; readonly projectOf: (payload: Events[K]) => string };

const signedIn = { kind: 'signed-in' } as const;
const byProjectId = {
  kind: 'project',
  projectOf: (p: { readonly projectId: string }) => p.projectId,
} as const;

export const eventAudience: { readonly [K in EventName]: EventAudience<K> } = {
  'app.status': signedIn,
  'settings.changed': { kind: 'operator' },
  'auth.changed': { kind: 'operator' },
  'tunnel.changed': signedIn,
  'project.changed': { kind: 'project', projectOf: (project) => project.id },
  // The project is gone by then, so nobody's role can be checked; its id alone tells nothing.
  'project.removed': signedIn,
  'hook.changed': byProjectId,
  'hook.removed': byProjectId,
  'build.changed': byProjectId,
  'job.changed': byProjectId,
  'build.notice': byProjectId,
};
