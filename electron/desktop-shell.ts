// The desktop app's life: it lives in the tray. Closing the window hides it (the core, the webhook
// listener and the tunnel keep running); a second launch shows it; Quit asks first when jobs are
// running, then closes the core; waking from sleep re-checks Docker, the tunnel and webhooks at once.
import { app, dialog, powerMonitor, shell, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { BuildDto } from '../server/contract/dto.js';
import type { Core } from '../server/core/core-api.js';
import { operator, type Disposer } from '../server/core/ports.js';
import { installAppMenu } from './app-menu.js';
import { showBuildNotifications } from './build-notifications.js';
import { eventChannel, navigateEventName } from './ipc/ipc-channels.js';
import { installWindowIpc } from './ipc/window-ipc.js';
import { setStartAtLogin } from './login-item.js';
import { Preferences } from './preferences.js';
import { isPaused, type TrayAction } from './tray/tray-model.js';
import { TrayController } from './tray/tray-controller.js';
import { appOrigin, createMainWindow } from './window.js';

export interface DesktopShellOptions {
  readonly core: Core;
  readonly root: string;
  readonly dataDir: string;
  /** Started at login: stay in the tray until asked for. */
  readonly hidden: boolean;
  /** Closes what the host started beside the core (the webhook listener). */
  readonly closeHost: () => Promise<void>;
}

export class DesktopShell {
  readonly #options: DesktopShellOptions;
  readonly #preferences: Preferences;
  readonly #tray: TrayController;
  readonly #stopNotifications: Disposer;
  #window: BrowserWindow | null = null;
  #disposeBridge: Disposer = () => undefined;
  #loaded = false;
  #pendingRoute: string | null = null;
  #quitting: Promise<void> | null = null;

  constructor(options: DesktopShellOptions) {
    this.#options = options;
    this.#preferences = new Preferences(options.dataDir);
    const { core } = options;
    this.#tray = new TrayController({
      dispatch: core.dispatch,
      subscribe: (listener) => core.subscribe(listener),
      iconDir: join(resourcesDir(options.root), 'tray'),
      platform: process.platform,
      preferences: () => this.#preferences.current,
      onAction: (action) => this.#onTrayAction(action),
    });
    this.#stopNotifications = showBuildNotifications({
      subscribe: (listener) => core.subscribe(listener),
      allowed: () => !isPaused({ pausedUntil: this.#preferences.current.pausedUntil, now: Date.now() }),
      openBuild: (projectId, number) => void this.#openBuild(projectId, number),
    });
    installAppMenu(process.platform, {
      navigate: (path) => this.showWindow(path),
      openDataFolder: () => void shell.openPath(options.dataDir),
    });
    powerMonitor.on('resume', () => void core.recheck());
    powerMonitor.on('unlock-screen', () => void core.recheck());
    this.#window = this.#createWindow(!options.hidden);
  }

  /** Shows and focuses the window (creating it if it was closed for good), optionally at `route`. */
  showWindow(route?: string): void {
    const window = this.#window && !this.#window.isDestroyed() ? this.#window : (this.#window = this.#createWindow(true));
    if (route) this.#navigate(route);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** Shows a build at its first failing job, the one a "broken" notification is about. */
  async #openBuild(projectId: string, number: number): Promise<void> {
    const build = await this.#options.core.dispatch('builds.get', { projectId, number }, operator);
    const jobs = build.ok ? (build.value as BuildDto).jobs : [];
    const failing = jobs.find((job) => ['failure', 'error'].includes(job.attempts.at(-1)?.status ?? ''));
    const query = failing ? `?job=${failing.number}` : '';
    this.showWindow(`/projects/${encodeURIComponent(projectId)}/builds/${number}${query}`);
  }

  /** Quit: asks first while jobs run, then closes the core (its running jobs end as interrupted) and exits. */
  async quit(): Promise<void> {
    if (this.#quitting) return this.#quitting;
    const running = this.#tray.runningJobs;
    if (running > 0) {
      const { response } = await dialog.showMessageBox({
        type: 'question',
        message: `${running === 1 ? '1 job is' : `${running} jobs are`} running.`,
        detail: 'Quitting stops them, and they are marked interrupted. You can restart them later.',
        buttons: ['Quit and mark them interrupted', 'Keep Kozmic running'],
        defaultId: 1,
        cancelId: 1,
      });
      if (response !== 0) return;
    }
    this.#quitting = this.#close();
    return this.#quitting;
  }

  get quitting(): boolean {
    return this.#quitting !== null;
  }

  async #close(): Promise<void> {
    this.#saveBounds();
    this.#stopNotifications();
    this.#tray.dispose();
    this.#disposeBridge();
    await Promise.allSettled([this.#options.closeHost(), this.#options.core.close()]);
    app.exit(0);
  }

  #createWindow(show: boolean): BrowserWindow {
    const { core } = this.#options;
    const preload = join(this.#options.root, 'out', 'electron', 'preload.cjs');
    const window = createMainWindow(preload, () => core.settings().githubUrl, show);
    const bounds = this.#preferences.current.windowBounds;
    if (bounds) {
      window.setBounds({ x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height });
      if (bounds.maximized) window.maximize();
    }
    this.#loaded = false;
    window.webContents.on('did-finish-load', () => {
      this.#loaded = true;
      if (this.#pendingRoute) this.#navigate(this.#pendingRoute);
    });
    this.#disposeBridge = installWindowIpc({
      window: window.webContents,
      trustedOrigin: appOrigin,
      dispatch: core.dispatch,
      subscribe: core.subscribe,
      subscribeLog: core.subscribeLog,
    });
    // Closing the window only hides it: the CI server keeps running in the tray.
    window.on('close', (event) => {
      this.#saveBounds();
      if (this.quitting) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => this.#disposeBridge());
    return window;
  }

  #navigate(route: string): void {
    const window = this.#window;
    if (!window || window.isDestroyed() || !this.#loaded) {
      this.#pendingRoute = route;
      return;
    }
    this.#pendingRoute = null;
    window.webContents.send(eventChannel, navigateEventName, route);
  }

  #saveBounds(): void {
    const window = this.#window;
    if (!window || window.isDestroyed()) return;
    const { x, y, width, height } = window.getNormalBounds();
    void this.#preferences.update({ windowBounds: { x, y, width, height, maximized: window.isMaximized() } });
  }

  #onTrayAction(action: TrayAction): void {
    switch (action.kind) {
      case 'open-window':
        return this.showWindow();
      case 'open-project':
        return this.showWindow(`/projects/${encodeURIComponent(action.projectId)}`);
      case 'open-job':
        return this.showWindow(`/projects/${encodeURIComponent(action.projectId)}/builds/${action.buildNumber}?job=${action.jobNumber}`);
      case 'pause': {
        const until = new Date();
        if (action.until === 'hour') until.setHours(until.getHours() + 1);
        else until.setHours(24, 0, 0, 0);
        void this.#preferences.update({ pausedUntil: until.toISOString() });
        return this.#tray.redraw();
      }
      case 'resume':
        void this.#preferences.update({ pausedUntil: null });
        return this.#tray.redraw();
      case 'start-at-login':
        void this.#preferences.update({ startAtLogin: action.enabled });
        void setStartAtLogin(action.enabled, app, { platform: process.platform, env: process.env, execPath: process.execPath });
        return this.#tray.redraw();
      case 'quit':
        return void this.quit();
    }
  }
}

/** Packaged, the tray icons are extra resources beside app.asar; from a checkout, in resources/. */
function resourcesDir(root: string): string {
  return app.isPackaged ? process.resourcesPath : join(root, 'resources');
}
