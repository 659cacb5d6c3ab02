import { describe, expect, it } from 'vitest';
import { buildRunningFor, buildTook, elapsed, formatBytes, formatDuration } from './durations.js';

describe('durations', () => {
  it('formats durations and byte counts for people', () => {
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(elapsed(null, null, 0)).toBeNull();
    expect(elapsed('2024-01-01T00:00:00Z', '2024-01-01T00:01:01Z', 0)).toBe('1m 01s');
    expect(formatBytes(2048)).toBe('2.0 KB');
  });
});

describe('what a build took', () => {
  const base = { startedAt: '2024-01-01T00:00:00Z', finishedAt: '2024-01-01T00:00:20Z' };

  it('is the span the server derived, once the build finished, whenever it is read', () => {
    expect(buildTook({ ...base, progress: 'finished' })).toBe('20s');
    expect(buildTook({ ...base, progress: 'finished' })).toBe('20s');
  });

  it('is nothing while a build runs or waits (a restarted job included)', () => {
    expect(buildTook({ startedAt: base.startedAt, finishedAt: null, progress: 'running' })).toBeNull();
    // A restart's job waiting while another's old times remain: neither a "took" nor a running clock.
    expect(buildTook({ ...base, finishedAt: null, progress: 'queued' })).toBeNull();
    expect(
      buildRunningFor({ startedAt: base.startedAt, progress: 'queued' }, Date.parse(base.finishedAt)),
    ).toBeNull();
    expect(
      buildRunningFor({ startedAt: base.startedAt, progress: 'running' }, Date.parse('2024-01-01T00:00:44Z')),
    ).toBe('44s');
  });
});
