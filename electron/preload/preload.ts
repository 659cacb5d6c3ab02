// The sandboxed preload: exposes `window.kozmic = { call, subscribe }` and nothing else. Names are
// checked against the contract's tables (bundled in at build time), the IPC event object never
// reaches the page, and ipcRenderer itself is never exposed.
import { contextBridge, ipcRenderer } from 'electron';
import { isCommandName } from '../../server/contract/commands.js';
import { isEventName } from '../../server/contract/events.js';
import { callChannel, eventChannel, logChannel, logEventName, navigateEventName } from '../ipc/ipc-channels.js';

type Listener = (name: string, payload: unknown) => void;

const listeners = new Set<Listener>();

ipcRenderer.on(eventChannel, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name) && name !== logEventName && name !== navigateEventName) return;
  for (const listener of listeners) listener(name, payload);
});

contextBridge.exposeInMainWorld('kozmic', {
  call(name: unknown, args: unknown): Promise<unknown> {
    if (!isCommandName(name)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_command', message: `Unknown command ${String(name)}` } });
    }
    return ipcRenderer.invoke(callChannel, name, args);
  },
  /** A log.subscribe / log.unsubscribe frame; answers arrive through `subscribe` as name 'log'. */
  sendLogFrame(frame: unknown): void {
    ipcRenderer.send(logChannel, frame);
  },
  subscribe(listener: Listener): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
});
