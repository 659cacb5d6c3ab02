import { describe, expect, it } from 'vitest';
import { isFailing, shownBuildStatus } from './status-labels.js';

describe('a build’s shown status', () => {
  it.each([
    [{ status: 'pending', progress: 'queued' }, 'queued', false],
    [{ status: 'pending', progress: 'running' }, 'running', false],
    // A job failed fast while others still run: Running, with the failing hint.
    [{ status: 'failure', progress: 'running' }, 'running', true],
    [{ status: 'error', progress: 'running' }, 'running', true],
    [{ status: 'failure', progress: 'finished' }, 'failure', false],
    [{ status: 'success', progress: 'finished' }, 'success', false],
  ] as const)('%o → %s (failing: %s)', (build, shown, failing) => {
    expect(shownBuildStatus(build)).toBe(shown);
    expect(isFailing(build)).toBe(failing);
  });
});
