// Keeps the tray icon, tooltip and menu in step with the core: fed by the core's events, redrawn at
// most every quarter second however busy the core is (and within a second of any change), and once a
// minute so "3 min ago" stays true. tray-model.ts decides what to show.
import { Menu, Tray, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { Events, EventName } from '../../server/contract/events.js';
import type { AppStatusDto, ProjectDto } from '../../server/contract/dto.js';
import { operator, type Dispatch, type Disposer, type EventListener } from '../../server/core/ports.js';
import { trayModel, withJob, type RunningJob, type TrayAction, type TrayMenuItem, type TrayModel, type TrayState } from './tray-model.js';

export interface TrayControllerOptions {
  readonly dispatch: Dispatch;
  readonly subscribe: (listener: EventListener) => Disposer;
  /** resources/tray, where scripts/draw-icons.mjs puts the icons. */
  readonly iconDir: string;
  readonly platform: NodeJS.Platform;
  readonly preferences: () => { readonly pausedUntil: string | null; readonly startAtLogin: boolean };
  readonly onAction: (action: TrayAction) => void;
}

const minRedrawMs = 250;
const clockRedrawMs = 60_000;

export class TrayController {
  readonly #tray: Tray;
  readonly #options: TrayControllerOptions;
  readonly #projects = new Map<string, ProjectDto>();
  #running: RunningJob[] = [];
  #status: AppStatusDto | null = null;
  #lastDrawn = 0;
  #pending: NodeJS.Timeout | null = null;
  readonly #clock: NodeJS.Timeout;
  readonly #unsubscribe: Disposer;
  #model: TrayModel | null = null;

  constructor(options: TrayControllerOptions) {
    this.#options = options;
    this.#tray = new Tray(this.#iconPath('good'));
    // A left click opens the window on Windows and Linux; macOS shows the menu, as its users expect.
    this.#tray.on('click', () => options.onAction({ kind: 'open-window' }));
    this.#unsubscribe = options.subscribe(<K extends EventName>(name: K, payload: Events[K]) => this.#onEvent(name, payload));
    this.#clock = setInterval(() => this.redraw(), clockRedrawMs);
    this.#clock.unref();
    this.#draw();
    void this.#load();
  }

  get model(): TrayModel | null {
    return this.#model;
  }

  /** Jobs running now, as the core's events told. */
  get runningJobs(): number {
    return this.#running.length;
  }

  /** Redraws soon: now if the last redraw is old enough, else once the quarter second is over. */
  redraw(): void {
    if (this.#pending) return;
    const wait = Math.max(0, this.#lastDrawn + minRedrawMs - Date.now());
    this.#pending = setTimeout(() => {
      this.#pending = null;
      this.#draw();
    }, wait);
  }

  dispose(): void {
    this.#unsubscribe();
    clearInterval(this.#clock);
    if (this.#pending) clearTimeout(this.#pending);
    this.#tray.destroy();
  }

  async #load(): Promise<void> {
    const [projects, status] = await Promise.all([
      this.#options.dispatch('projects.list', {}, operator),
      this.#options.dispatch('app.status', {}, operator),
    ]);
    if (projects.ok) for (const project of projects.value as ProjectDto[]) this.#projects.set(project.id, project);
    if (status.ok) this.#status = status.value as AppStatusDto;
    this.redraw();
  }

  #onEvent<K extends EventName>(name: K, payload: Events[K]): void {
    switch (name) {
      case 'project.changed': {
        const project = payload as Events['project.changed'];
        this.#projects.set(project.id, project);
        break;
      }
      case 'project.removed':
        this.#projects.delete((payload as Events['project.removed']).projectId);
        this.#running = this.#running.filter((job) => job.projectId !== (payload as Events['project.removed']).projectId);
        break;
      case 'build.changed': {
        const build = payload as Events['build.changed'];
        const project = this.#projects.get(build.projectId);
        if (project && (!project.latestBuild || project.latestBuild.number <= build.number)) {
          this.#projects.set(project.id, { ...project, latestBuild: build });
        }
        break;
      }
      case 'job.changed':
        this.#running = withJob(this.#running, payload as Events['job.changed']);
        break;
      case 'app.status':
        this.#status = payload as Events['app.status'];
        break;
      default:
        return;
    }
    this.redraw();
  }

  #draw(): void {
    this.#lastDrawn = Date.now();
    const preferences = this.#options.preferences();
    const model = trayModel({
      projects: [...this.#projects.values()],
      running: this.#running,
      status: this.#status,
      pausedUntil: preferences.pausedUntil,
      startAtLogin: preferences.startAtLogin,
      now: Date.now(),
    });
    if (model.state !== this.#model?.state) this.#tray.setImage(this.#iconPath(model.state));
    if (model.tooltip !== this.#model?.tooltip) this.#tray.setToolTip(model.tooltip);
    this.#tray.setContextMenu(Menu.buildFromTemplate(model.menu.map((item) => this.#menuItem(item))));
    this.#model = model;
  }

  #menuItem(item: TrayMenuItem): MenuItemConstructorOptions {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'submenu':
        return { label: item.label, submenu: item.items.map((inner) => this.#menuItem(inner)) };
      case 'item':
        return {
          label: item.label,
          ...(item.checked === undefined ? {} : { type: 'checkbox' as const, checked: item.checked }),
          click: () => this.#options.onAction(item.action),
        };
    }
  }

  /** macOS gets monochrome template images (tinted by the menu bar); elsewhere the coloured 16 px icon and its @2x. */
  #iconPath(state: TrayState): string {
    const name = this.#options.platform === 'darwin' ? `${state}Template.png` : `${state}-16.png`;
    return join(this.#options.iconDir, name);
  }
}
