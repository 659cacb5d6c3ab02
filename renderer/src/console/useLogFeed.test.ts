import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { Envelope } from '../../../server/contract/envelope.js';
import type { LogPageDto } from '../../../server/contract/log-stream.js';
import { KozmicClient } from '../api/client.js';
import type { LogStreamHandlers, Transport } from '../api/transport.js';
import { useLogFeed, type FeedTarget } from './useLogFeed.js';

const b64 = (text: string) => btoa(text);

function harness(initial: FeedTarget, pages: Record<string, LogPageDto>) {
  const streams: {
    jobId: string;
    attempt: number | undefined;
    fromSeq: number;
    handlers: LogStreamHandlers;
    disposed: boolean;
  }[] = [];
  const transport: Transport = {
    call: async (_name, args) => {
      const { start } = args as { start?: number };
      return { ok: true, value: pages[start === undefined ? 'tail' : String(start)] } as Envelope<unknown>;
    },
    subscribe: () => () => undefined,
    onConnectionChange: () => () => undefined,
    subscribeLog: (jobId, attempt, fromSeq, handlers) => {
      const stream = { jobId, attempt, fromSeq, handlers, disposed: false };
      streams.push(stream);
      return () => (stream.disposed = true);
    },
  };
  const written: string[] = [];
  const sink = {
    write: (d: Uint8Array | string) => written.push(typeof d === 'string' ? d : new TextDecoder().decode(d)),
    reset: () => (written.length = 0),
  };
  const target = ref(initial);
  const scope = effectScope();
  const feed = scope.run(() => useLogFeed(new KozmicClient(transport), target, sink))!;
  return { feed, target, streams, written, scope };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('useLogFeed', () => {
  it('streams a running attempt, and a restart switches to the new attempt', async () => {
    const h = harness({ jobId: 'p.1.1', attempt: 1, status: 'running' }, {});
    await flush();
    expect(h.feed.phase.value).toBe('streaming');
    h.streams[0]!.handlers.onChunk(1, new TextEncoder().encode('hello\n'));
    h.target.value = { jobId: 'p.1.1', attempt: 1, status: 'success' }; // a new object, the same attempt
    await nextTick();
    h.streams[0]!.handlers.onEnd();
    expect(h.feed.phase.value).toBe('done');
    expect(h.written).toEqual(['hello\n']);
    h.target.value = { jobId: 'p.1.1', attempt: 2, status: 'queued' };
    await nextTick();
    expect(h.written).toEqual([]);
    expect(h.feed.phase.value).toBe('waiting');
    h.target.value = { ...h.target.value, status: 'running' };
    await nextTick();
    await flush();
    expect(h.streams[1]).toMatchObject({ attempt: 2 });
    h.scope.stop();
    expect(h.streams[1]!.disposed).toBe(true);
  });

  it('opens a running attempt at its tail and streams on from the sequence after it', async () => {
    const h = harness(
      { jobId: 'p.1.1', attempt: 1, status: 'running' },
      { tail: { data: b64('old\nrecent\n'), start: 4000, end: 4011, size: 4011, nextSeq: 812 } },
    );
    await flush();
    expect(h.written).toEqual(['recent\n']);
    expect(h.feed.cut.value).toEqual({ start: 4004, size: 4011 });
    expect(h.streams[0]).toMatchObject({ fromSeq: 812 });
    expect(h.feed.phase.value).toBe('streaming');
  });

  it('reads a finished log tail first from a line start, and everything on demand', async () => {
    const h = harness(
      { jobId: 'p.1.1', attempt: 1, status: 'failure' },
      {
        tail: { data: b64('ial line\nlast\n'), start: 10, end: 24, size: 24, nextSeq: null },
        '0': { data: b64('0123456789'), start: 0, end: 10, size: 24, nextSeq: null },
        '10': { data: b64('ial line\nlast\n'), start: 10, end: 24, size: 24, nextSeq: null },
      },
    );
    await flush();
    expect(h.written).toEqual(['last\n']);
    expect(h.feed.cut.value).toEqual({ start: 19, size: 24 });
    await h.feed.loadEverything();
    expect(h.written.join('')).toBe('0123456789ial line\nlast\n');
    expect(h.feed.cut.value).toBeNull();
  });

  it('reads the log once the attempt is over when streaming was refused', async () => {
    const h = harness(
      { jobId: 'p.1.1', attempt: 1, status: 'running' },
      { tail: { data: b64('done\n'), start: 0, end: 5, size: 5, nextSeq: null } },
    );
    await flush();
    h.streams[0]!.handlers.onError('cannot stream');
    expect(h.feed.error.value).toBe('cannot stream');
    h.target.value = { ...h.target.value, status: 'success' };
    await nextTick();
    await flush();
    expect(h.feed.error.value).toBeNull();
    expect(h.written).toEqual(['done\n']);
  });
});
