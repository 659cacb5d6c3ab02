import type { BuildStatus, BuildSummaryDto, JobStatus } from '../../../server/contract/dto.js';

export type AnyStatus = BuildStatus | JobStatus;

const labels: Record<AnyStatus, string> = {
  pending: 'Pending',
  queued: 'Queued',
  running: 'Running',
  success: 'Passed',
  failure: 'Failed',
  error: 'Errored',
  cancelled: 'Cancelled',
};

export function statusLabel(status: AnyStatus): string {
  return labels[status];
}

/** The colour family a status is drawn in (a CSS class). */
export function statusTone(status: AnyStatus | null): 'ok' | 'fail' | 'pending' | 'neutral' {
  switch (status) {
    case 'success':
      return 'ok';
    case 'failure':
    case 'error':
      return 'fail';
    case 'pending':
    case 'queued':
    case 'running':
      return 'pending';
    default:
      return 'neutral';
  }
}

export function isFinished(status: JobStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

/** True while something is still to happen: a running or waiting job, a build not yet finished. */
export function isUnderway(status: AnyStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'pending';
}

type BuildProgressView = Pick<BuildSummaryDto, 'status' | 'progress'>;

/**
 * What a build's badge says: Running while any job runs (a failure so far shows as a hint beside it,
 * see `isFailing`), Queued while its jobs wait, and its outcome once every job ended.
 */
export function shownBuildStatus(build: BuildProgressView): AnyStatus {
  if (build.progress === 'running') return 'running';
  if (build.progress === 'queued') return 'queued';
  return build.status;
}

/** A job of this unfinished build already failed: it will fail, though it still runs. */
export function isFailing(build: BuildProgressView): boolean {
  return build.progress !== 'finished' && (build.status === 'failure' || build.status === 'error');
}
