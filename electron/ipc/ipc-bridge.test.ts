import { describe, expect, it } from 'vitest';
import type { EventListener } from '../../server/core/ports.js';
import { installIpcBridge, type IpcInvokeEvent, type IpcMainLike } from './ipc-bridge.js';
import { callChannel, eventChannel, logChannel } from './ipc-channels.js';

type Handler = (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakes() {
  const handlers = new Map<string, Handler>();
  const listeners_ = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => void>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
    on: (channel, listener) => void listeners_.set(channel, listener),
    removeAllListeners: (channel) => void listeners_.delete(channel),
  };
  const sent: unknown[][] = [];
  const window = { id: 7, destroyed: false, send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => false };
  const listeners = new Set<EventListener>();
  const calls: unknown[][] = [];
  const dispose = installIpcBridge({
    ipcMain,
    window,
    trustedOrigin: 'app://kozmic',
    dispatch: async (name, args) => (calls.push([name, args]), { ok: true, value: 'done' }),
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    subscribeLog: async (request, send) => {
      send({ type: 'log.chunk', id: request.id, seq: request.fromSeq, data: Buffer.from('hello').toString('base64') });
      send({ type: 'log.end', id: request.id });
      return () => undefined;
    },
  });
  return { handlers, sent, listeners, calls, dispose, logListeners: listeners_ };
}

const fromWindow = (url: string, id = 7): IpcInvokeEvent => ({ sender: { id }, senderFrame: { url } });

describe('IPC bridge', () => {
  it('dispatches calls from the app window', async () => {
    const { handlers, calls } = fakes();
    const result = await handlers.get(callChannel)!(fromWindow('app://kozmic/projects'), 'projects.list', {});
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([['projects.list', {}]]);
  });

  it.each([
    ['another origin', fromWindow('https://evil.test/')],
    ['a file URL', fromWindow('file:///tmp/x.html')],
    ['another window', fromWindow('app://kozmic/', 8)],
    ['no frame', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses calls from %s', async (_name, event) => {
    const { handlers, calls } = fakes();
    const result = await handlers.get(callChannel)!(event, 'projects.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('relays log subscriptions from the app window only, and answers frames it does not know', async () => {
    const { logListeners, sent } = fakes();
    const subscribe = { type: 'log.subscribe', id: 's1', jobId: 'p.1.1', fromSeq: 3 };
    logListeners.get(logChannel)!(fromWindow('https://evil.test/'), subscribe);
    logListeners.get(logChannel)!(fromWindow('https://evil.test/'), { type: 'nonsense' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([]);
    logListeners.get(logChannel)!(fromWindow('app://kozmic/'), { type: 'nonsense' });
    expect(sent.splice(0)).toEqual([[eventChannel, 'log', { type: 'log.error', id: '', message: 'Unknown frame.' }]]);
    logListeners.get(logChannel)!(fromWindow('app://kozmic/'), subscribe);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([
      [eventChannel, 'log', { type: 'log.chunk', id: 's1', seq: 3, data: 'aGVsbG8=' }],
      [eventChannel, 'log', { type: 'log.end', id: 's1' }],
    ]);
  });

  it('holds at most 32 live logs for the window, and refuses oversized frames', async () => {
    const { logListeners, sent } = fakes();
    const send = logListeners.get(logChannel)!;
    for (let i = 0; i < 33; i++) send(fromWindow('app://kozmic/'), { type: 'log.subscribe', id: `s${i}`, jobId: 'p.1.1', fromSeq: 1 });
    send(fromWindow('app://kozmic/'), { type: 'log.subscribe', id: 'big', jobId: `p.1.1${' '.repeat(70_000)}`, fromSeq: 1 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const frames = sent.map(([, , frame]) => frame as { type: string; id: string; message?: string });
    expect(frames.filter((f) => f.type === 'log.end')).toHaveLength(32);
    expect(frames.filter((f) => f.type === 'log.error')).toEqual([
      { type: 'log.error', id: 's32', message: 'Too many logs open at once.' },
      { type: 'log.error', id: '', message: 'Unknown frame.' },
    ]);
    expect(frames.some((f) => f.id === 'big')).toBe(false);
  });

  it('forwards core events to the window and stops on dispose', () => {
    const { listeners, sent, dispose, handlers } = fakes();
    for (const listener of listeners) listener('project.removed', { projectId: 'p1' });
    expect(sent).toEqual([[eventChannel, 'project.removed', { projectId: 'p1' }]]);
    dispose();
    expect(listeners.size).toBe(0);
    expect(handlers.has(callChannel)).toBe(false);
  });
});
