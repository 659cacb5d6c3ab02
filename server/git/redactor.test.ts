import { describe, expect, it } from 'vitest';
import { redactorFor } from './redactor.js';

describe('redactorFor', () => {
  const redact = redactorFor({ username: 'x-access-token', password: 'ghs_s3cr3t/+=' });

  it('removes the password, the user:password pair and its base64 and URL-encoded forms', () => {
    const pair = 'x-access-token:ghs_s3cr3t/+=';
    const text = [
      pair,
      Buffer.from(pair).toString('base64'),
      'ghs_s3cr3t/+=',
      encodeURIComponent('ghs_s3cr3t/+='),
    ].join(' | ');
    expect(redact(text)).toBe('*** | *** | *** | ***');
  });

  it('leaves other text alone, and does nothing without credentials', () => {
    expect(redact('fatal: repository not found')).toBe('fatal: repository not found');
    expect(redactorFor(null)('ghs_s3cr3t')).toBe('ghs_s3cr3t');
    expect(redactorFor({ username: '', password: '' })('abc')).toBe('abc');
  });
});
