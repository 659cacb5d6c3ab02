// Desktop host: the core inside Electron's main process, one window talking to it over IPC.
import { app, dialog, ipcMain, safeStorage } from 'electron';
import { join } from 'node:path';
import { appRoot, appVersion } from '../server/app-package.js';
import { ConfigError, readConfig } from '../server/core/config.js';
import { createCore, type Core } from '../server/core/create-core.js';
import type { Logger } from '../server/core/ports.js';
import { webhookInstance } from '../server/core/webhook-reachability.js';
import { badgeRoute } from '../server/http/badge-route.js';
import { githubWebhookRoute } from '../server/http/webhook-route.js';
import { startWebhookServer, type RunningWebhookServer } from '../server/http/webhook-server.js';
import { SafeStorageSecrets } from './safe-storage-secrets.js';
import { installIpcBridge } from './ipc-bridge.js';
import { appOrigin, createMainWindow, registerAppScheme, serveRenderer } from './window.js';

const log: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(message, error ?? ''),
};

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

let core: Core | null = null;
let webhooks: RunningWebhookServer | null = null;

async function start(): Promise<void> {
  const config = readConfig(process.env);
  const root = appRoot();
  const dataDir = config.dataDir ?? app.getPath('userData');
  const secrets = new SafeStorageSecrets(dataDir, safeStorage);
  core = await createCore({ kind: 'desktop', dataDir, version: appVersion(root), log, secrets }, config);
  webhooks = await startWebhookServer({
    port: config.port,
    routes: [githubWebhookRoute(core.receiveWebhook), badgeRoute(core.lookUpBadge)],
    onError: log.error,
    instance: webhookInstance,
  });
  core.webhooksListening(webhooks.port);
  const started = core;
  serveRenderer(join(root, 'out', 'renderer'), () => started.settings().githubUrl);
  const window = createMainWindow(join(root, 'out', 'electron', 'preload.cjs'));
  const dispose = installIpcBridge({
    ipcMain,
    window: window.webContents,
    trustedOrigin: appOrigin,
    dispatch: core.dispatch,
    subscribe: core.subscribe,
    subscribeLog: core.subscribeLog,
  });
  window.on('closed', dispose);
}

app.on('second-instance', () => undefined);
app.on('window-all-closed', () => app.quit());
app.on('before-quit', (event) => {
  if (!core) return;
  event.preventDefault();
  const closing = core;
  core = null;
  void Promise.all([webhooks?.close(), closing.close()]).finally(() => app.exit(0));
});

app.whenReady().then(start).catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `Kozmic could not start: ${(error as Error).message}`;
  dialog.showErrorBox('Kozmic', message);
  app.exit(1);
});
