// Job logs for viewers: pages of a log's bytes (tail first for finished logs, and downloads), and
// live subscriptions that transports (WebSocket, IPC) relay frame by frame.
import type { LogPageDto, LogServerFrame, LogSubscribe } from '../contract/log-stream.js';
import { notFound } from './errors.js';
import type { Disposer, JobLogs, Store } from './ports.js';

const tailBytes = 256 * 1024;
const maxPageBytes = 1024 * 1024;

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
    const from = Math.min(start ?? Math.max(0, (end ?? size) - tailBytes), size);
    const to = Math.min(end ?? size, size, from + maxPageBytes);
    const data = to > from ? await this.#logs.read(file, { start: from, end: to }) : Buffer.alloc(0);
    const reachesEnd = from + data.length === size;
    return {
      data: data.toString('base64'),
      start: from,
      end: from + data.length,
      size,
      nextSeq: live && reachesEnd ? live.nextSeq : null,
    };
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
        send({ type: 'log.chunk', id, seq: chunk.seq, data: chunk.data.toString('base64') }),
      onEnd: () => send({ type: 'log.end', id }),
      onGap: (nextSeq) => send({ type: 'log.gap', id, nextSeq }),
      ...(bufferedBytes ? { bufferedBytes } : {}),
    });
  }

  async #logFile(jobId: string, attempt?: number): Promise<string> {
    const job = await this.#store.getJob(jobId);
    const chosen = attempt === undefined ? job?.attempts.at(-1) : job?.attempts[attempt - 1];
    if (!chosen)
      throw notFound(attempt === undefined ? `Job ${jobId}` : `Attempt ${attempt} of job ${jobId}`);
    return chosen.logFile;
  }
}
