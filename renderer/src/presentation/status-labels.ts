import type { BuildStatus, JobStatus } from '../../../server/contract/dto.js';

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
