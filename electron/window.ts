import { BrowserWindow, net, protocol, shell, session } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rendererCsp } from '../server/http/renderer-csp.js';
import { originOf } from './ipc-bridge.js';

/** The renderer is served from this privileged scheme, never from file:// (which would share an origin with every local file). */
export const appScheme = 'app';
export const appOrigin = `${appScheme}://kozmic`;

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer under app://kozmic/, refusing paths outside its folder. Its CSP (Electron's
 * security checklist) allows images from the configured GitHub, `githubUrl`.
 */
export function serveRenderer(rendererDir: string, githubUrl: () => string): void {
  const base = normalize(rendererDir + sep);
  protocol.handle(appScheme, async (request) => {
    const { host, pathname } = new URL(request.url);
    const file = normalize(join(base, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)));
    if (host !== 'kozmic' || !file.startsWith(base)) return new Response('Forbidden', { status: 403 });
    const target = /\.[a-z0-9]+$/i.test(file) ? file : join(base, 'index.html');
    const response = await net.fetch(pathToFileURL(target).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', rendererCsp(githubUrl()));
    return new Response(response.body, { status: response.status, headers });
  });
}

/** The main window, following Electron's security checklist: sandboxed, isolated, no Node, no navigation. */
export function createMainWindow(preloadPath: string): BrowserWindow {
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
  window.webContents.on('will-navigate', (event, url) => {
    if (originOf(url) !== appOrigin) event.preventDefault();
  });
  // Links to GitHub and the like open in the user's browser, never inside the app.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appOrigin}/`);
  return window;
}
