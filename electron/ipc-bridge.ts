// The only file in main that touches ipcMain. Calls are accepted only from the app's own window and
// frame; events go only to that window. Electron is seen through narrow interfaces so tests can fake it.
import type { Events, EventName } from '../server/contract/events.js';
import type { LogServerFrame } from '../server/contract/log-stream.js';
import { operator, type Dispatch, type Disposer, type EventListener, type SubscribeLog } from '../server/core/ports.js';
import { parseClientFrame } from '../server/http/log-frames.js';
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

/** Live log subscriptions one window may hold at once (a build page shows a handful). */
const maxLogSubscriptions = 32;
/** A log frame from the page is a few hundred characters; the WebSocket takes at most 64 KiB. */
const maxLogFrameChars = 64 * 1024;

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
  const logs = new Map<string, Promise<Disposer | null>>();
  const sendLog = (frame: LogServerFrame) => {
    if (!window.isDestroyed()) window.send(eventChannel, logEventName, frame);
  };
  ipcMain.on(logChannel, (event, raw) => {
    if (!isTrusted(event, window.id, options.trustedOrigin)) return;
    // The same limits as a browser's WebSocket (http/event-socket.ts): a frame's size, and how many
    // live logs one window may hold.
    const text = JSON.stringify(raw ?? null);
    if (text.length > maxLogFrameChars) return;
    const frame = parseClientFrame(text);
    if (!frame) return;
    void logs.get(frame.id)?.then((stop) => stop?.());
    logs.delete(frame.id);
    if (frame.type === 'log.unsubscribe') return;
    if (logs.size >= maxLogSubscriptions) {
      return sendLog({ type: 'log.error', id: frame.id, message: 'Too many logs open at once.' });
    }
    const started = options.subscribeLog(frame, sendLog).catch((error: unknown) => {
      sendLog({ type: 'log.error', id: frame.id, message: (error as Error).message });
      return null;
    });
    logs.set(frame.id, started);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(callChannel);
    ipcMain.removeAllListeners(logChannel);
    for (const stop of logs.values()) void stop.then((s) => s?.());
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
