// rendererFileFor: the desktop's app://kozmic/ handler's choice of file, and its refusals.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererFileFor } from './renderer-files.js';

const dir = '/opt/kozmic/renderer';

describe('rendererFileFor', () => {
  it.each([
    ['app://kozmic/', join(dir, 'index.html')],
    ['app://kozmic/assets/index-1.js', join(dir, 'assets/index-1.js')],
    ['app://kozmic/projects/p1/builds/2', join(dir, 'index.html')],
    ['app://kozmic/assets/a%20b.css', join(dir, 'assets/a b.css')],
  ])('serves %s from the renderer folder', (url, path) => {
    expect(rendererFileFor(dir, url)).toEqual({ kind: 'file', path });
  });

  it.each(['app://kozmic/%E0%A4%A', 'app://kozmic/assets/%ff', 'app://kozmic/%'])(
    'answers a malformed escape (%s) with 400, not an exception',
    (url) => {
      expect(rendererFileFor(dir, url)).toMatchObject({
        kind: 'refused',
        status: 400,
        message: expect.stringMatching(/percent-escape/),
      });
    },
  );

  it.each([
    'app://kozmic/..%2f..%2fetc/passwd',
    'app://kozmic/%2e%2e%2fsecrets.json',
    'app://other/index.html',
  ])('refuses %s with 403', (url) => {
    expect(rendererFileFor(dir, url)).toMatchObject({ kind: 'refused', status: 403 });
  });
});
