import { describe, expect, it } from 'vitest';
import { elapsed, formatBytes, formatDuration } from './durations.js';

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
