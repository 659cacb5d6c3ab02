// Feeds one attempt's log into a terminal, a window of it at a time (log-window.ts): a running attempt
// shows its tail, then streams live (resuming after reconnects, inside the transport); a finished one
// shows its tail. The reader moves the window (start, earlier, later, end) or jumps to a line a search
// found, anywhere in the log. Switching attempts or unmounting disposes the stream and ignores answers
// still on their way.
import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { JobStatus } from '../../../server/contract/dto.js';
import type { NoteRanges } from '../../../server/contract/log-stream.js';
import type { KozmicClient } from '../api/client.js';
import { isFinished } from '../presentation/status-labels.js';
import { LineStarts, readAround, readBackward, readForward, slice, type WindowPiece } from './log-window.js';
import { scrollbackLines } from './useTerminal.js';

/** `browsing`: a part of a running log away from its live end (the stream is paused). */
export type FeedPhase = 'waiting' | 'loading' | 'streaming' | 'done' | 'browsing' | 'error';

export interface LogSink {
  write(data: Uint8Array | string, notes?: NoteRanges): void;
  reset(): void;
  /** Shows the line `fromEnd` lines before the last one written (-1: the very end). */
  reveal(fromEnd: number, select: boolean): Promise<boolean>;
}

/** What the console holds of the log, to say so exactly. */
export interface ShownPart {
  /** Byte offsets [start, end) of the log, and its size. */
  readonly start: number;
  readonly end: number;
  readonly size: number;
  /** Line numbers (1-based) of the first and last line shown, when known. */
  readonly firstLine: number | null;
  readonly lines: number;
}

export interface LogFeed {
  readonly phase: Ref<FeedPhase>;
  readonly error: Ref<string | null>;
  readonly shown: Ref<ShownPart | null>;
  showStart(): Promise<void>;
  showEarlier(): Promise<void>;
  showLater(): Promise<void>;
  /** The end of the log: live again for a running attempt. */
  showEnd(): Promise<void>;
  /** Shows and selects the line starting at byte `start` (line number `line`), loading it if needed. */
  reveal(target: { readonly start: number; readonly line: number }): Promise<void>;
}

/** Lines a jump shows after the line it jumps to. */
const jumpLinesAfter = 1000;

export interface FeedTarget {
  readonly jobId: string;
  readonly attempt: number;
  readonly status: JobStatus;
}

