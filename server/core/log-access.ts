// Job logs for viewers: pages of a log's bytes (tail first for finished logs, and downloads), searches
// over the whole file, and live subscriptions that transports (WebSocket, IPC) relay frame by frame.
// Every path names the log by job and attempt; who may ask is checked before (command-access.ts, and
// the core's subscribeLog), the same for reading, searching and streaming.
import type {
  LogFailureDto,
  LogPageDto,
  LogSearchCursor,
  LogSearchDto,
  LogServerFrame,
  LogSubscribe,
} from '../contract/log-stream.js';
import { notFound } from './errors.js';
import { firstFailure } from './failure-lines.js';
import type { LogSource } from './log-lines.js';
import { logStart, searchLog } from './log-search.js';
import type { Disposer, JobLogs, Store } from './ports.js';

const tailBytes = 256 * 1024;
const maxPageBytes = 1024 * 1024;
/** A search answers within about this long, with what it found so far and where to go on. */
const searchMs = 2000;
const defaultMatches = 200;

export class LogAccess {
  readonly #store: Store;
  readonly #logs: JobLogs;

  constructor(store: Store, logs: JobLogs) {
    this.#store = store;
    this.#logs = logs;
  }

  /** Bytes [start, end) of an attempt's log, at most 1 MiB; without a range, the last 256 KiB. */
  async page(jobId: string, attempt?: number, start?: number, end?: number): Promise<LogPageDto> {
    const file = await this.#logFile(jobId, attempt);
    const live = this.#logs.liveEnd(file);
    const size = live?.size ?? (await this.#logs.size(file));
    const last = Math.min(end ?? size, size);
    const from = Math.min(start ?? Math.max(0, last - tailBytes), size);
    const to = Math.min(last, from + maxPageBytes);
    const data = to > from ? await this.#logs.read(file, { start: from, end: to }) : Buffer.alloc(0);
    const reachesEnd = from + data.length === size;
    return {
      data: data.toString('base64'),
      start: from,
      end: from + data.length,
      size,
      nextSeq: live && reachesEnd ? live.nextSeq : null,
      notes: data.length > 0 ? await this.#logs.notes(file, { start: from, end: from + data.length }) : [],
    };
  }

  async search(
    jobId: string,
    attempt: number | undefined,
    query: string,
    from: LogSearchCursor = logStart,
    limit = defaultMatches,
  ): Promise<LogSearchDto> {
    const source = await this.#source(jobId, attempt);
    return searchLog(source, query, from, { limit, deadline: Date.now() + searchMs });
  }

  async firstFailure(jobId: string, attempt?: number): Promise<LogFailureDto> {
    return firstFailure(await this.#source(jobId, attempt), Date.now() + searchMs);
  }

  /** Relays one subscription as frames; the returned disposer ends it. */
  async subscribe(
    request: LogSubscribe,
    send: (frame: LogServerFrame) => void,
    bufferedBytes?: () => number,
  ): Promise<Disposer> {
    const file = await this.#logFile(request.jobId, request.attempt);
    const { id } = request;
    return this.#logs.subscribe(file, request.fromSeq, {
      onChunk: (chunk) =>
        send({
          type: 'log.chunk',
          id,
          seq: chunk.seq,
          data: chunk.data.toString('base64'),
          ...(chunk.notes ? { notes: chunk.notes } : {}),
        }),
      onEnd: () => send({ type: 'log.end', id }),
      onGap: (nextSeq) => send({ type: 'log.gap', id, nextSeq }),
      ...(bufferedBytes ? { bufferedBytes } : {}),
    });
  }

  /** The log as it is now (a running one grows: what was written when the search began is searched). */
  async #source(jobId: string, attempt: number | undefined): Promise<LogSource> {
    const file = await this.#logFile(jobId, attempt);
    const size = this.#logs.liveEnd(file)?.size ?? (await this.#logs.size(file));
    return {
      size,
      read: (start, end) => this.#logs.read(file, { start, end }),
      notes: (start, end) => this.#logs.notes(file, { start, end }),
    };
  }

  async #logFile(jobId: string, attempt?: number): Promise<string> {
    const job = await this.#store.getJob(jobId);
    const chosen = attempt === undefined ? job?.attempts.at(-1) : job?.attempts[attempt - 1];
    if (!chosen)
      throw notFound(attempt === undefined ? `Job ${jobId}` : `Attempt ${attempt} of job ${jobId}`);
    return chosen.logFile;
  }
}
