// Feeds one attempt's log into a terminal: a running attempt is streamed live (resuming after
// reconnects, inside the transport); a finished one is read tail first, with the rest on demand.
// Switching attempts or unmounting disposes the stream and ignores answers still on their way.
import { onScopeDispose, ref, watch, type Ref } from 'vue';
import type { JobStatus } from '../../../server/contract/dto.js';
import type { KozmicClient } from '../api/client.js';
import { isFinished } from '../presentation/status-labels.js';
import { readAll, readTail } from './log-pages.js';

export type FeedPhase = 'waiting' | 'loading' | 'streaming' | 'done' | 'error';

export interface LogSink {
  write(data: Uint8Array | string): void;
  reset(): void;
}

export interface LogFeed {
  readonly phase: Ref<FeedPhase>;
  readonly error: Ref<string | null>;
  /** Set when only the tail of a finished log is shown. */
  readonly cut: Ref<{ start: number; size: number } | null>;
  loadEverything(): Promise<void>;
}

export interface FeedTarget {
  readonly jobId: string;
  readonly attempt: number;
  readonly status: JobStatus;
}

export function useLogFeed(client: KozmicClient, target: Readonly<Ref<FeedTarget>>, sink: LogSink): LogFeed {
  const phase = ref<FeedPhase>('waiting');
  const error = ref<string | null>(null);
  const cut = ref<{ start: number; size: number } | null>(null);
  let generation = 0;
  let stopStream: (() => void) | null = null;
  let chunksSeen = 0;
  /** Streaming was refused before anything came: the log is read once the attempt is over. */
  let streamFailed = false;

  function stop(): void {
    stopStream?.();
    stopStream = null;
  }

  function fail(message: string): void {
    phase.value = 'error';
    error.value = message;
  }

  async function loadTail(gen: number, { jobId, attempt }: FeedTarget): Promise<void> {
    phase.value = 'loading';
    try {
      const tail = await readTail(client, jobId, attempt);
      if (gen !== generation) return;
      cut.value = tail.start > 0 ? { start: tail.start, size: tail.size } : null;
      sink.write(tail.bytes);
      phase.value = 'done';
    } catch (e) {
      if (gen === generation) fail((e as Error).message);
    }
  }

  /** A running attempt: its tail so far (a long log is not replayed from the start), then live. */
  async function stream(gen: number, { jobId, attempt }: FeedTarget): Promise<void> {
    phase.value = 'loading';
    chunksSeen = 0;
    let fromSeq = 1;
    const tail = await readTail(client, jobId, attempt).catch(() => null);
    if (gen !== generation) return;
    if (tail?.nextSeq != null) {
      cut.value = tail.start > 0 ? { start: tail.start, size: tail.size } : null;
      sink.write(tail.bytes);
      fromSeq = tail.nextSeq;
    }
    phase.value = 'streaming';
    stopStream = client.streamLog(jobId, attempt, fromSeq, {
      onChunk: (_seq, bytes) => {
        chunksSeen++;
        if (gen === generation) sink.write(bytes);
      },
      onEnd: () => {
        stopStream = null;
        if (gen === generation) phase.value = 'done';
      },
      onError: (message) => {
        stopStream = null;
        if (gen !== generation) return;
        fail(message);
        streamFailed = chunksSeen === 0;
      },
    });
  }

  // The attempt changed: start over. Its status changed: go from waiting to live to finished.
  watch(
    () => `${target.value.jobId}#${target.value.attempt}`,
    () => {
      generation++;
      stop();
      sink.reset();
      error.value = null;
      cut.value = null;
      streamFailed = false;
      phase.value = 'waiting';
      advance();
    },
  );
  watch(() => target.value.status, advance);

  function advance(): void {
    const t = target.value;
    const gen = generation;
    if (phase.value === 'waiting' && t.status === 'running') return void stream(gen, t);
    if (phase.value === 'waiting' && isFinished(t.status)) return void loadTail(gen, t);
    // Finished while streaming and nothing came (a core without streaming, or no output yet): read it.
    const nothingStreamed =
      (phase.value === 'streaming' && chunksSeen === 0) || (phase.value === 'error' && streamFailed);
    if (nothingStreamed && isFinished(t.status)) {
      stop();
      sink.reset();
      error.value = null;
      streamFailed = false;
      void loadTail(gen, t);
    }
  }

  async function loadEverything(): Promise<void> {
    const t = target.value;
    const gen = ++generation;
    sink.reset();
    cut.value = null;
    phase.value = 'loading';
    try {
      await readAll(client, t.jobId, t.attempt, (bytes) => {
        if (gen === generation) sink.write(bytes);
      });
      if (gen === generation) phase.value = 'done';
    } catch (e) {
      if (gen === generation) fail((e as Error).message);
    }
  }

  advance();
  onScopeDispose(() => {
    generation++;
    stop();
  });
  return { phase, error, cut, loadEverything };
}
