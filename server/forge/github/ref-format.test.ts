// refFormatProblem against the real `git check-ref-format` on the same table of refs.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { branchProblem, refFormatProblem } from './ref-format.js';

const refs = [
  'refs/heads/main',
  'refs/heads/feature/x-1',
  'refs/heads/ünïcödé',
  'refs/heads/@',
  'refs/heads/a@b',
  'refs/heads/v1.0',
  'refs/heads/x.lock.y',
  'refs/pull/12/head',
  'refs/heads/',
  'refs/heads//x',
  '/refs/heads/x',
  'refs/heads/x/',
  'refs/heads/x.',
  'refs/heads/a..b',
  'refs/heads/..',
  'refs/heads/.hidden',
  'refs/heads/a/.b',
  'refs/heads/x.lock',
  'refs/heads/a.lock/b',
  'refs/heads/a@{1}',
  'refs/heads/a b',
  'refs/heads/a~1',
  'refs/heads/a^',
  'refs/heads/a:b',
  'refs/heads/a?',
  'refs/heads/a*',
  'refs/heads/a[b',
  'refs/heads/a\\b',
  'refs/heads/tab\there',
  'refs/heads/new\nline',
  'refs/heads/bell\u0007',
  'refs/heads/del\u007f',
  'main',
  '@',
  'refs/heads/-dash',
  'refs/heads/a]b',
  'refs/heads/a{b}',
];

function gitAccepts(ref: string): boolean {
  return spawnSync('git', ['check-ref-format', ref]).status === 0;
}

describe('refFormatProblem', () => {
  it.each(refs)('agrees with git check-ref-format on %j', (ref) => {
    expect(refFormatProblem(ref) === null).toBe(gitAccepts(ref));
  });

  it('names the rule a ref breaks', () => {
    expect(refFormatProblem('refs/heads/')).toBe('it begins or ends with "/"');
    expect(refFormatProblem('refs/heads/a..b')).toBe('it contains ".."');
    expect(refFormatProblem('refs/heads/x.lock')).toBe('a component ends with ".lock" (x.lock)');
    expect(refFormatProblem('refs/heads/a\u0000b')).toBe('it contains a control character');
  });
});

describe('branchProblem', () => {
  it('refuses an empty branch and one longer than GitHub allows', () => {
    expect(branchProblem('')).toBe('it begins or ends with "/"');
    expect(branchProblem('b'.repeat(255))).toBeNull();
    expect(branchProblem('b'.repeat(256))).toMatch(/longer than 255 bytes/);
  });
});
