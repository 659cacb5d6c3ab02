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
      const page = pages[start === undefined ? 'tail' : String(start)];
      return { ok: true, value: page && { notes: [], ...page } } as Envelope<unknown>;
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
  const revealed: [number, boolean][] = [];
  const sink = {
    write: (d: Uint8Array | string) => written.push(typeof d === 'string' ? d : new TextDecoder().decode(d)),
    reset: () => (written.length = 0),
    reveal: async (index: number, select: boolean) => (revealed.push([index, select]), true),
  };
  const target = ref(initial);
  const scope = effectScope();
  const feed = scope.run(() => useLogFeed(new KozmicClient(transport), target, sink))!;
  return { feed, target, streams, written, scope, revealed };
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
    expect(h.feed.shown.value).toEqual({ start: 4004, end: 4011, size: 4011, firstLine: null, lines: 1 });
    expect(h.streams[0]).toMatchObject({ fromSeq: 812 });
    expect(h.feed.phase.value).toBe('streaming');
  });

  it('reads a finished log tail first from a line start, and its start on demand', async () => {
    const h = harness(
      { jobId: 'p.1.1', attempt: 1, status: 'failure' },
      {
        tail: { data: b64('ial line\nlast\n'), start: 10, end: 24, size: 24, nextSeq: null },
        '0': { data: b64('first\nmid\nial line\nlast\n'), start: 0, end: 24, size: 24, nextSeq: null },
      },
    );
    await flush();
    expect(h.written).toEqual(['last\n']);
    expect(h.feed.shown.value).toMatchObject({ start: 19, end: 24, firstLine: null });
    await h.feed.showStart();
    expect(h.written.join('')).toBe('first\nmid\nial line\nlast\n');
    expect(h.feed.shown.value).toEqual({ start: 0, end: 24, size: 24, firstLine: 1, lines: 4 });
    expect(h.revealed.at(-1)).toEqual([3, false]); // the first of four lines
    // A line already shown is revealed where it is, without reading the log again.
    await h.feed.reveal({ start: 6, line: 2 });
    expect(h.revealed.at(-1)).toEqual([2, true]);
  });

  it('jumps to a line outside the shown part by loading the part around it', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i + 1}\n`).join('');
    const at = lines.indexOf('line 2500\n');
    const from = at - 16 * 1024;
    const h = harness(
      { jobId: 'p.1.1', attempt: 1, status: 'success' },
      {
        tail: { data: b64(lines.slice(-20)), start: lines.length - 20, end: lines.length, size: lines.length, nextSeq: null },
        [String(from)]: { data: b64(lines.slice(from)), start: from, end: lines.length, size: lines.length, nextSeq: null },
      },
    );
    await flush();
    await h.feed.reveal({ start: at, line: 2500 });
    const shown = h.feed.shown.value!;
    const text = h.written.join('');
    const shownLines = text.split('\n').slice(0, -1);
    const index = shownLines.indexOf('line 2500');
    expect(h.revealed.at(-1)).toEqual([shownLines.length - 1 - index, true]);
    expect(shown.firstLine).toBe(2500 - index);
    expect(text.split('\n')[0]).toBe(`line ${shown.firstLine}`);
    expect(h.feed.phase.value).toBe('done');
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
