// Job logs as files, with live fan-out: the JobLogs port. On disk each log is two files under the
// root, `<name>.log` (the raw bytes, ANSI kept, exactly what a terminal replays) and `<name>.log.idx`
// (where each numbered chunk ends; see log-index.ts). Once a log is closed those two files are the
// whole truth: a later process serves it, from any sequence number, without having seen it written.
import { CoreError, type ByteRange, type Disposer, type JobLogs, type LogWriter } from '../core/ports.js';
import { fileSize, inspectClosedLog, readRange } from './backlog-reader.js';
import { readNoteRanges } from './note-ranges.js';
import { FileLogWriter } from './file-log-writer.js';
import { LogChannel } from './log-channel.js';
import { DEFAULT_LOG_LIMITS, type LogLimits } from './log-limits.js';
import { isUnder, logPathsOf, resolveInside, type LogPaths } from './log-paths.js';
import { removeLogsUnder } from './log-removal.js';
import { LogSubscription, type LogSubscriber } from './log-subscription.js';

export interface JobLogFilesOptions {
  /** The folder log names are relative to (log names start with `logs/`, so: the data folder). */
  readonly dir: string;
  /** Told about failures nobody awaits: a disk that refuses a log, a backlog that cannot be read. */
  readonly onError?: (error: unknown) => void;
  /** Memory and batching bounds; the defaults suit real jobs (tests shrink them). */
  readonly limits?: Partial<LogLimits>;
}

/** What this adapter holds in memory right now (for tests and diagnostics). */
export interface JobLogStats {
  readonly writers: number;
  readonly subscriptions: number;
  /** Chunk bytes held by every writer: not yet flushed, or kept for live subscribers. */
  readonly bufferedBytes: number;
}

export class JobLogFiles implements JobLogs {
  readonly #root: string;
  readonly #onError: (error: unknown) => void;
  readonly #limits: LogLimits;
  readonly #channels = new Map<string, LogChannel>();

  constructor(options: JobLogFilesOptions) {
    this.#root = options.dir;
    this.#limits = { ...DEFAULT_LOG_LIMITS, ...options.limits };
    this.#onError = options.onError ?? (() => undefined);
  }

  open(logFile: string, limitBytes: number): LogWriter {
    const paths = logPathsOf(this.#root, logFile);
    if (!Number.isSafeInteger(limitBytes) || limitBytes < 1) {
      throw new CoreError(
        'invalid_arguments',
        `The log size limit must be a positive number of bytes, not ${limitBytes}.`,
      );
    }
    const channel = this.#channel(paths);
    if (channel.writer !== null) {
      throw new CoreError('conflict', `The log ${logFile} is already being written.`);
    }
    const writer: FileLogWriter = new FileLogWriter(paths, limitBytes, this.#limits, {
      appended: () => channel.appended(),
      finished: () => channel.finished(writer),
      failed: (error) => this.#onError(error),
    });
    channel.attach(writer);
    return writer;
  }

  subscribe(logFile: string, fromSeq: number, handlers: LogSubscriber): Disposer {
    const paths = logPathsOf(this.#root, logFile);
    if (!Number.isSafeInteger(fromSeq) || fromSeq < 1) {
      throw new CoreError('invalid_arguments', `Log sequence numbers start at 1, not ${fromSeq}.`);
    }
    const channel = this.#channel(paths);
    const subscription = new LogSubscription(channel, fromSeq, handlers);
    channel.add(subscription);
    subscription.start();
    return () => subscription.dispose();
  }

  /** A log that was never started reads as empty. */
  async read(logFile: string, range: { start?: number; end?: number } = {}): Promise<Buffer> {
    const paths = logPathsOf(this.#root, logFile);
    const start = range.start ?? 0;
    const end = range.end;
    if (!isOffset(start) || (end !== undefined && (!isOffset(end) || end < start))) {
      throw new CoreError('invalid_arguments', `${start}…${end} is not a byte range of a log.`);
    }
    const writer = this.#channels.get(paths.log)?.writer;
    if (writer) return writer.readBytes(start, end);
    const size = (await fileSize(paths.log)) ?? 0;
    return readRange(paths.log, start, Math.min(end ?? size, size));
  }

  /** Where Kozmic's notes lie within bytes [start, end) of a log (absolute offsets). */
  async notes(logFile: string, range: { start: number; end: number }): Promise<ByteRange[]> {
    const paths = logPathsOf(this.#root, logFile);
    const writer = this.#channels.get(paths.log)?.writer;
    if (writer) return writer.readNotes(range.start, range.end);
    const closed = await inspectClosedLog(paths);
    return closed === null ? [] : readNoteRanges(paths, closed, range.start, range.end);
  }

  /** For a log being written: its end so far and the sequence number that follows it; else null. */
  liveEnd(logFile: string): { readonly size: number; readonly nextSeq: number } | null {
    return this.#channels.get(logPathsOf(this.#root, logFile).log)?.writer?.flushedEnd ?? null;
  }

  /** Bytes readable with `read` right now (a running log grows). */
  async size(logFile: string): Promise<number> {
    const paths = logPathsOf(this.#root, logFile);
    const writer = this.#channels.get(paths.log)?.writer;
    if (writer) return writer.flushedSize;
    return (await fileSize(paths.log)) ?? 0;
  }

  async remove(prefix: string): Promise<void> {
    const target = resolveInside(this.#root, prefix);
    const doomed = [...this.#channels.values()].filter((channel) => isUnder(channel.paths.log, target));
    for (const channel of doomed) for (const subscription of [...channel.subscriptions]) subscription.end();
    // Writers stop before the files go, so no late flush recreates a folder that was just removed.
    await Promise.all(doomed.map((channel) => channel.writer?.discard()));
    await removeLogsUnder(target);
  }

  stats(): JobLogStats {
    let writers = 0;
    let subscriptions = 0;
    let bufferedBytes = 0;
    for (const channel of this.#channels.values()) {
      subscriptions += channel.subscriptions.size;
      if (channel.writer === null) continue;
      writers++;
      bufferedBytes += channel.writer.bufferedBytes;
    }
    return { writers, subscriptions, bufferedBytes };
  }

  #channel(paths: LogPaths): LogChannel {
    let channel = this.#channels.get(paths.log);
    if (channel === undefined) {
      channel = new LogChannel(
        paths,
        this.#limits,
        (idle) => {
          if (this.#channels.get(idle.paths.log) === idle) this.#channels.delete(idle.paths.log);
        },
        this.#onError,
      );
      this.#channels.set(paths.log, channel);
    }
    return channel;
  }
}

function isOffset(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
