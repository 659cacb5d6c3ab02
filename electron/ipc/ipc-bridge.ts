// The window's side of main: calls, events and live logs over IPC. Calls and log frames are accepted
// only from the app's own window and frame; events go only to that window. Live logs follow the same
// protocol and limits as a browser's WebSocket (server/rpc/log-relay.ts). Electron is seen through
// narrow interfaces so tests can fake it; window-ipc.ts hands it the real ipcMain.
import type { Events, EventName } from '../../server/contract/events.js';
import type { LogServerFrame } from '../../server/contract/log-stream.js';
import { operator, type Dispatch, type Disposer, type EventListener, type SubscribeLog } from '../../server/core/ports.js';
import { relayLogs } from '../../server/rpc/log-relay.js';
import { callChannel, eventChannel, logChannel, logEventName } from './ipc-channels.js';

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
  on(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => void): void;
  removeAllListeners(channel: string): void;
}

export interface BridgeOptions {
  readonly ipcMain: IpcMainLike;
  readonly window: IpcSender;
  /** The renderer's own origin (e.g. `app://kozmic`); frames from anywhere else are refused. */
  readonly trustedOrigin: string;
  readonly dispatch: Dispatch;
  readonly subscribe: (listener: EventListener) => Disposer;
  readonly subscribeLog: SubscribeLog;
}

export function installIpcBridge(options: BridgeOptions): Disposer {
  const { ipcMain, window } = options;
  ipcMain.handle(callChannel, async (event, name, args) => {
    if (!isTrusted(event, window.id, options.trustedOrigin)) {
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the Kozmic window.' } };
    }
    // The desktop has one user, who owns everything in it.
    return options.dispatch(name, args, operator);
  });
  const unsubscribe = options.subscribe(<K extends EventName>(name: K, payload: Events[K]) => {
    if (!window.isDestroyed()) window.send(eventChannel, name, payload);
  });
  const logs = relayLogs({
    subscribeLog: options.subscribeLog,
    caller: operator,
    send: (frame: LogServerFrame) => {
      if (!window.isDestroyed()) window.send(eventChannel, logEventName, frame);
    },
  });
  ipcMain.on(logChannel, (event, frame) => {
    if (isTrusted(event, window.id, options.trustedOrigin)) logs.receive(frame);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(callChannel);
    ipcMain.removeAllListeners(logChannel);
    logs.close();
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
