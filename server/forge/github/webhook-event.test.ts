// parseWebhookEvent against GitHub's own example payloads (@octokit/webhooks-examples) and the
// acceptance cases of the reference (§5 "Ours", §17 TestGitHubHooks / TestBuildDB).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { findSkipMarker } from './skip-markers.js';
import { parseWebhookEvent, type WebhookEvent } from './webhook-event.js';

type Payload = Record<string, unknown>;
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as readonly {
  readonly name: string;
  readonly examples: readonly Payload[];
}[];
const examplesOf = (event: string) => examples.find((e) => e.name === event)?.examples ?? [];

const SHA = '47fe2c74b6a4ac8b4a6ea9e1d7c3b1c2f0e8d9a1';
const repository = {
  id: 4242,
  full_name: 'aromanovich/kozmic-ci',
  html_url: 'https://github.com/aromanovich/kozmic-ci',
};

/** The reference's push fixture: master at 47fe2c74…, "Just another commit" by Anton Romanovich. */
function pushPayload(overrides: Payload = {}, headCommit: Payload = {}): Payload {
  return {
    ref: 'refs/heads/master',
    before: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
    after: SHA,
    created: false,
    deleted: false,
    head_commit: {
      id: SHA,
      message: 'Just another commit',
      url: `https://github.com/aromanovich/kozmic-ci/commit/${SHA}`,
      author: { name: 'Anton Romanovich', email: 'anthony.romanovich@gmail.com', username: 'aromanovich' },
      ...headCommit,
    },
    repository,
    ...overrides,
  };
}

/** The reference's pull-request fixture: synchronize, head ref `test`, title "Branch commit", empty body. */
function pullRequestPayload(overrides: Payload = {}, pull: Payload = {}): Payload {
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      title: 'Branch commit',
      body: null,
      user: { login: 'aromanovich' },
      head: { ref: 'test', sha: SHA, repo: { id: repository.id, full_name: repository.full_name } },
      base: { ref: 'master', sha: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c', repo: repository },
      ...pull,
    },
    repository,
    ...overrides,
  };
}

const parse = (event: string, payload: unknown) => parseWebhookEvent(event, JSON.stringify(payload));

function expectKind<K extends WebhookEvent['kind']>(
  event: WebhookEvent,
  kind: K,
): Extract<WebhookEvent, { kind: K }> {
  expect(event.kind, JSON.stringify(event)).toBe(kind);
  return event as Extract<WebhookEvent, { kind: K }>;
}

describe('push', () => {
  it('builds the head commit of a branch push (§17 push to master)', () => {
    const event = expectKind(parse('push', pushPayload()), 'build');
    expect(event.commit).toEqual({
      sha: SHA,
      ref: 'master',
      message: 'Just another commit',
      author: 'Anton Romanovich',
      url: `https://github.com/aromanovich/kozmic-ci/commit/${SHA}`,
      fetchRef: 'refs/heads/master',
    });
    expect(event.repository).toEqual({ githubId: 4242, fullName: 'aromanovich/kozmic-ci', defaultBranch: null });
    expect(event.needsCommitLookup).toBe(false);
    expect(event.pullRequest).toBeNull();
  });

  it('keeps slashes in branch names', () => {
    const event = expectKind(parse('push', pushPayload({ ref: 'refs/heads/feature/login' })), 'build');
    expect(event.commit.ref).toBe('feature/login');
    expect(event.commit.fetchRef).toBe('refs/heads/feature/login');
  });

  it('ignores tag pushes and branch deletions, with a reason', () => {
    expect(expectKind(parse('push', pushPayload({ ref: 'refs/tags/v1.0' })), 'ignored').reason).toMatch(
      /Tag/,
    );
    const deleted = pushPayload({ deleted: true, after: '0'.repeat(40), head_commit: null });
    expect(expectKind(parse('push', deleted), 'ignored').reason).toMatch(/deleted/);
    expect(parse('push', pushPayload({ head_commit: null })).kind).toBe('ignored');
    expect(parse('push', pushPayload({ ref: 'refs/notes/commits' })).kind).toBe('ignored');
  });

  it('reads every push example GitHub publishes', () => {
    const pushes = examplesOf('push');
    expect(pushes.length).toBeGreaterThan(3);
    for (const payload of pushes) {
      const event = parse('push', payload);
      const ref = payload.ref as string;
      if (ref.startsWith('refs/tags/') || payload.deleted === true) {
        expect(event.kind).toBe('ignored');
        continue;
      }
      const build = expectKind(event, 'build');
      const head = payload.head_commit as { id: string; message: string; author: { name: string } };
      expect(build.commit).toMatchObject({
        sha: head.id,
        ref: ref.slice('refs/heads/'.length),
        message: head.message,
        author: head.author.name,
        fetchRef: ref,
      });
      // GitHub's payloads say which branch is the repository's default.
      const repository = payload.repository as { default_branch: string };
      expect(build.repository.defaultBranch).toBe(repository.default_branch);
    }
  });
});

