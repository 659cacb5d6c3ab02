import { describe, expect, it } from 'vitest';
import { tabTitle } from './tab-title.js';

describe('the tab title', () => {
  it('carries the build shown and its state', () => {
    const build = { number: 5, status: 'pending' as const, startedAt: '2026-01-01T00:00:00Z' };
    expect(tabTitle({ projectName: 'hello-world', build })).toBe('● #5 running · hello-world');
    expect(tabTitle({ projectName: 'hello-world', build: { ...build, startedAt: null } })).toBe(
      '○ #5 queued · hello-world',
    );
    expect(tabTitle({ projectName: 'app', build: { ...build, status: 'failure' } })).toBe(
      '✗ #5 failed · app',
    );
    expect(tabTitle({ projectName: 'app', build: { ...build, status: 'success' } })).toBe(
      '✓ #5 passed · app',
    );
  });

  it('marks a project with its latest build, and is plain Kozmic elsewhere', () => {
    const latest = { number: 2, status: 'success' as const, startedAt: null };
    expect(tabTitle({ projectName: 'app', latest })).toBe('✓ app · Kozmic');
    expect(tabTitle({ projectName: 'app', latest: null })).toBe('app · Kozmic');
    expect(tabTitle({})).toBe('Kozmic');
  });
});
