// The one place where core events reach the stores, and where a reconnect re-syncs them.
import type { Pinia } from 'pinia';
import type { KozmicClient } from '../api/client.js';
import { useAppStatus } from './app-status.js';
import { useAuth } from './auth.js';
import { useBuilds } from './builds.js';
import { useConnection } from './connection.js';
import { useHooks } from './hooks.js';
import { useJobs } from './jobs.js';
import { useProjects } from './projects.js';
import { useSettings } from './settings.js';

export function wireEvents(client: KozmicClient, pinia: Pinia): () => void {
  const status = useAppStatus(pinia);
  const auth = useAuth(pinia);
  const projects = useProjects(pinia);
  const builds = useBuilds(pinia);
  const jobs = useJobs(pinia);
  const hooks = useHooks(pinia);
  const settings = useSettings(pinia);
  const connection = useConnection(pinia);

  const disposers = [
    client.on('app.status', (next) => status.merge(next)),
    client.on('tunnel.changed', (tunnel) => status.mergeTunnel(tunnel)),
    client.on('auth.changed', (next) => auth.merge(next)),
    client.on('settings.changed', (next) => settings.merge(next)),
    client.on('project.changed', (project) => projects.changed(project)),
    client.on('project.removed', ({ projectId }) => {
      projects.removed(projectId);
      builds.forgetProject(projectId);
      jobs.forgetProject(projectId);
    }),
    client.on('hook.changed', (hook) => hooks.merge(hook)),
    client.on('hook.removed', ({ hookId }) => hooks.remove(hookId)),
    client.on('build.changed', (build) => builds.merge(build)),
    client.on('job.changed', (job) => jobs.merge(job)),
  ];

  // Events sent while the socket was down are lost: fetch again what the screens show.
  let wasOpen = false;
  disposers.push(
    client.transport.onConnectionChange((state) => {
      connection.changed(state);
      if (state !== 'open') return;
      if (wasOpen) {
        void status.refresh();
        void auth.load();
        void projects.load();
        void builds.reloadShown();
        for (const projectId of hooks.loadedProjects) void hooks.load(projectId).catch(() => undefined);
      }
      wasOpen = true;
    }),
  );
  return () => disposers.forEach((dispose) => dispose());
}