describe('pull_request', () => {
  it('builds the head sha of a synchronize with ref = head branch (§17 PR synchronize, head ref test)', () => {
    const event = expectKind(parse('pull_request', pullRequestPayload()), 'build');
    expect(event.commit).toMatchObject({ sha: SHA, ref: 'test', fetchRef: 'refs/pull/7/head' });
    // The payload carries no commit: the title stands in and the commit is to be looked up.
    expect(event.commit.message).toBe('Branch commit');
    expect(event.needsCommitLookup).toBe(true);
    expect(event.pullRequest).toEqual({
      number: 7,
      action: 'synchronize',
      headRepository: 'aromanovich/kozmic-ci',
      fromFork: false,
    });
  });

  it.each(['opened', 'synchronize', 'reopened'])('builds "%s"', (action) => {
    expect(parse('pull_request', pullRequestPayload({ action })).kind).toBe('build');
  });

  it.each(['closed', 'labeled', 'edited', 'assigned', 'ready_for_review'])('ignores "%s"', (action) => {
    expect(expectKind(parse('pull_request', pullRequestPayload({ action })), 'ignored').reason).toContain(
      action,
    );
  });

  it("fetches a fork's head through refs/pull/<n>/head of the base repository", () => {
    const fork = pullRequestPayload(
      {},
      {
        head: { ref: 'patch-1', sha: SHA, repo: { id: 99, full_name: 'contributor/kozmic-ci' } },
      },
    );
    const event = expectKind(parse('pull_request', fork), 'build');
    expect(event.commit).toMatchObject({ ref: 'patch-1', fetchRef: 'refs/pull/7/head' });
    expect(event.pullRequest).toMatchObject({ headRepository: 'contributor/kozmic-ci', fromFork: true });
  });

  it('still builds when the fork was deleted (head.repo null)', () => {
    const gone = pullRequestPayload({}, { head: { ref: 'patch-1', sha: SHA, repo: null } });
    const event = expectKind(parse('pull_request', gone), 'build');
    expect(event.pullRequest).toMatchObject({ headRepository: null, fromFork: true });
    expect(event.commit.fetchRef).toBe('refs/pull/7/head');
  });

  it('reads every pull_request example GitHub publishes', () => {
    const pulls = examplesOf('pull_request');
    expect(pulls.length).toBeGreaterThan(10);
    for (const payload of pulls) {
      const event = parse('pull_request', payload);
      if (!['opened', 'synchronize', 'reopened'].includes(payload.action as string)) {
        expect(event.kind).toBe('ignored');
        continue;
      }
      expect(['build', 'skipped']).toContain(event.kind);
      const pull = payload.pull_request as { head: { ref: string; sha: string } };
      const target = event as Extract<WebhookEvent, { kind: 'build' }>;
      expect(target.commit).toMatchObject({
        sha: pull.head.sha,
        ref: pull.head.ref,
        fetchRef: `refs/pull/${payload.number}/head`,
      });
    }
  });
});

describe('ping and other events', () => {
  it('reads the hook id of every ping example', () => {
    for (const payload of examplesOf('ping')) {
      expect(expectKind(parse('ping', payload), 'ping').hookId).toBe(payload.hook_id);
    }
  });

  it('ignores events Kozmic does not use', () => {
    const [issue] = examplesOf('issues');
    expect(expectKind(parse('issues', issue), 'ignored').reason).toContain('issues');
    expect(parse('release', {}).kind).toBe('ignored');
  });
});

describe('skip markers', () => {
  const markers = ['[skip ci]', '[ci skip]', 'skip_ci', 'ci_skip', '[CI_SKIP]', '[SKIP_CI]'];

  it.each(markers)('skips a push whose commit message contains %s (§17)', (marker) => {
    const payload = pushPayload({}, { message: `Just another commit ${marker}` });
    expect(expectKind(parse('push', payload), 'skipped').marker.toLowerCase()).toContain(
      marker.toLowerCase().replace(/[[\]]/g, ''),
    );
  });

  it.each(markers)('skips a pull request whose title contains %s, with no body (§17)', (marker) => {
    const event = parse(
      'pull_request',
      pullRequestPayload({}, { title: `Branch commit ${marker}`, body: null }),
    );
    expect(event.kind).toBe('skipped');
  });

  it('finds markers in a pull request body too', () => {
    const event = parse('pull_request', pullRequestPayload({}, { body: 'Docs only.\n\n[skip ci]' }));
    expect(expectKind(event, 'skipped').marker).toBe('[skip ci]');
  });

  it('accepts any whitespace run between the words, in any case', () => {
    for (const text of ['[ci   skip]', '[Skip\tCI]', '[skip\n  ci]', 'WIP [CI SKIP] later']) {
      expect(findSkipMarker(text), text).not.toBeNull();
    }
  });

  it('does not mistake near misses for markers', () => {
    for (const text of ['[ci-skip]', 'skip ci', '[skipci]', '[ci skip', 'ci skip]', 'skip-ci', '']) {
      expect(findSkipMarker(text), text).toBeNull();
    }
    expect(parse('push', pushPayload({}, { message: 'Fix the [skip-ci] docs' })).kind).toBe('build');
  });

  it('keeps what was skipped, so the answer can say which commit', () => {
    const event = expectKind(parse('push', pushPayload({}, { message: 'wip [skip ci]' })), 'skipped');
    expect(event.commit).toMatchObject({ sha: SHA, ref: 'master' });
  });
});

