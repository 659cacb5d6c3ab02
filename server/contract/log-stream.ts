// Live job logs over a transport. A viewer subscribes to one attempt's log from a sequence number and
// receives the backlog, then live chunks, then an end mark; after a reconnect it subscribes again from
// the sequence after the last one it saw, and loses nothing and sees nothing twice.

export interface LogSubscribe {
  readonly type: 'log.subscribe';
  /** Chosen by the client; names the subscription in every later frame. */
  readonly id: string;
  readonly jobId: string;
  /** 1-based attempt number; the job's current attempt when omitted. */
  readonly attempt?: number;
  /** First sequence number wanted (1 = from the start). */
  readonly fromSeq: number;
}

export interface LogUnsubscribe {
  readonly type: 'log.unsubscribe';
  readonly id: string;
}

export type LogClientFrame = LogSubscribe | LogUnsubscribe;

export type LogServerFrame =
  /** Raw log bytes (ANSI kept), base64-encoded. */
  | { readonly type: 'log.chunk'; readonly id: string; readonly seq: number; readonly data: string }
  /** The log is complete: nothing more will come for this subscription. */
  | { readonly type: 'log.end'; readonly id: string }
  /** The viewer fell behind; subscribe again from `nextSeq` (the backlog is read from the file). */
  | { readonly type: 'log.gap'; readonly id: string; readonly nextSeq: number }
  | { readonly type: 'log.error'; readonly id: string; readonly message: string };

/** A page of a log's raw bytes, for loading finished logs tail-first and for download. */
export interface LogPageDto {
  /** Base64 of bytes [start, end). */
  readonly data: string;
  readonly start: number;
  readonly end: number;
  /** The whole log's size in bytes right now. */
  readonly size: number;
  /**
   * When the log is still being written and the page reaches its current end: the sequence number to
   * subscribe from to continue exactly after this page. Null otherwise.
   */
  readonly nextSeq: number | null;
}
