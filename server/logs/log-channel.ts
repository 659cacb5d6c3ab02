// Everything this process holds for one log: its writer while it is written, and its subscribers.
// New chunks are handed to live subscribers on a microtask, once per burst of writes: the writer's
// caller never runs subscriber code, and many small writes cost one pass over the subscribers.
import type { FileLogWriter } from './file-log-writer.js';
import type { LogLimits } from './log-limits.js';
import type { LogPaths } from './log-paths.js';
import type { LogSource, LogSubscription } from './log-subscription.js';

export class LogChannel implements LogSource {
  readonly paths: LogPaths;
  readonly limits: LogLimits;
  readonly subscriptions = new Set<LogSubscription>();
  #writer: FileLogWriter | null = null;
  #pumpQueued = false;
  readonly #onIdle: (channel: LogChannel) => void;
  readonly #onError: (error: unknown) => void;

  constructor(
    paths: LogPaths,
    limits: LogLimits,
    onIdle: (channel: LogChannel) => void,
    onError: (error: unknown) => void,
  ) {
    this.paths = paths;
    this.limits = limits;
    this.#onIdle = onIdle;
    this.#onError = onError;
  }

  get writer(): FileLogWriter | null {
    return this.#writer;
  }

  /** A new writer truncates the log: whoever was reading the old one is ended first. */
  attach(writer: FileLogWriter): void {
    for (const subscription of [...this.subscriptions]) subscription.end();
    this.#writer = writer;
  }

  appended(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    queueMicrotask(() => {
      this.#pumpQueued = false;
      for (const subscription of [...this.subscriptions]) subscription.pump();
    });
  }

  finished(writer: FileLogWriter): void {
    if (this.#writer !== writer) return;
    for (const subscription of [...this.subscriptions]) subscription.writerFinished();
    this.#writer = null;
    this.#releaseIfIdle();
  }

  add(subscription: LogSubscription): void {
    this.subscriptions.add(subscription);
  }

  forget(subscription: LogSubscription): void {
    this.subscriptions.delete(subscription);
    this.#releaseIfIdle();
  }

  report(error: unknown): void {
    this.#onError(error);
  }

  #releaseIfIdle(): void {
    if (this.#writer === null && this.subscriptions.size === 0) this.#onIdle(this);
  }
}
