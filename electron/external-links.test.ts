// mayOpenExternally: the desktop's policy for links opened in the system browser.
import { describe, expect, it } from 'vitest';
import { mayOpenExternally } from './external-links.js';

describe('mayOpenExternally', () => {
  it.each([
    ['https://github.com/octocat/hello/commit/abc', 'https://github.com'],
    ['https://example.org/docs', 'https://github.com'],
    ['http://ghe.lan:8080/octocat/app', 'http://ghe.lan:8080'],
    ['http://ghe.lan:8080/octocat/app', 'http://ghe.lan:8080/'],
  ])('opens %s (GitHub at %s)', (url, github) => {
    expect(mayOpenExternally(url, github)).toBe(true);
  });

  it.each([
    ['http://example.org/', 'https://github.com'],
    ['http://github.com/octocat', 'https://github.com'],
    ['http://ghe.lan/octocat', 'http://ghe.lan:8080'],
    ['http://ghe.lan.evil.test:8080/', 'http://ghe.lan:8080'],
    ['file:///etc/passwd', 'https://github.com'],
    ['javascript:alert(1)', 'https://github.com'],
    ['smb://host/share', 'https://github.com'],
    ['ms-settings:privacy', 'https://github.com'],
    ['https://user:pass@github.com/', 'https://github.com'],
    ['not a url', 'https://github.com'],
    ['http://ghe.lan:8080/', 'not a url'],
  ])('refuses %s (GitHub at %s)', (url, github) => {
    expect(mayOpenExternally(url, github)).toBe(false);
  });
});
