// The only file in main that touches ipcMain. Calls are accepted only from the app's own window and
// frame; events go only to that window. Electron is seen through narrow interfaces so tests can fake it.
import type { Events, EventName } from '../server/contract/events.js';
import type { Dispatch, Disposer, EventListener } from '../server/core/ports.js';
import { callChannel, eventChannel } from './ipc-channels.js';

export interface IpcSender {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export interface IpcInvokeEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface BridgeOptions {
  readonly ipcMain: IpcMainLike;
  readonly window: IpcSender;
  /** The renderer's own origin (e.g. `app://kozmic`); frames from anywhere else are refused. */
  readonly trustedOrigin: string;
  readonly dispatch: Dispatch;
  readonly subscribe: (listener: EventListener) => Disposer;
}

export function installIpcBridge(options: BridgeOptions): Disposer {
  const { ipcMain, window } = options;
  ipcMain.handle(callChannel, async (event, name, args) => {
    if (!isTrusted(event, window.id, options.trustedOrigin)) {
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the Kozmic window.' } };
    }
    return options.dispatch(name, args);
  });
  const unsubscribe = options.subscribe(<K extends EventName>(name: K, payload: Events[K]) => {
    if (!window.isDestroyed()) window.send(eventChannel, name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(callChannel);
  };
}

export function isTrusted(event: IpcInvokeEvent, windowId: number, trustedOrigin: string): boolean {
  if (event.sender.id !== windowId || !event.senderFrame) return false;
  return originOf(event.senderFrame.url) === trustedOrigin;
}

/** `scheme://host`, computed by hand: Node's URL reports the origin of custom schemes as "null". */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