export function useLogFeed(client: KozmicClient, target: Readonly<Ref<FeedTarget>>, sink: LogSink): LogFeed {
  const phase = ref<FeedPhase>('waiting');
  const error = ref<string | null>(null);
  const shown = shallowRef<ShownPart | null>(null);
  let generation = 0;
  let stopStream: (() => void) | null = null;
  let chunksSeen = 0;
  /** Streaming was refused before anything came: the log is read once the attempt is over. */
  let streamFailed = false;
  let starts = new LineStarts(0);
  let firstLine: number | null = null;
  let end = 0;
  let size = 0;
  let published = 0;

  function stop(): void {
    stopStream?.();
    stopStream = null;
  }

  function fail(message: string): void {
    phase.value = 'error';
    error.value = message;
  }

  function publish(): void {
    published = Date.now();
    shown.value = { start: starts.first, end, size: Math.max(size, end), firstLine, lines: starts.count };
  }

  /** Replaces what the terminal shows by `piece`, whose first line is `line` when known. */
  function show(piece: WindowPiece, line: number | null): void {
    sink.reset();
    starts = new LineStarts(piece.start);
    starts.append(piece.bytes);
    firstLine = piece.start === 0 ? 1 : line;
    end = piece.end;
    size = piece.size;
    if (piece.bytes.length > 0) sink.write(piece.bytes, piece.notes);
    publish();
  }

  /** Runs a move of the window; a newer move or a switch of attempt makes it moot. */
  async function move(load: (gen: number, t: FeedTarget) => Promise<void>): Promise<void> {
    const gen = ++generation;
    stop();
    const wasLive = phase.value === 'streaming' || !isFinished(target.value.status);
    phase.value = 'loading';
    error.value = null;
    try {
      await load(gen, target.value);
      if (gen === generation && phase.value === 'loading') phase.value = wasLive ? 'browsing' : 'done';
    } catch (e) {
      if (gen === generation) fail((e as Error).message);
    }
  }

  async function loadTail(gen: number, t: FeedTarget): Promise<void> {
    phase.value = 'loading';
    try {
      const tail = await readBackward(client, t);
      if (gen !== generation) return;
      show(tail, null);
      phase.value = 'done';
    } catch (e) {
      if (gen === generation) fail((e as Error).message);
    }
  }

  /** A running attempt: its tail so far (a long log is not replayed from the start), then live. */
  async function stream(gen: number, t: FeedTarget): Promise<void> {
    phase.value = 'loading';
    chunksSeen = 0;
    let fromSeq = 1;
    const tail = await readBackward(client, t).catch(() => null);
    if (gen !== generation) return;
    if (tail?.nextSeq != null) {
      show(tail, null);
      fromSeq = tail.nextSeq;
    } else {
      show({ bytes: new Uint8Array(0), notes: [], start: 0, end: 0, size: 0, nextSeq: null }, 1);
    }
    phase.value = 'streaming';
    stopStream = client.streamLog(t.jobId, t.attempt, fromSeq, {
      onChunk: (_seq, bytes, notes) => {
        chunksSeen++;
        if (gen !== generation) return;
        sink.write(bytes, notes);
        starts.append(bytes);
        end += bytes.length;
        // The terminal forgets its oldest lines beyond its scrollback; so does the window.
        const dropped = starts.trim(scrollbackLines);
        if (dropped > 0 && firstLine !== null) firstLine += dropped;
        if (Date.now() - published > 250) publish();
      },
      onEnd: () => {
        stopStream = null;
        if (gen !== generation) return;
        publish();
        phase.value = 'done';
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
      shown.value = null;
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
      error.value = null;
      streamFailed = false;
      void loadTail(++generation, t);
    }
  }

  const showStart = () =>
    move(async (gen, t) => {
      const piece = await readForward(client, t, 0);
      if (gen === generation) show(piece, 1);
      await sink.reveal(starts.count - 1, false);
    });

  const showEarlier = () =>
    move(async (gen, t) => {
      const before = starts.first;
      const piece = await readBackward(client, t, before);
      if (gen !== generation) return;
      const lines = countLines(piece.bytes);
      show(piece, firstLine === null ? null : firstLine - lines);
      await sink.reveal(-1, false);
    });

  const showLater = () =>
    move(async (gen, t) => {
      const next = firstLine === null ? null : firstLine + starts.count;
      const piece = await readForward(client, t, end);
      if (gen !== generation) return;
      show(piece, next);
      await sink.reveal(starts.count - 1, false);
    });

  async function showEnd(): Promise<void> {
    const t = target.value;
    const gen = ++generation;
    stop();
    error.value = null;
    if (isFinished(t.status)) await loadTail(gen, t);
    else await stream(gen, t);
  }

  async function reveal(match: { readonly start: number; readonly line: number }): Promise<void> {
    const index = starts.lineOf(match.start);
    if (index !== null && (await sink.reveal(starts.count - 1 - index, true))) return;
    await move(async (gen, t) => {
      const started = performance.now();
      const piece = await readAround(client, t, match.start);
      performance.measure('kozmic:console-read', { start: started, end: performance.now() });
      if (gen !== generation) return;
      const inside = new LineStarts(piece.start);
      inside.append(piece.bytes);
      const shown = performance.now();
      // A jump shows a short window (a little before the line, a few screens after it): the terminal
      // shows the line only once it has parsed every byte before it, so less to parse is sooner in
      // view. Earlier and Later go on from there.
      const index = inside.lineOf(match.start) ?? 0;
      show(slice(piece, 0, inside.startOf(index + jumpLinesAfter) - piece.start), match.line - index);
      await sink.reveal(starts.count - 1 - index, true);
      performance.measure('kozmic:console-show', { start: shown, end: performance.now() });
    });
  }

  advance();
  onScopeDispose(() => {
    generation++;
    stop();
  });
  return { phase, error, shown, showStart, showEarlier, showLater, showEnd, reveal };
}

function countLines(bytes: Uint8Array): number {
  const starts = new LineStarts(0);
  starts.append(bytes);
  return starts.count;
}

