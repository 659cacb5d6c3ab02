import { describe, expect, it } from 'vitest';
import { fetchFailureMessage } from './fetch-failure.js';
import { redactorFor } from './redactor.js';

const plain = redactorFor(null);

describe('fetchFailureMessage', () => {
  it.each([
    [
      "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
      /^Authentication failed.*Sign in again/,
    ],
    ["fatal: Authentication failed for 'https://github.com/o/r.git/'", /^Authentication failed/],
    [
      "fatal: unable to access 'https://github.com/o/r.git/': The requested URL returned error: 403",
      /^GitHub denied access/,
    ],
    [
      "remote: Repository not found.\nfatal: repository 'https://github.com/o/r.git/' not found",
      /^Repository not found/,
    ],
    ["fatal: couldn't find remote ref refs/heads/gone", /^The ref no longer exists/],
    [
      "fatal: unable to access 'https://github.com/o/r.git/': Could not resolve host: github.com",
      /^GitHub could not be reached/,
    ],
    ['error: something new', /^git fetch of refs\/heads\/main failed\./],
  ])('explains %j', (stderr, advice) => {
    const message = fetchFailureMessage('refs/heads/main', stderr, plain);
    expect(message).toMatch(advice);
    expect(message).toContain(stderr.split('\n').at(-1));
  });

  it('leaves progress redraws out and credentials redacted', () => {
    const stderr = 'Receiving objects:  50% (1/2)\rfatal: token ghs_abc rejected\n';
    const message = fetchFailureMessage(
      'refs/heads/main',
      stderr,
      redactorFor({ username: 'x', password: 'ghs_abc' }),
    );
    expect(message).not.toContain('Receiving');
    expect(message).not.toContain('ghs_abc');
    expect(message).toContain('fatal: token *** rejected');
  });
});
