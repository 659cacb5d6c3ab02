import { describe, expect, it } from 'vitest';
import { SourceError } from '../core/ports.js';
import { checkCloneUrl, checkRef, checkSha, localRefOf, mirrorPathOf } from './mirror-names.js';

describe('mirror names', () => {
  it('accepts only store-style project ids as mirror names', () => {
    expect(mirrorPathOf('/data/git', 'abc123')).toMatch(/abc123\.git$/);
    for (const id of ['', '../x', 'a/b', 'A', 'a.b', '-x', 'a'.repeat(65)]) {
      expect(() => mirrorPathOf('/data/git', id), id).toThrow(SourceError);
    }
  });

  it('accepts only full commit ids', () => {
    expect(() => checkSha('a'.repeat(40))).not.toThrow();
    expect(() => checkSha('b'.repeat(64))).not.toThrow();
    for (const sha of ['a'.repeat(39), 'A'.repeat(40), 'HEAD', '--output=x', `${'a'.repeat(40)}^{tree}`]) {
      expect(() => checkSha(sha), sha).toThrow(SourceError);
    }
  });

  it('accepts full ref names the way git check-ref-format does', () => {
    for (const ref of [
      'refs/heads/main',
      'refs/pull/7/head',
      'refs/heads/feature/ünï-1.2',
      'refs/heads/a@b',
    ]) {
      expect(() => checkRef(ref), ref).not.toThrow();
    }
    const bad = [
      'main',
      'refs/heads/a..b',
      'refs/heads/a b',
      'refs/heads/a:b',
      'refs/heads/x.lock',
      'refs/heads/.x',
      'refs/heads/a/',
      'refs/heads//a',
      'refs/heads/a@{1}',
      'refs/heads/a*',
      'refs/heads/a\\b',
      'refs/heads/a.',
      '-refs/x',
    ];
    for (const ref of bad) expect(() => checkRef(ref), ref).toThrow(SourceError);
  });

  it('keeps each fetched ref under one flat, distinct name', () => {
    expect(localRefOf('refs/heads/main')).toBe('refs/kozmic/refs%2Fheads%2Fmain');
    expect(localRefOf('refs/heads/a/b')).not.toBe(localRefOf('refs/heads/a%2Fb'));
    expect(localRefOf('refs/heads/a/b').split('/')).toHaveLength(3);
  });

  it('accepts HTTP(S) clone URLs without credentials only', () => {
    expect(() => checkCloneUrl('https://github.com/o/r.git')).not.toThrow();
    expect(() => checkCloneUrl('http://127.0.0.1:8080/r.git')).not.toThrow();
    for (const url of [
      'git@github.com:o/r.git',
      'ext::sh -c touch% /tmp/pwned',
      'file:///etc',
      'https://u:p@github.com/o/r.git',
    ]) {
      expect(() => checkCloneUrl(url), url).toThrow(SourceError);
    }
    expect(() => checkCloneUrl('https://x-access-token:ghs_secret@github.com/o/r.git')).toThrow(
      /must not contain credentials/,
    );
  });
});
