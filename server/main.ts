// Headless host: the core under plain Node, serving the renderer and its API to a browser (team-server
// mode, and how every end-to-end test runs). Run with `npm run headless` or `node out/server/main.js`.
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appRoot, appVersion } from './host/app-package.js';
import { ConfigError, readConfig } from './core/config.js';
import { createCore, type Core } from './host/create-core.js';
import { defaultDataDir } from './core/data-dir.js';
import type { Logger } from './core/ports.js';
import { startUiServer } from './http/ui-server.js';
import { loadUiToken } from './http/ui-access.js';
import { startWebhookListener } from './host/webhook-listener.js';
import { relayLogs } from './rpc/log-relay.js';
import { KeyFileSecretStore } from './secrets/key-file-secret-store.js';

const log: Logger = {
  info: (message) => console.log(`[${new Date().toISOString()}] ${message}`),
  warn: (message) => console.warn(`[${new Date().toISOString()}] warning: ${message}`),
  error: (message, error) => console.error(`[${new Date().toISOString()}] error: ${message}`, error ?? ''),
};

function fail(message: string, exitCode: number): never {
  console.error(message);
  process.exit(exitCode);
}

function portProblem(error: unknown, port: number, variable: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `Port ${port} is already in use (another Kozmic?). Stop it or set ${variable}.`;
  if (code === 'EACCES') return `Port ${port} needs privileges. Choose a port above 1024 with ${variable}.`;
  return `Cannot listen on port ${port}: ${(error as Error).message}`;
}

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 78);
    throw error;
  }
  const root = appRoot();
  const dataDir = config.dataDir ?? defaultDataDir(process.platform, process.env, homedir());
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  let core: Core;
  try {
    const secrets = new KeyFileSecretStore({ dir: dataDir });
    core = await createCore({ kind: 'headless', dataDir, version: appVersion(root), log, secrets }, config);
  } catch (error) {
    fail(`Kozmic cannot open its data in ${dataDir}:\n  ${(error as Error).message}`, 1);
  }

  const webhooks = await startWebhookListener(core, config.port, log).catch((error: unknown) =>
    fail(portProblem(error, config.port, 'KOZMIC_PORT'), 1),
  );
  const token = await loadUiToken(dataDir, config.uiToken);
  const ui = await startUiServer({
    host: config.uiHost,
    port: config.uiPort,
    token,
    rendererDir: join(root, 'out', 'renderer'),
    githubUrl: () => core.settings().githubUrl,
    dispatch: core.dispatch,
    subscribe: core.subscribe,
    openLogRelay: (send, bufferedBytes, caller) =>
      relayLogs({ subscribeLog: core.subscribeLog, send, bufferedBytes, caller }),
    callerOf: core.callerOf,
    stillSignedIn: core.stillSignedIn,
    onError: log.error,
    allowedHosts: config.uiAllowedHosts,
  }).catch((error: unknown) => fail(portProblem(error, config.uiPort, 'KOZMIC_UI_PORT'), 1));

  const status = await core.status();
  console.log(
    [
      `Kozmic ${status.version} is running headless (no desktop window).`,
      `  Open:     ${ui.url}/#token=${token}`,
      `  API:      ${ui.url}/api  (Authorization: Bearer ${token})`,
      `  Webhooks: port ${webhooks.port} (the only port to expose or tunnel)`,
      `  Public:   ${status.webhooks.reachable ? `${status.webhooks.publicUrl} leads here` : status.webhooks.problem}`,
      `  Data:     ${dataDir}`,
      `  Docker:   ${status.docker.reachable ? `engine ${status.docker.version} at ${status.docker.endpoint}` : status.docker.problem}`,
      `Kozmic ready.`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info(`${signal} received; shutting down (press Ctrl+C again to force).`);
    void Promise.all([ui.close(), webhooks.close()])
      .then(() => core.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error('Shutdown failed', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
