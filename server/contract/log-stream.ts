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

/**
 * Byte ranges [start, end) that are Kozmic's own notes ("» Running the build script"), not the job's
 * output. Notes travel beside the bytes, never inside them, so no output can pass for one.
 */
export type NoteRanges = readonly (readonly [start: number, end: number])[];

export type LogServerFrame =
  /** Raw log bytes (ANSI kept), base64-encoded; `notes` (within `data`) absent when there are none. */
  | {
      readonly type: 'log.chunk';
      readonly id: string;
      readonly seq: number;
      readonly data: string;
      readonly notes?: NoteRanges;
    }
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
  /** Where Kozmic's notes lie within [start, end) (offsets in the log, not in the page). */
  readonly notes: NoteRanges;
}

/** One line of a log that a search found. */
export interface LogMatchDto {
  /** 1-based line number in the log file. */
  readonly line: number;
  /** Byte offset where the line starts, and where it ends (before its line break). */
  readonly start: number;
  readonly end: number;
  /** The line as plain text (escape sequences removed), shortened when very long. */
  readonly text: string;
}

/** Where a search stopped, to continue from there. */
export interface LogSearchCursor {
  /** Byte offset of a line start. */
  readonly offset: number;
  /** That line's 1-based number. */
  readonly line: number;
}

export interface LogSearchDto {
  readonly matches: readonly LogMatchDto[];
  /** Null when the whole log was searched; else where to continue (the result or time bound was hit). */
  readonly next: LogSearchCursor | null;
  /** The log's size in bytes when it was searched. */
  readonly size: number;
}

/** The line most likely to say why a job failed. */
export interface LogFailureDto {
  /**
   * `error`: the first line that looks like a failure (error, FAIL, Traceback, Permission denied, …);
   * `last-output`: no such line, so the job's last output before it ended; `none`: no output at all.
   */
  readonly kind: 'error' | 'last-output' | 'none';
  readonly match: LogMatchDto | null;
  /** False when the time bound stopped the search before the end of the log. */
  readonly complete: boolean;
}
