import type { JobStatus } from '../../contract/dto.js';

/** How an attempt ended, before it is written to the store. */
export interface AttemptOutcome {
  readonly status: Exclude<JobStatus, 'queued' | 'running'>;
  readonly exitCode: number | null;
  readonly reason: string | null;
}

/** Thrown inside an attempt to end it early with a known outcome (cancel, stall, infrastructure error). */
export class AttemptStopped extends Error {
  readonly outcome: AttemptOutcome;

  constructor(outcome: AttemptOutcome) {
    super(outcome.reason ?? outcome.status);
    this.outcome = outcome;
  }
}

export const errorOutcome = (reason: string): AttemptOutcome => ({ status: 'error', exitCode: null, reason });

/** The job log's last line. */
export function closingLine(outcome: AttemptOutcome): string {
  switch (outcome.status) {
    case 'success':
      return 'Job succeeded.';
    case 'failure':
      return `Job failed: ${outcome.reason}`;
    case 'cancelled':
      return 'Job cancelled.';
    case 'error':
      return `Job ended with an error: ${outcome.reason}`;
  }
}
