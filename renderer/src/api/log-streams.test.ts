import { describe, expect, it } from 'vitest';
import type { LogClientFrame } from '../../../server/contract/log-stream.js';
import { LogStreams } from './log-streams.js';

const b64 = (text: string) => btoa(text);

function harness() {
  const sent: LogClientFrame[] = [];
  let up = true;
  const streams = new LogStreams((frame) => {
    if (!up) return false;
    sent.push(frame);
    return true;
  });
  const text: string[] = [];
  const events: string[] = [];
  const dispose = streams.open('p.1.1', 2, 1, {
    onChunk: (seq, bytes) => text.push(`${seq}:${new TextDecoder().decode(bytes)}`),
    onEnd: () => events.push('end'),
    onError: (message) => events.push(`error:${message}`),
  });
  return { streams, sent, text, events, dispose, setUp: (value: boolean) => (up = value) };
}

describe('LogStreams', () => {
  it('subscribes, delivers chunks in order and drops duplicates', () => {
    const h = harness();
    expect(h.sent).toEqual([{ type: 'log.subscribe', id: 'log-1', jobId: 'p.1.1', attempt: 2, fromSeq: 1 }]);
    h.streams.receive({ type: 'log.chunk', id: 'log-1', seq: 1, data: b64('a') });
    h.streams.receive({ type: 'log.chunk', id: 'log-1', seq: 1, data: b64('a') });
    h.streams.receive({ type: 'log.chunk', id: 'log-1', seq: 2, data: b64('b') });
    expect(h.text).toEqual(['1:a', '2:b']);
  });

  it('resumes after the last delivered chunk on a gap, a hole and a reconnect', () => {
    const h = harness();
    h.streams.receive({ type: 'log.chunk', id: 'log-1', seq: 1, data: b64('a') });
    h.streams.receive({ type: 'log.gap', id: 'log-1', nextSeq: 2 });
    expect(h.sent.at(-1)).toMatchObject({ type: 'log.subscribe', fromSeq: 2 });
    h.streams.receive({ type: 'log.chunk', id: 'log-1', seq: 4, data: b64('d') });
    expect(h.sent.at(-1)).toMatchObject({ type: 'log.subscribe', fromSeq: 2 });
    h.setUp(false);
    h.streams.receive({ type: 'log.chunk', id: 'log-1', seq: 2, data: b64('b') });
    h.setUp(true);
    h.streams.resumeAll();
    expect(h.sent.at(-1)).toMatchObject({ type: 'log.subscribe', id: 'log-1', fromSeq: 3 });
    h.streams.receive({ type: 'log.chunk', id: 'log-1', seq: 2, data: b64('b') });
    h.streams.receive({ type: 'log.chunk', id: 'log-1', seq: 3, data: b64('c') });
    expect(h.text).toEqual(['1:a', '2:b', '3:c']);
  });

  it('ends, reports errors, and unsubscribes on dispose', () => {
    const h = harness();
    h.streams.receive({ type: 'log.end', id: 'log-1' });
    expect(h.events).toEqual(['end']);
    expect(h.streams.size).toBe(0);
    h.dispose();
    expect(h.sent.filter((f) => f.type === 'log.unsubscribe')).toHaveLength(0);
    const other = h.streams.open('p.1.2', undefined, 5, {
      onChunk: () => undefined,
      onEnd: () => undefined,
      onError: (m) => h.events.push(m),
    });
    expect(h.sent.at(-1)).toEqual({ type: 'log.subscribe', id: 'log-2', jobId: 'p.1.2', fromSeq: 5 });
    h.streams.receive({ type: 'log.error', id: 'log-2', message: 'Job p.1.2 was not found.' });
    expect(h.events.at(-1)).toBe('Job p.1.2 was not found.');
    other();
    const third = h.streams.open('p.1.3', undefined, 1, {
      onChunk: () => undefined,
      onEnd: () => undefined,
      onError: () => undefined,
    });
    third();
    expect(h.sent.at(-1)).toEqual({ type: 'log.unsubscribe', id: 'log-3' });
  });
});
