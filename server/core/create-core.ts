// The single composition root: the only core file that knows every adapter. Both hosts (Electron
// main and headless Node) call createCore and talk to the result through `dispatch` and `subscribe`.
import type { AppStatusDto, SettingsDto } from '../contract/dto.js';
import { DockerEngine } from '../engine/docker/docker-engine.js';
import { createDispatcher } from '../rpc/dispatcher.js';
import { openStore } from '../store/open-store.js';
import { appStatus, type AppIdentity } from './app-status.js';
import { buildStateOf } from './build-state.js';
import type { Config } from './config.js';
import { EventBus, type Disposer, type EventListener } from './event-bus.js';
import { commandHandlers } from './handlers.js';
import { Hooks } from './hooks.js';
import type { Dispatch, EngineProbe, Logger, Store } from './ports.js';
import { ProjectQueries } from './project-queries.js';
import { Settings } from './settings.js';

export interface HostContext {
  readonly kind: 'desktop' | 'headless';
  readonly dataDir: string;
  readonly version: string;
  readonly log: Logger;
}

export interface Core {
  readonly dispatch: Dispatch;
  subscribe(listener: EventListener): Disposer;
  settings(): SettingsDto;
  status(): Promise<AppStatusDto>;
  /** Stops timers and flushes the store. Safe to call twice. */
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

  // The engine follows the Docker host setting, which can change while the app runs.
  let engineEndpoint = settings.current().dockerHost;
  let engine: EngineProbe = new DockerEngine(engineEndpoint);
  const currentEngine = (): EngineProbe => {
    const wanted = settings.current().dockerHost;
    if (wanted !== engineEndpoint) {
      engineEndpoint = wanted;
      engine = new DockerEngine(wanted);
    }
    return engine;
  };
  const status = () => appStatus(identity, currentEngine());

  const handlers = commandHandlers({
    status,
    settings,
    projects: new ProjectQueries(store),
    hooks: new Hooks(store, events),
  });
  const dispatch = createDispatcher(handlers, (error) => host.log.error('A command failed unexpectedly', error));

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
    close: () => {
      closed ??= (async () => {
        clearInterval(watchEngine);
        await store.close();
      })();
      return closed;
    },
  };
}
