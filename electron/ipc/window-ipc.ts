// Hands the IPC bridge Electron's real ipcMain. Kept apart from ipc-bridge.ts so the bridge runs under
// plain Node in its tests; with the preload, this folder is the only code that may touch Electron's IPC.
import { ipcMain } from 'electron';
import type { Disposer } from '../../server/core/ports.js';
import { installIpcBridge, type BridgeOptions } from './ipc-bridge.js';

export function installWindowIpc(options: Omit<BridgeOptions, 'ipcMain'>): Disposer {
  return installIpcBridge({ ...options, ipcMain });
}
