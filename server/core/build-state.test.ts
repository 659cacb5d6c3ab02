import { describe, expect, it } from 'vitest';
import type { JobAttemptDto, JobDto, JobStatus } from '../contract/dto.js';
import { buildProgressOf, buildStateOf, buildStatusOf } from './build-state.js';

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
      progress: 'finished',
      startedAt: '2026-01-01T00:01:00.000Z',
      finishedAt: '2026-01-01T00:12:00.000Z',
    });
  });

  it('has no finish while a job runs', () => {
    expect(buildStateOf([job(1, 'success'), job(2, 'running')]).finishedAt).toBeNull();
  });
});

/** An attempt from `start` to `end` seconds after 00:00 (null: not yet). */
function attempt(n: number, status: JobStatus, start: number | null, end: number | null): JobAttemptDto {
  const at = (s: number | null) => (s === null ? null : new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString());
  return {
    attempt: n,
    status,
    queuedAt: at(0)!,
    startedAt: at(start),
    finishedAt: at(end),
    exitCode: null,
    reason: null,
    cacheHit: null,
    cacheReason: null,
    cacheKeyInputs: null,
    cacheImageId: null,
    logFile: `logs/p/1/x-${n}.log`,
  };
}

function jobOf(number: number, ...attempts: JobAttemptDto[]): JobDto {
  return { ...job(number, 'queued'), attempts };
}

const tookSeconds = (jobs: JobDto[]): number | null => {
  const { startedAt, finishedAt } = buildStateOf(jobs);
  return startedAt && finishedAt ? (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000 : null;
};

describe('buildProgressOf', () => {
  it.each<[string, JobDto[], string]>([
    ['no jobs yet', [], 'queued'],
    ['all queued', [job(1, 'queued'), job(2, 'queued')], 'queued'],
    ['one runs, one waits', [job(1, 'running'), job(2, 'queued')], 'running'],
    ['one failed, others still run', [job(1, 'failure'), job(2, 'running'), job(3, 'running')], 'running'],
    ['a restarted job waits, the others ended', [job(1, 'success', 'queued'), job(2, 'success')], 'queued'],
    ['all ended', [job(1, 'failure'), job(2, 'success')], 'finished'],
  ])('%s → %s', (_name, jobs, expected) => {
    expect(buildProgressOf(jobs)).toBe(expected);
  });
});

describe('what a build "took"', () => {
  it('spans the first start to the last end of the current attempts, through a restart', () => {
    const a1 = attempt(1, 'success', 0, 20);
    const b1 = attempt(1, 'failure', 2, 15);
    expect(tookSeconds([jobOf(1, a1), jobOf(2, b1)])).toBe(20);
    // Restarted: while it waits or runs the build took nothing yet.
    expect(tookSeconds([jobOf(1, a1), jobOf(2, b1, attempt(2, 'queued', null, null))])).toBeNull();
    expect(buildStateOf([jobOf(1, a1), jobOf(2, b1, attempt(2, 'running', 60, null))]).progress).toBe('running');
    expect(tookSeconds([jobOf(1, a1), jobOf(2, b1, attempt(2, 'running', 60, null))])).toBeNull();
    // Once it ended: first start (0) to last end (73) of the current attempts, read any number of times.
    const after = [jobOf(1, a1), jobOf(2, b1, attempt(2, 'success', 60, 73))];
    expect(tookSeconds(after)).toBe(73);
    expect(tookSeconds(after)).toBe(73);
  });

  it('adds no time for a job cancelled before it started', () => {
    const ran = attempt(1, 'success', 0, 20);
    const cancelledLater = attempt(1, 'cancelled', null, 300);
    expect(tookSeconds([jobOf(1, ran), jobOf(2, cancelledLater)])).toBe(20);
    expect(buildStateOf([jobOf(2, cancelledLater)])).toMatchObject({ progress: 'finished', startedAt: null });
  });
});
