// The single composition root: the only core file that knows every adapter. Both hosts (Electron
// main and headless Node) call createCore and talk to the result through `dispatch` and `subscribe`.
import { join } from 'node:path';
import { DockerEngine } from '../engine/docker/docker-engine.js';
import { GitMirrors } from '../git/git-mirrors.js';
import { JobLogFiles } from '../logs/job-log-files.js';
import { createDispatcher } from '../rpc/dispatcher.js';
import { openStore } from '../store/open-store.js';
import { appStatus, type AppIdentity } from './app-status.js';
import { buildStateOf } from './build-state.js';
import type { Config } from './config.js';
import { EventBus, type Disposer, type EventListener } from './event-bus.js';
import { commandHandlers } from './handlers.js';
import { Hooks } from './hooks.js';
import type { AppStatusDto, ProjectDto, SettingsDto } from '../contract/dto.js';
import type { Dispatch, JobEngine, JobLogs, Logger, Store } from './ports.js';
import { ProjectQueries } from './project-queries.js';
import { InstallCache } from './runner/install-cache.js';
import { JobPublisher } from './runner/job-publisher.js';
import { Scheduler } from './runner/scheduler.js';
import { Settings } from './settings.js';

export interface HostContext {
  readonly kind: 'desktop' | 'headless';
  readonly dataDir: string;
  readonly version: string;
  readonly log: Logger;
  /** Tests and demo mode run jobs on another engine; by default the Docker engine of the settings. */
  readonly engine?: JobEngine;
  /** Credentials for fetching a project's source; none (public repositories) until sign-in provides them. */
  readonly credentials?: (project: ProjectDto) => Promise<{ username: string; password: string } | null>;
}

export interface Core {
  readonly dispatch: Dispatch;
  subscribe(listener: EventListener): Disposer;
  settings(): SettingsDto;
  status(): Promise<AppStatusDto>;
  /** Queues a job that the store already holds as queued (the webhook intake calls this). */
  enqueue(jobId: string): void;
  readonly store: Store;
  readonly logs: JobLogs;
  /** Stops the scheduler (running jobs end as interrupted), timers, and flushes the store. Safe to call twice. */
  close(): Promise<void>;
}

const statusPollMs = 15_000;

export async function createCore(host: HostContext, config: Config): Promise<Core> {
  const store: Store = await openStore({ dir: host.dataDir, deriveBuildState: buildStateOf });
  const events = new EventBus((error) => host.log.error('An event listener failed', error));
  const settings = new Settings(store, config, events);
  const identity: AppIdentity = {
    version: host.version,
    host: host.kind,
    dataDir: host.dataDir,
    startedAt: new Date().toISOString(),
  };
  const engine = host.engine ?? followingDockerEngine(() => settings.current().dockerHost);
  const status = () => appStatus(identity, engine);
  const logs = new JobLogFiles({ dir: host.dataDir, onError: (error) => host.log.error('A job log failed', error) });
  const publisher = new JobPublisher(store, events);
  const scheduler = new Scheduler({
    store,
    engine,
    sources: new GitMirrors({ dir: join(host.dataDir, 'mirrors') }),
    logs,
    cache: new InstallCache(engine, store),
    settings: () => settings.current(),
    credentials: host.credentials ?? (async () => null),
    log: host.log,
    changed: (job) => publisher.publish(job),
  });

  const handlers = commandHandlers({
    status,
    settings,
    projects: new ProjectQueries(store),
    hooks: new Hooks(store, events),
    scheduler,
  });
  const dispatch = createDispatcher(handlers, (error) => host.log.error('A command failed unexpectedly', error));
  await scheduler.start();

  let lastReachable: boolean | null = null;
  const watchEngine = setInterval(() => {
    void status().then((s) => {
      if (s.docker.reachable !== lastReachable) events.emit('app.status', s);
      lastReachable = s.docker.reachable;
    });
  }, statusPollMs);
  watchEngine.unref();

  let closed: Promise<void> | null = null;
  return {
    dispatch,
    subscribe: (listener) => events.subscribe(listener),
    settings: () => settings.current(),
    status,
    enqueue: (jobId) => scheduler.enqueue(jobId),
    store,
    logs,
    close: () => {
      closed ??= (async () => {
        clearInterval(watchEngine);
        await scheduler.close();
        await store.close();
      })();
      return closed;
    },
  };
}

/** The Docker engine named by the settings, re-created when the user points Kozmic at another one. */
function followingDockerEngine(endpoint: () => string | null): JobEngine {
  let current = new DockerEngine(endpoint());
  let currentSetting = endpoint();
  const engine = (): DockerEngine => {
    if (endpoint() !== currentSetting) {
      currentSetting = endpoint();
      current = new DockerEngine(currentSetting);
    }
    return current;
  };
  return {
    probe: () => engine().probe(),
    prepareImage: (reference, onProgress, signal) => engine().prepareImage(reference, onProgress, signal),
    imageHasUser: (imageId, user) => engine().imageHasUser(imageId, user),
    startContainer: (spec, onOutput) => engine().startContainer(spec, onOutput),
    startStep: (spec, onOutput) => engine().startStep(spec, onOutput),
    commit: (containerId, labels) => engine().commit(containerId, labels),
    removeContainer: (containerId) => engine().removeContainer(containerId),
    listImages: (labels) => engine().listImages(labels),
    removeImage: (imageId) => engine().removeImage(imageId),
    listContainers: (labels) => engine().listContainers(labels),
  };
}
