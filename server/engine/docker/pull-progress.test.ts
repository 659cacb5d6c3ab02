import { describe, expect, it } from 'vitest';
import { PullProgress, type PullEvent } from './pull-progress.js';

function linesOf(events: readonly PullEvent[]): string[] {
  const lines: string[] = [];
  const progress = new PullProgress((line) => lines.push(line));
  for (const event of events) progress.add(event);
  return lines;
}

describe('PullProgress', () => {
  it('reports each layer once per status, with its size, and skips progress ticks', () => {
    const downloading = (current: number): PullEvent => ({
      status: 'Downloading',
      id: 'a1b2c3',
      progressDetail: { current, total: 3_145_728 },
    });
    expect(
      linesOf([
        { status: 'Pulling from kozmic/busybox', id: '1' },
        { status: 'Pulling fs layer', id: 'a1b2c3', progressDetail: {} },
        { status: 'Waiting', id: 'd4e5f6', progressDetail: {} },
        downloading(1000),
        downloading(2000),
        downloading(3000),
        { status: 'Verifying Checksum', id: 'a1b2c3' },
        { status: 'Download complete', id: 'a1b2c3' },
        { status: 'Pull complete', id: 'a1b2c3' },
        { status: 'Digest: sha256:0123' },
        { status: 'Status: Downloaded newer image for 127.0.0.1:5000/kozmic/busybox:1' },
      ]),
    ).toEqual([
      '1: Pulling from kozmic/busybox',
      'a1b2c3: Pulling fs layer',
      'd4e5f6: Waiting',
      'a1b2c3: Downloading (3.1 MB)',
      'a1b2c3: Verifying Checksum',
      'a1b2c3: Download complete',
      'a1b2c3: Pull complete',
      'Digest: sha256:0123',
      'Status: Downloaded newer image for 127.0.0.1:5000/kozmic/busybox:1',
    ]);
  });

  it('counts a retry countdown as one status', () => {
    expect(
      linesOf([
        { status: 'Retrying in 5 seconds', id: 'a' },
        { status: 'Retrying in 4 seconds', id: 'a' },
        { status: 'Downloading', id: 'a' },
      ]),
    ).toEqual(['a: Retrying in 5 seconds', 'a: Downloading']);
  });
});
