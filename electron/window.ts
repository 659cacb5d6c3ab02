import { BrowserWindow, net, protocol, shell, session } from 'electron';
import { pathToFileURL } from 'node:url';
import { mayOpenExternally } from './external-links.js';
import { rendererCsp } from '../server/http/renderer-csp.js';
import { originOf } from './ipc/ipc-bridge.js';
import { rendererFileFor } from './renderer-files.js';

/** The renderer is served from this privileged scheme, never from file:// (which would share an origin with every local file). */
export const appScheme = 'app';
export const appOrigin = `${appScheme}://kozmic`;

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer under app://kozmic/, refusing paths outside its folder and malformed ones.
 * Its CSP (Electron's security checklist) allows images from the configured GitHub, `githubUrl`.
 */
export function serveRenderer(rendererDir: string, githubUrl: () => string): void {
  protocol.handle(appScheme, async (request) => {
    const chosen = rendererFileFor(rendererDir, request.url);
    if (chosen.kind === 'refused') return new Response(chosen.message, { status: chosen.status });
    const response = await net.fetch(pathToFileURL(chosen.path).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', rendererCsp(githubUrl()));
    return new Response(response.body, { status: response.status, headers });
  });
}

/**
 * The main window, following Electron's security checklist: sandboxed, isolated, no Node, no navigation
 * (of the page or any frame, nor by redirect). `githubUrl` is the configured GitHub, the only place
 * plain-http links may open.
 */
export function createMainWindow(preloadPath: string, githubUrl: () => string, show = true): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    title: 'Kozmic',
    show: false,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, decide) => decide(false));
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (originOf(url) !== appOrigin) event.preventDefault();
  };
  window.webContents.on('will-navigate', (event, url) => stayInApp(event, url));
  window.webContents.on('will-frame-navigate', (event) => stayInApp(event, event.url));
  window.webContents.on('will-redirect', (event, url) => stayInApp(event, url));
  // Links to GitHub and the like open in the user's browser, never inside the app.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (mayOpenExternally(url, githubUrl())) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // Started at login, Kozmic stays in the tray until asked for.
  if (show) window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appOrigin}/`);
  return window;
}
