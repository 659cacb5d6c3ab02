import { describe, expect, it } from 'vitest';
import type { HookDefinition } from '../contract/dto.js';
import { CoreError } from './errors.js';
import { isImageReference, normaliseHookDefinition, normaliseScript, normaliseTrackedFiles } from './hook-definition.js';

const valid: HookDefinition = {
  title: 'Tests',
  image: 'debian:bookworm',
  installScript: '',
  buildScript: '#!/bin/sh\necho "It works!"',
  trackedFiles: [],
};

describe('normaliseHookDefinition', () => {
  it('stores scripts with LF line ends and no final newline', () => {
    const hook = normaliseHookDefinition({ ...valid, buildScript: 'make\r\nmake test\r\n', installScript: 'a\rb\n' });
    expect(hook.buildScript).toBe('make\nmake test');
    expect(hook.installScript).toBe('a\nb');
  });

  it('trims the title and image', () => {
    expect(normaliseHookDefinition({ ...valid, title: '  Unit  ', image: ' node:20 ' })).toMatchObject({
      title: 'Unit',
      image: 'node:20',
    });
  });

  it('lists every missing required field as "This field is required."', () => {
    try {
      normaliseHookDefinition({ ...valid, title: ' ', image: '', buildScript: '\r\n' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CoreError);
      const e = error as CoreError;
      expect(e.code).toBe('invalid_arguments');
      expect(e.issues).toEqual([
        { path: 'title', message: 'This field is required.' },
        { path: 'image', message: 'This field is required.' },
        { path: 'buildScript', message: 'This field is required.' },
      ]);
    }
  });

  it('refuses an image reference Docker would refuse', () => {
    expect(() => normaliseHookDefinition({ ...valid, image: 'Debian Bookworm' })).toThrow(/not a Docker image reference/);
  });
});

describe('normaliseTrackedFiles', () => {
  it('normalises, de-duplicates and keeps case, as the original did', () => {
    const issues: { path: string; message: string }[] = [];
    const paths = normaliseTrackedFiles(
      ['./requirements/basic.txt', 'requirements/basic.txt', '././a/../requirements/dev.txt', '', 'Pumpurum.txt', 'pumpurum.txt'],
      issues,
    );
    expect(paths).toEqual(['requirements/basic.txt', 'requirements/dev.txt', 'Pumpurum.txt', 'pumpurum.txt']);
    expect(issues).toEqual([]);
  });

  it('accepts one path per line, directories with a trailing slash, and the root', () => {
    expect(normaliseTrackedFiles(['Gemfile\r\nvendor/\n\n.'], [])).toEqual(['Gemfile', 'vendor', '.']);
  });

  it('refuses paths outside the repository', () => {
    const issues: { path: string; message: string }[] = [];
    expect(normaliseTrackedFiles(['../secret', '/etc/passwd', 'a/../../b'], issues)).toEqual([]);
    expect(issues).toHaveLength(3);
  });
});

describe('isImageReference', () => {
  it.each(['debian', 'debian:bookworm', 'library/node:20-alpine', 'localhost:5000/team/base:1', 'ghcr.io/o/r@sha256:' + 'a'.repeat(64)])(
    'accepts %s',
    (ref) => expect(isImageReference(ref)).toBe(true),
  );
  it.each(['', 'UPPER', 'a b', 'x:', ':tag', 'a//b'])('refuses %j', (ref) => expect(isImageReference(ref)).toBe(false));
});

describe('normaliseScript', () => {
  it('drops only one trailing newline', () => {
    expect(normaliseScript('a\n\n')).toBe('a\n');
  });
});
