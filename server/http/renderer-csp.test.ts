import { describe, expect, it } from 'vitest';
import { rendererCsp } from './renderer-csp.js';

const imageSources = (csp: string) =>
  csp
    .split('; ')
    .find((d) => d.startsWith('img-src '))!
    .split(' ')
    .slice(1);

describe('the renderer CSP', () => {
  it('allows images from an http GitHub (Enterprise, the stand-in) by its exact origin', () => {
    expect(imageSources(rendererCsp('http://127.0.0.1:7440/'))).toEqual([
      "'self'",
      'data:',
      'https:',
      'http://127.0.0.1:7440',
    ]);
  });

  it('adds nothing for an https GitHub, which https: covers, nor for a malformed address', () => {
    for (const url of ['https://github.com', 'not a url', null]) {
      expect(imageSources(rendererCsp(url))).toEqual(["'self'", 'data:', 'https:']);
    }
  });

  it('keeps scripts and connections to the page itself', () => {
    const csp = rendererCsp('http://ghe.local');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
