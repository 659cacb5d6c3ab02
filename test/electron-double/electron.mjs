// A test double of the Electron API surface the desktop shell uses. It records what the shell asks of
// it and lets a test drive it like a user and an operating system would (close the window, click a
// tray item or a notification, answer a dialog, wake the machine, launch a second instance) over the
// child-process IPC channel: see test/fixtures/desktop-process.ts for the other end.
/* global fetch, Request, Response -- Node 20 has them; the lint config lists only the common globals. */
import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const recorded = {
  windows: [],
  tray: null,
  applicationMenu: null,
  notifications: [],
  dialogs: [],
  errorBoxes: [],
  opened: [],
  loginItemSettings: null,
  permissionHandlerRefuses: null,
  protocols: [],
  protocolClients: [],
  quitRequested: 0,
};
let nextDialogResponse = null;
let nextId = 1;

/** A preventable event, as Electron passes to `close`, `before-quit`, `will-navigate`, … */
function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class App extends EventEmitter {
  isPackaged = false;
  #ready = Promise.resolve();
  whenReady() {
    return this.#ready;
  }
  getPath(name) {
    return join(process.env.ELECTRON_DOUBLE_USER_DATA ?? tmpdir(), name === 'userData' ? '' : name);
  }
  requestSingleInstanceLock() {
    return process.env.ELECTRON_DOUBLE_SECOND_INSTANCE !== '1';
  }
  setAsDefaultProtocolClient(scheme) {
    recorded.protocolClients.push(scheme);
    return true;
  }
  setLoginItemSettings(settings) {
    recorded.loginItemSettings = settings;
  }
  quit() {
    recorded.quitRequested += 1;
    const event = preventable();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.exit(0);
  }
  exit(code = 0) {
    report({ type: 'exit', code });
    // Let the report reach the test before the process goes.
    setTimeout(() => process.exit(code), 50);
  }
  getVersion() {
    return '0.0.0-double';
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  constructor(window) {
    super();
    this.id = nextId++;
    this.window = window;
    this.sent = [];
    this.windowOpenHandler = null;
  }
  send(channel, ...args) {
    this.sent.push({ channel, args });
  }
  isDestroyed() {
    return this.window.destroyed;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = options;
    this.id = nextId++;
    this.visible = false;
    this.focused = false;
    this.minimized = false;
    this.maximized = false;
    this.destroyed = false;
    this.bounds = { x: 0, y: 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.url = null;
    this.webContents = new WebContents(this);
    recorded.windows.push(this);
  }
  loadURL(url) {
    this.url = url;
    // The page loads "instantly": the renderer itself is tested in Chromium by the end-to-end suite.
    setTimeout(() => {
      this.emit('ready-to-show');
      this.webContents.emit('did-finish-load');
    }, 10);
    return Promise.resolve();
  }
  show() {
    this.visible = true;
    this.focused = true;
  }
  hide() {
    this.visible = false;
    this.focused = false;
  }
  focus() {
    this.focused = true;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  isMaximized() {
    return this.maximized;
  }
  maximize() {
    this.maximized = true;
  }
  setBounds(bounds) {
    this.bounds = { ...this.bounds, ...bounds };
  }
  getBounds() {
    return this.bounds;
  }
  getNormalBounds() {
    return this.bounds;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** What the user's close button does: `close`, then (unless prevented) `closed`. */
  close() {
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.toolTip = '';
    this.menu = null;
    this.destroyed = false;
    this.updates = 0;
    recorded.tray = this;
  }
  setImage(image) {
    this.image = image;
    this.updates += 1;
  }
  setToolTip(text) {
    this.toolTip = text;
  }
  setContextMenu(menu) {
    this.menu = menu;
    this.updates += 1;
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = {
  buildFromTemplate(template) {
    return { items: template };
  },
  setApplicationMenu(menu) {
    recorded.applicationMenu = menu;
  },
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
    this.shown = false;
  }
  show() {
    this.shown = true;
    recorded.notifications.push(this);
  }
}

export const nativeImage = {
  createFromPath: (path) => ({ path, isEmpty: () => false }),
};

class IpcMain extends EventEmitter {
  handlers = new Map();
  handle(channel, listener) {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel) {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new IpcMain();

export const protocol = {
  handlers: new Map(),
  registerSchemesAsPrivileged(schemes) {
    recorded.protocols.push(...schemes.map((s) => s.scheme));
  },
  handle(scheme, handler) {
    this.handlers.set(scheme, handler);
  },
};

export const net = {
  /** Electron's net.fetch reads file:// URLs; Node's fetch does not, so the double does it here. */
  async fetch(url) {
    if (url.startsWith('file:')) {
      try {
        return new Response(await readFile(fileURLToPath(url)), { status: 200 });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    }
    return fetch(url);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      let refused = null;
      handler(null, 'notifications', (granted) => (refused = !granted));
      recorded.permissionHandlerRefuses = refused;
    },
    setPermissionCheckHandler() {},
  },
};

/** A stand-in keychain: reversible, so the secret store's round trip is exercised; never real protection. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => process.env.ELECTRON_DOUBLE_STORAGE_BACKEND ?? 'gnome_libsecret',
  encryptString: (text) => Buffer.from(`double:${Buffer.from(text, 'utf8').toString('base64')}`),
  decryptString: (buffer) => Buffer.from(buffer.toString().replace(/^double:/, ''), 'base64').toString('utf8'),
};

export const shell = {
  async openExternal(url) {
    recorded.opened.push({ kind: 'external', url });
  },
  async openPath(path) {
    recorded.opened.push({ kind: 'path', path });
    return '';
  },
};

export const dialog = {
  async showMessageBox(options) {
    recorded.dialogs.push({ message: options.message, detail: options.detail, buttons: options.buttons });
    const response = nextDialogResponse ?? options.cancelId ?? 0;
    nextDialogResponse = null;
    return { response, checkboxChecked: false };
  },
  showErrorBox(title, content) {
    recorded.errorBoxes.push({ title, content });
    console.error(`${title}: ${content}`);
  },
};

export const powerMonitor = new EventEmitter();

export default { app, BrowserWindow, Tray, Menu, Notification, nativeImage, ipcMain, protocol, net, session, safeStorage, shell, dialog, powerMonitor };

// ——— The test's side ———

function report(message) {
  if (process.send) process.send(message);
}

function menuItems(menu) {
  return (menu?.items ?? []).map((item) => ({
    label: item.label ?? null,
    type: item.type ?? (item.submenu ? 'submenu' : item.role ? 'role' : 'normal'),
    role: item.role ?? null,
    enabled: item.enabled !== false,
    checked: item.checked ?? null,
    submenu: item.submenu ? menuItems({ items: item.submenu }) : null,
  }));
}

function findItem(items, path) {
  const [first, ...rest] = path;
  const item = items.find((candidate) => candidate.label === first || (first instanceof RegExp && first.test(candidate.label)));
  if (!item) throw new Error(`No menu item ${first}; there are ${items.map((i) => i.label).join(', ')}`);
  return rest.length === 0 ? item : findItem(item.submenu ?? [], rest);
}

function snapshot() {
  return {
    windows: recorded.windows.map((w) => ({
      id: w.id,
      webContentsId: w.webContents.id,
      visible: w.visible,
      focused: w.focused,
      destroyed: w.destroyed,
      url: w.url,
      bounds: w.bounds,
      webPreferences: w.options.webPreferences ?? null,
      sent: w.webContents.sent.filter((s) => s.args[0] === 'navigate'),
      eventCounts: w.webContents.sent.reduce((counts, s) => ({ ...counts, [s.args[0]]: (counts[s.args[0]] ?? 0) + 1 }), {}),
    })),
    tray: recorded.tray && {
      image: recorded.tray.image,
      toolTip: recorded.tray.toolTip,
      destroyed: recorded.tray.destroyed,
      updates: recorded.tray.updates,
      menu: menuItems(recorded.tray.menu),
    },
    applicationMenu: menuItems(recorded.applicationMenu),
    notifications: recorded.notifications.map((n) => ({ title: n.options.title, body: n.options.body })),
    dialogs: recorded.dialogs,
    errorBoxes: recorded.errorBoxes,
    opened: recorded.opened,
    loginItemSettings: recorded.loginItemSettings,
    permissionHandlerRefuses: recorded.permissionHandlerRefuses,
    protocols: recorded.protocols,
    protocolClients: recorded.protocolClients,
    quitRequested: recorded.quitRequested,
  };
}

async function act(command) {
  switch (command.op) {
    case 'snapshot':
      return snapshot();
    case 'close-window':
      recorded.windows.at(-1)?.close();
      return null;
    case 'click-tray': {
      const path = command.path.map((p) => (p.startsWith('/') ? new RegExp(p.slice(1, -1)) : p));
      findItem(recorded.tray.menu.items, path).click?.();
      return null;
    }
    case 'click-tray-icon':
      recorded.tray.emit('click');
      return null;
    case 'click-notification':
      recorded.notifications[command.index].emit('click');
      return null;
    case 'answer-dialog':
      nextDialogResponse = command.response;
      return null;
    case 'quit':
      app.quit();
      return null;
    case 'second-instance':
      // A second launch hands over its command line (a kozmic:// link, when one was clicked).
      app.emit('second-instance', preventable(), [process.execPath, ...(command.argv ?? [])], process.cwd());
      return null;
    case 'open-url': {
      const event = preventable();
      app.emit('open-url', event, command.url);
      return null;
    }
    case 'power':
      powerMonitor.emit(command.event);
      return null;
    case 'invoke': {
      // As the page would, through the preload: from the window's own frame and origin.
      const window = recorded.windows.at(-1);
      const handler = ipcMain.handlers.get(command.channel);
      if (!handler) throw new Error(`Nothing handles ${command.channel}`);
      const frameUrl = command.frameUrl ?? 'app://kozmic/';
      return handler({ sender: { id: window.webContents.id }, senderFrame: { url: frameUrl } }, ...command.args);
    }
    case 'fetch-app': {
      const response = await protocol.handlers.get('app')(new Request(command.url));
      return { status: response.status, csp: response.headers.get('content-security-policy'), body: (await response.text()).slice(0, 200) };
    }
    default:
      throw new Error(`Unknown op ${command.op}`);
  }
}

process.on('message', (command) => {
  if (!command || typeof command.id !== 'number') return;
  act(command).then(
    (value) => report({ type: 'answer', id: command.id, ok: true, value }),
    (error) => report({ type: 'answer', id: command.id, ok: false, error: String(error?.stack ?? error) }),
  );
});
report({ type: 'loaded' });
