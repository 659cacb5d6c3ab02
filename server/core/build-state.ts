import type { BuildProgress, BuildStatus, JobAttemptDto, JobDto } from '../contract/dto.js';

export interface BuildState {
  readonly status: BuildStatus;
  readonly progress: BuildProgress;
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

/** Running while any job runs; queued while jobs wait and none runs; finished once every job ended. */
export function buildProgressOf(jobs: readonly JobDto[]): BuildProgress {
  const statuses = jobs.map((job) => currentAttempt(job).status);
  if (statuses.includes('running')) return 'running';
  if (statuses.length === 0 || statuses.includes('queued')) return 'queued';
  return 'finished';
}

/**
 * What "took" spans: from the first start to the last end of the jobs' current attempts, so it depends
 * only on those attempts and never on when it is read. The finish is known once every job ended (a
 * running or queued build has none); a job cancelled before it started adds no time, unless no job
 * ever started.
 */
export function buildStateOf(jobs: readonly JobDto[]): BuildState {
  const attempts = jobs.map(currentAttempt);
  const started = attempts.filter((a) => a.startedAt !== null);
  const progress = buildProgressOf(jobs);
  const ends = (started.length > 0 ? started : attempts).map((a) => a.finishedAt!);
  return {
    status: buildStatusOf(jobs),
    progress,
    startedAt: earliest(started.map((a) => a.startedAt!)),
    finishedAt: progress === 'finished' ? latest(ends) : null,
  };
}

function earliest(times: readonly string[]): string | null {
  return times.length > 0 ? times.reduce((a, b) => (a < b ? a : b)) : null;
}

function latest(times: readonly string[]): string | null {
  return times.length > 0 ? times.reduce((a, b) => (a > b ? a : b)) : null;
}
