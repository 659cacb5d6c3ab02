import { describe, expect, it } from 'vitest';
import { explicitReference, parseImageReference } from './image-reference.js';

describe('parseImageReference', () => {
  it.each([
    ['busybox', 'busybox', null, null],
    ['busybox:1', 'busybox', '1', null],
    ['kozmic-test/debian:12', 'kozmic-test/debian', '12', null],
    ['127.0.0.1:5000/kozmic/busybox:1', '127.0.0.1:5000/kozmic/busybox', '1', null],
    ['127.0.0.1:5000/kozmic/busybox', '127.0.0.1:5000/kozmic/busybox', null, null],
    ['localhost:5000/x@sha256:abc', 'localhost:5000/x', null, 'sha256:abc'],
    ['ghcr.io/o/r:v1@sha256:abc', 'ghcr.io/o/r', 'v1', 'sha256:abc'],
  ])('%s', (reference, repository, tag, digest) => {
    expect(parseImageReference(reference)).toEqual({ repository, tag, digest });
  });
});

describe('explicitReference', () => {
  it('adds latest only when neither tag nor digest is given', () => {
    expect(explicitReference(parseImageReference('127.0.0.1:5000/x'))).toBe('127.0.0.1:5000/x:latest');
    expect(explicitReference(parseImageReference('debian:12'))).toBe('debian:12');
    expect(explicitReference(parseImageReference('r:v1@sha256:abc'))).toBe('r@sha256:abc');
  });
});
