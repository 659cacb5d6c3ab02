// Desktop host: the core inside Electron's main process, living in the tray (desktop-shell.ts), with a
// window that talks to it over IPC.
import { app, dialog, safeStorage } from 'electron';
import { join } from 'node:path';
import { appRoot, appVersion } from '../server/host/app-package.js';
import { ConfigError, readConfig } from '../server/core/config.js';
import { createCore } from '../server/host/create-core.js';
import type { Logger } from '../server/core/ports.js';
import { startWebhookListener } from '../server/host/webhook-listener.js';
import { handleAppLinks } from './app-links.js';
import { DesktopShell } from './desktop-shell.js';
import { hiddenFlag } from './login-item.js';
import { chooseSecretProtection, desktopSecrets } from './secret-protection.js';
import { registerAppScheme, serveRenderer } from './window.js';

const log: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(message, error ?? ''),
};

let shell: DesktopShell | null = null;
/** A build a `kozmic://` link asked for before the window was there. */
let linkedPath: string | null = null;

async function start(): Promise<void> {
  const config = readConfig(process.env);
  const root = appRoot();
  const dataDir = config.dataDir ?? app.getPath('userData');
  const secretProtection = chooseSecretProtection(process.platform, safeStorage);
  const secrets = await desktopSecrets(dataDir, secretProtection, safeStorage);
  const core = await createCore(
    { kind: 'desktop', dataDir, version: appVersion(root), log, secrets, secretProtection },
    config,
  );
  const webhooks = await startWebhookListener(core, config.port, log);
  serveRenderer(join(root, 'out', 'renderer'), () => core.settings().githubUrl);
  shell = new DesktopShell({
    core,
    root,
    dataDir,
    hidden: process.argv.includes(hiddenFlag) && linkedPath === null,
    closeHost: () => webhooks.close(),
  });
  if (linkedPath) shell.showWindow(linkedPath);
}

registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  // Another Kozmic is running: it shows its window (second-instance, with any link), this one leaves.
  app.quit();
} else {
  handleAppLinks(app, process, (path) => {
    if (shell) shell.showWindow(path);
    else linkedPath = path;
  });
  app.on('second-instance', () => shell?.showWindow());
  // macOS: clicking the Dock icon brings the window back.
  app.on('activate', () => shell?.showWindow());
  // The window only hides, but should every window close, Kozmic stays in the tray all the same.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (!shell || shell.quitting) return;
    event.preventDefault();
    void shell.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof ConfigError ? error.message : `Kozmic could not start: ${(error as Error).message}`;
      dialog.showErrorBox('Kozmic', message);
      app.exit(1);
    });
}
