import type { BuildStatus, JobAttemptDto, JobDto } from '../contract/dto.js';

export interface BuildState {
  readonly status: BuildStatus;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export function currentAttempt(job: JobDto): JobAttemptDto {
  const attempt = job.attempts.at(-1);
  if (!attempt) throw new Error(`job ${job.id} has no attempt`);
  return attempt;
}

/**
 * A build's status, derived from its jobs' current attempts every time so it can never get stuck.
 * A failure shows as soon as any job fails, even while others still run; `error` only when errors are
 * the only failures; `cancelled` only when nothing failed and something was cancelled.
 */
export function buildStatusOf(jobs: readonly JobDto[]): BuildStatus {
  const statuses = jobs.map((job) => currentAttempt(job).status);
  if (statuses.includes('failure')) return 'failure';
  if (statuses.includes('error')) return 'error';
  if (statuses.length === 0 || statuses.some((s) => s === 'queued' || s === 'running')) return 'pending';
  if (statuses.includes('cancelled')) return 'cancelled';
  return 'success';
}

/** Start = earliest start of a current attempt; finish = latest finish, once every job has finished. */
export function buildStateOf(jobs: readonly JobDto[]): BuildState {
  const attempts = jobs.map(currentAttempt);
  const starts = attempts.map((a) => a.startedAt).filter((t): t is string => t !== null);
  const finishes = attempts.map((a) => a.finishedAt);
  const allFinished = finishes.length > 0 && finishes.every((t) => t !== null);
  return {
    status: buildStatusOf(jobs),
    startedAt: starts.length > 0 ? starts.reduce((a, b) => (a < b ? a : b)) : null,
    finishedAt: allFinished ? (finishes as string[]).reduce((a, b) => (a > b ? a : b)) : null,
  };
}
