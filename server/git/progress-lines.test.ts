import { describe, expect, it } from 'vitest';
import { ProgressLines } from './progress-lines.js';

function collect(now: () => number = () => 0) {
  const lines: string[] = [];
  return { lines, progress: new ProgressLines((line) => lines.push(line), now) };
}

describe('ProgressLines', () => {
  it('splits on \\r and \\n across chunks, trims redraw padding and drops blank lines', () => {
    const { lines, progress } = collect();
    progress.push(Buffer.from('remote: Enumerating objects: 7, done.        \nFrom http://x/'));
    progress.push(Buffer.from('demo\r\n\n * [new branch]      main -> refs/kozmic/main\n'));
    progress.end();
    expect(lines).toEqual([
      'remote: Enumerating objects: 7, done.',
      'From http://x/demo',
      ' * [new branch]      main -> refs/kozmic/main',
    ]);
  });

  it("keeps a phase's first and final counter and samples the redraws in between once a second", () => {
    let clock = 0;
    const { lines, progress } = collect(() => clock);
    for (let percent = 0; percent <= 100; percent++) {
      clock += 50;
      progress.push(Buffer.from(`Receiving objects: ${String(percent).padStart(3)}% (${percent}/100)\r`));
    }
    progress.push(Buffer.from('Receiving objects: 100% (100/100), 1.2 MiB | 3 MiB/s, done.\n'));
    progress.push(Buffer.from('Resolving deltas:   0% (0/4)\rResolving deltas: 100% (4/4), done.\n'));
    expect(lines[0]).toBe('Receiving objects:   0% (0/100)');
    expect(lines).toContain('Receiving objects:  20% (20/100)');
    expect(lines.length).toBeLessThan(10);
    expect(lines.slice(-3)).toEqual([
      'Receiving objects: 100% (100/100), 1.2 MiB | 3 MiB/s, done.',
      'Resolving deltas:   0% (0/4)',
      'Resolving deltas: 100% (4/4), done.',
    ]);
  });

  it('drops exact repeats and emits an unterminated last line at the end', () => {
    const { lines, progress } = collect();
    progress.push(Buffer.from('warning: same\nwarning: same\nfatal: no newline'));
    expect(lines).toEqual(['warning: same']);
    progress.end();
    expect(lines).toEqual(['warning: same', 'fatal: no newline']);
  });

  it('does not split a UTF-8 character cut between chunks', () => {
    const { lines, progress } = collect();
    const bytes = Buffer.from('From https://example.com/ünï\n');
    progress.push(bytes.subarray(0, 26)); // inside the ü
    progress.push(bytes.subarray(26));
    expect(lines).toEqual(['From https://example.com/ünï']);
  });
});
