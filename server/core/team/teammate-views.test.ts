// What a teammate receives of the server's status, by command and by event.
import { describe, expect, it } from 'vitest';
import type { AppStatusDto } from '../../contract/dto.js';
import { operator, type Caller } from '../ports.js';
import { eventFor, statusFor } from './teammate-views.js';

const teammate: Caller = { kind: 'teammate', githubId: 3, sessionId: 's3' };
const status: AppStatusDto = {
  version: '1.0.0',
  host: 'headless',
  dataDir: '/srv/kozmic',
  docker: {
    reachable: false,
    endpoint: 'unix:///var/run/docker.sock',
    version: null,
    apiVersion: null,
    problem: 'connect ENOENT /var/run/docker.sock',
  },
  webhooks: { publicUrl: null, reachable: false, problem: 'No public URL is set.', checkedAt: null },
  tunnel: { wanted: false, state: 'off', url: null, problem: null },
  startedAt: '2026-01-01T00:00:00.000Z',
} as unknown as AppStatusDto;

describe('teammate views', () => {
  it('leaves the operator everything', () => {
    expect(statusFor(operator, status)).toBe(status);
    expect(eventFor(operator, 'app.status', status)).toBe(status);
  });

  it('keeps the data folder and the Docker endpoint from a teammate, in commands and events', () => {
    for (const seen of [statusFor(teammate, status), eventFor(teammate, 'app.status', status)]) {
      expect(seen.dataDir).toBeNull();
      expect(seen.docker.endpoint).toBeNull();
      expect(seen.docker.reachable).toBe(false);
      expect(JSON.stringify(seen)).not.toMatch(/docker\.sock|\/srv\/kozmic/);
    }
  });
});
