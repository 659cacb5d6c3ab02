// One viewer's live logs over one connection — a browser's WebSocket (http/event-socket.ts) or the
// desktop window's IPC (electron/ipc/ipc-bridge.ts) — with the same protocol and limits on both: frames
// are checked (log-frames.ts), a subscription id names one log at a time, at most 32 logs are open at
// once, and a failed subscription is answered with a `log.error` naming it. Sequence numbers make a
// reconnect resume exactly where the viewer stopped (core/log-access.ts).
import type { LogServerFrame } from '../contract/log-stream.js';
import type { Caller, Disposer, LogRelay, SubscribeLog } from '../core/ports.js';
import { parseLogClientFrame } from './log-frames.js';

/** Live log subscriptions one connection may hold at once (a build page shows a handful). */
export const maxLogSubscriptions = 32;

export interface LogRelayOptions {
  readonly subscribeLog: SubscribeLog;
  readonly caller: Caller;
  readonly send: (frame: LogServerFrame) => void;
  /** What the connection has not sent yet; the core drops a viewer that falls too far behind. */
  readonly bufferedBytes?: () => number;
}

export function relayLogs(options: LogRelayOptions): LogRelay {
  const open = new Map<string, Promise<Disposer | null>>();
  const stop = (id: string) => {
    void open.get(id)?.then((dispose) => dispose?.());
    open.delete(id);
  };
  return {
    receive(value) {
      const frame = parseLogClientFrame(value);
      if (!frame) return options.send({ type: 'log.error', id: '', message: 'Unknown frame.' });
      // A subscription id names one log: subscribing again under it replaces the earlier one.
      stop(frame.id);
      if (frame.type === 'log.unsubscribe') return;
      if (open.size >= maxLogSubscriptions) {
        return options.send({ type: 'log.error', id: frame.id, message: 'Too many logs open at once.' });
      }
      const started = options
        .subscribeLog(frame, options.send, options.bufferedBytes, options.caller)
        .catch((error: unknown) => {
          options.send({ type: 'log.error', id: frame.id, message: (error as Error).message });
          return null;
        });
      open.set(frame.id, started);
    },
    close() {
      for (const id of [...open.keys()]) stop(id);
    },
  };
}
