import { describe, expect, it } from 'vitest';
import type { JobAttemptDto, JobDto, JobStatus } from '../contract/dto.js';
import { buildStateOf, buildStatusOf } from './build-state.js';

function job(number: number, ...statuses: JobStatus[]): JobDto {
  const attempts: JobAttemptDto[] = statuses.map((status, i) => ({
    attempt: i + 1,
    status,
    queuedAt: '2026-01-01T00:00:00.000Z',
    startedAt: status === 'queued' ? null : `2026-01-01T00:0${number}:00.000Z`,
    finishedAt: ['queued', 'running'].includes(status) ? null : `2026-01-01T00:1${number}:00.000Z`,
    exitCode: null,
    reason: null,
    cacheHit: null,
    cacheReason: null,
    cacheKeyInputs: null,
    cacheImageId: null,
    logFile: `logs/p/1/${number}-${i + 1}.log`,
  }));
  const definition = { title: `hook ${number}`, image: 'debian', installScript: '', buildScript: 'true', trackedFiles: [] };
  return { id: `p.1.${number}`, projectId: 'p', buildNumber: 1, number, hookId: `h${number}`, definition, deliveryId: null, attempts };
}

describe('buildStatusOf', () => {
  it.each<[string, JobDto[], string]>([
    ['no jobs yet', [], 'pending'],
    ['all queued', [job(1, 'queued'), job(2, 'queued')], 'pending'],
    ['one running, one passed', [job(1, 'running'), job(2, 'success')], 'pending'],
    ['all passed', [job(1, 'success'), job(2, 'success')], 'success'],
    ['a failure while another still runs', [job(1, 'failure'), job(2, 'running')], 'failure'],
    ['failure outranks error', [job(1, 'error'), job(2, 'failure')], 'failure'],
    ['only errors failed', [job(1, 'error'), job(2, 'success')], 'error'],
    ['cancelled and passed', [job(1, 'cancelled'), job(2, 'success')], 'cancelled'],
    ['a restarted job counts by its newest attempt', [job(1, 'failure', 'success'), job(2, 'success')], 'success'],
    ['a restart of a passed job makes it pending again', [job(1, 'success', 'queued')], 'pending'],
  ])('%s → %s', (_name, jobs, expected) => {
    expect(buildStatusOf(jobs)).toBe(expected);
  });
});

describe('buildStateOf', () => {
  it('starts at the earliest start and finishes at the latest finish once all have finished', () => {
    expect(buildStateOf([job(2, 'success'), job(1, 'failure')])).toEqual({
      status: 'failure',
      startedAt: '2026-01-01T00:01:00.000Z',
      finishedAt: '2026-01-01T00:12:00.000Z',
    });
  });

  it('has no finish while a job runs', () => {
    expect(buildStateOf([job(1, 'success'), job(2, 'running')]).finishedAt).toBeNull();
  });
});