describe('malformed deliveries', () => {
  it.each([
    ['no event header', undefined, '{}', /X-GitHub-Event/],
    ['not JSON', 'push', 'payload=%7B%7D', /not JSON/],
    ['an array', 'push', '[]', /not a JSON object/],
    ['null', 'push', 'null', /not a JSON object/],
  ])('reports %s', (_name, event, body, reason) => {
    expect(expectKind(parseWebhookEvent(event, body), 'invalid').reason).toMatch(reason);
  });

  it.each<[string, string, Payload]>([
    ['a push without repository', 'push', { ...pushPayload(), repository: undefined }],
    ['a push whose ref is a number', 'push', pushPayload({ ref: 42 })],
    ['a push whose head commit id is not a sha', 'push', pushPayload({ after: undefined }, { id: 'HEAD' })],
    ['a push without a commit message', 'push', pushPayload({}, { message: undefined })],
    [
      'a push with a string repository id',
      'push',
      pushPayload({ repository: { ...repository, id: '4242' } }),
    ],
    ['a pull request without a number', 'pull_request', pullRequestPayload({ number: undefined })],
    [
      'a pull request without a head sha',
      'pull_request',
      pullRequestPayload({}, { head: { ref: 'test', repo: null } }),
    ],
    ['a pull request with a numeric action', 'pull_request', pullRequestPayload({ action: 3 })],
    ['a ping without hook_id', 'ping', { zen: 'Design for failure.' }],
  ])('reports %s as invalid, with a reason', (_name, event, payload) => {
    const result = expectKind(parse(event, payload), 'invalid');
    expect(result.reason).toMatch(/^Malformed/);
  });

  it.each<[string, string, Payload, RegExp]>([
    ['a push to an empty branch name', 'push', pushPayload({ ref: 'refs/heads/' }), /"refs\/heads\/" .*"\/"/],
    ['a push to a branch with ".."', 'push', pushPayload({ ref: 'refs/heads/a..b' }), /contains "\.\."/],
    ['a push to a branch with "@{"', 'push', pushPayload({ ref: 'refs/heads/a@{1}' }), /"@\{"/],
    ['a push to a ".lock" branch', 'push', pushPayload({ ref: 'refs/heads/x.lock' }), /\.lock/],
    [
      'a push to a branch with a control character',
      'push',
      pushPayload({ ref: 'refs/heads/a\u0001' }),
      /control/,
    ],
    [
      'a push to a branch over 255 bytes',
      'push',
      pushPayload({ ref: `refs/heads/${'b'.repeat(256)}` }),
      /255 bytes/,
    ],
    [
      'a tag ref with "..", even though tags are not built',
      'push',
      pushPayload({ ref: 'refs/tags/a..b' }),
      /"\.\."/,
    ],
    [
      'a pull request from a branch with a space',
      'pull_request',
      pullRequestPayload({}, { head: { ref: 'a b', sha: SHA, repo: null } }),
      /" "/,
    ],
  ])('refuses %s with the rule git applies', (_name, event, payload, reason) => {
    const result = expectKind(parse(event, payload), 'invalid');
    expect(result.reason).toMatch(/is not a valid git ref name/);
    expect(result.reason).toMatch(reason);
  });

  it('never throws, whatever is damaged', () => {
    const damage = [null, 42, 'x', true, [], {}];
    const seeds: [string, Payload][] = [
      ['push', pushPayload()],
      ['pull_request', pullRequestPayload()],
      ...examplesOf('ping').map((p): [string, Payload] => ['ping', p]),
    ];
    const kinds = new Set<string>();
    for (const [event, seed] of seeds) {
      for (const key of Object.keys(seed)) {
        for (const value of damage) {
          const nested = seed[key];
          kinds.add(parse(event, { ...seed, [key]: value }).kind);
          if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
            for (const inner of Object.keys(nested)) {
              kinds.add(parse(event, { ...seed, [key]: { ...nested, [inner]: value } }).kind);
            }
          }
        }
      }
    }
    expect([...kinds].every((k) => ['build', 'skipped', 'ignored', 'invalid', 'ping'].includes(k))).toBe(
      true,
    );
    expect(kinds.has('invalid')).toBe(true);
  });
});
