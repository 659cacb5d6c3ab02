// GitHubForge repositories, collaborators, webhooks, statuses and commits against the GitHub stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../../test/standin/standin.js';
import { ForgeError, type ForgeRepository } from '../../core/ports.js';
import { GitHubForge } from './github-forge.js';

let standin: Standin;
let forge: GitHubForge;
const token = { octocat: '', hubot: '', monalisa: '' };
let mainSha: string;

const all = { admin: true, maintain: true, push: true, triage: true, pull: true };
const readOnly = { admin: false, maintain: false, push: false, triage: false, pull: true };

beforeAll(async () => {
  standin = await startStandin();
  standin.addUser('octocat', { name: 'The Octocat' });
  standin.addUser('hubot');
  standin.addUser('monalisa', { name: 'Mona Lisa' });
  standin.addOrg('octo-org', { octocat: 'admin', hubot: 'member' });
  for (const login of ['octocat', 'hubot', 'monalisa'] as const) token[login] = standin.issueToken(login);

  await standin.createRepo('octocat', 'hello-world', { 'README.md': '# hello\n' });
  await standin.createRepo(
    'octocat',
    'private-app',
    { 'build.sh': 'echo ok\n' },
    {
      private: true,
      collaborators: { hubot: 'write', monalisa: 'read' },
    },
  );
  await standin.createRepo('octocat', 'alpha');
  await standin.createRepo('octocat', 'beta');
  await standin.createRepo('octo-org', 'service', { Makefile: 'all:\n' }, { private: true });
  await standin.createRepo('monalisa', 'secret-diary', { 'diary.md': 'dear diary\n' }, { private: true });
  await standin.createRepo(
    'monalisa',
    'shared',
    { 'a.txt': 'a\n' },
    { collaborators: { octocat: 'triage' } },
  );
  ({ sha: mainSha } = await standin.push(
    'octocat/private-app',
    { 'build.sh': 'make test\n' },
    {
      message: 'Add the build script\n\nRuns the tests.',
      author: { name: 'Anton Romanovich', email: 'anton@example.com' },
    },
  ));
  forge = new GitHubForge({ baseUrl: standin.url, clientId: null, clientSecret: null, pageSize: 2 });
});

afterAll(async () => {
  await standin.close();
});

async function forgeError(promise: Promise<unknown>): Promise<ForgeError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ForgeError);
  return error as ForgeError;
}

const byName = (repos: readonly ForgeRepository[]) =>
  Object.fromEntries(repos.map((r) => [r.fullName, r.permissions]));

describe('repositories', () => {
  it('lists every repository the user can see, across pages, with permissions', async () => {
    const repos = await forge.listRepositories(token.octocat);
    // Six repositories at two per page: the adapter followed the Link header twice.
    expect(byName(repos)).toEqual({
      'monalisa/shared': { ...readOnly, triage: true },
      'octo-org/service': all,
      'octocat/alpha': all,
      'octocat/beta': all,
      'octocat/hello-world': all,
      'octocat/private-app': all,
    });
    expect(byName(await forge.listRepositories(token.hubot))).toEqual({
      'octo-org/service': readOnly,
      'octocat/private-app': { ...readOnly, triage: true, push: true },
    });
  });

  it("reads one repository, mapped to the port's shape", async () => {
    expect(await forge.getRepository(token.octocat, 'octocat/private-app')).toEqual({
      githubId: standin.repo('octocat/private-app')?.id,
      fullName: 'octocat/private-app',
      ownerLogin: 'octocat',
      name: 'private-app',
      isPrivate: true,
      cloneUrl: `${standin.url}/octocat/private-app.git`,
      htmlUrl: `${standin.url}/octocat/private-app`,
      defaultBranch: 'main',
      permissions: all,
    });
    expect((await forge.getRepository(token.monalisa, 'octocat/private-app')).permissions).toEqual(readOnly);
  });

  it('does not reveal a private repository to someone without access', async () => {
    expect((await forgeError(forge.getRepository(token.octocat, 'monalisa/secret-diary'))).kind).toBe(
      'not_found',
    );
    expect((await forgeError(forge.getRepository(token.octocat, 'nobody/nothing'))).kind).toBe('not_found');
    expect((await forgeError(forge.getRepository(token.octocat, 'not a name'))).kind).toBe('invalid');
  });

  it('lists collaborators with their permissions', async () => {
    const people = await forge.listCollaborators(token.octocat, 'octocat/private-app');
    expect(people.map((p) => [p.login, p.permissions])).toEqual([
      ['octocat', all],
      ['hubot', { ...readOnly, triage: true, push: true }],
      ['monalisa', readOnly],
    ]);
    expect(people[0]).toMatchObject({ githubId: expect.any(Number), name: null, email: null });
    // GitHub refuses the list to readers.
    expect((await forgeError(forge.listCollaborators(token.monalisa, 'octocat/private-app'))).kind).toBe(
      'forbidden',
    );
  });
});

describe('webhooks', () => {
  const config = {
    url: 'http://127.0.0.1:9/hooks/github/h1',
    secret: 's3cret-1',
    events: ['push', 'pull_request'],
  };

  it('creates, reads, updates and deletes a webhook', async () => {
    const created = await forge.createWebhook(token.octocat, 'octocat/hello-world', config);
    expect(created).toEqual({
      id: expect.any(Number),
      url: config.url,
      events: ['push', 'pull_request'],
      active: true,
      contentType: 'json',
    });
    const stored = standin.repo('octocat/hello-world')?.hooks.get(created.id);
    expect(stored?.config).toMatchObject({ secret: 's3cret-1', content_type: 'json', insecure_ssl: '0' });
    expect(await forge.getWebhook(token.octocat, 'octocat/hello-world', created.id)).toEqual(created);

    const moved = { url: 'http://127.0.0.1:9/hooks/github/h2', secret: 's3cret-2', events: ['push'] };
    const updated = await forge.updateWebhook(token.octocat, 'octocat/hello-world', created.id, moved);
    expect(updated).toMatchObject({ id: created.id, url: moved.url, events: ['push'] });
    expect(stored?.config.secret).toBe('s3cret-2');

    expect(await forge.deleteWebhook(token.octocat, 'octocat/hello-world', created.id)).toBe('deleted');
    expect(await forge.deleteWebhook(token.octocat, 'octocat/hello-world', created.id)).toBe('missing');
    expect(await forge.getWebhook(token.octocat, 'octocat/hello-world', created.id)).toBeNull();
  });

  it('needs admin rights, as on GitHub (who answers 404)', async () => {
    const error = await forgeError(forge.createWebhook(token.hubot, 'octocat/private-app', config));
    expect(error.kind).toBe('not_found');
  });

  it("reports GitHub's reason when a webhook cannot be created", async () => {
    const url = { ...config, url: 'http://127.0.0.1:9/hooks/github/dup' };
    await forge.createWebhook(token.octocat, 'octocat/alpha', url);
    const error = await forgeError(forge.createWebhook(token.octocat, 'octocat/alpha', url));
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain('Hook already exists on this repository');
  });
});

describe('commits and statuses', () => {
  it('posts a commit status that GitHub shows on the commit', async () => {
    await forge.postCommitStatus(token.octocat, 'octocat/private-app', mainSha, {
      state: 'pending',
      description: 'Build #1 is pending',
      targetUrl: 'https://kozmic.example/projects/p1/builds/1',
      context: 'kozmic',
    });
    await forge.postCommitStatus(token.hubot, 'octocat/private-app', mainSha, {
      state: 'failure',
      description: `Build #1 has failed because of the "${'very long hook title '.repeat(10)}" job`,
      targetUrl: null,
      context: 'kozmic',
    });
    const statuses = standin.repo('octocat/private-app')?.statuses ?? [];
    expect(statuses.map((s) => [s.sha, s.state, s.context, s.targetUrl])).toEqual([
      [mainSha, 'pending', 'kozmic', 'https://kozmic.example/projects/p1/builds/1'],
      [mainSha, 'failure', 'kozmic', null],
    ]);
    // GitHub caps descriptions at 140 characters; the adapter shortens instead of failing.
    expect(statuses[1]?.description).toHaveLength(140);
    expect(statuses[1]?.description?.endsWith('…')).toBe(true);

    const listed = await fetch(`${standin.apiUrl}/repos/octocat/private-app/commits/${mainSha}/statuses`, {
      headers: { authorization: `token ${token.monalisa}` },
    });
    expect(((await listed.json()) as { state: string }[]).map((s) => s.state)).toEqual([
      'failure',
      'pending',
    ]);
  });

  it('refuses statuses from readers and on unknown commits', async () => {
    const status = { state: 'success', description: 'ok', targetUrl: null, context: 'kozmic' } as const;
    expect(
      (await forgeError(forge.postCommitStatus(token.monalisa, 'octocat/private-app', mainSha, status))).kind,
    ).toBe('not_found');
    const unknown = 'f'.repeat(40);
    expect(
      (await forgeError(forge.postCommitStatus(token.octocat, 'octocat/private-app', unknown, status))).kind,
    ).toBe('not_found');
  });

  it("reads a commit's message and author name", async () => {
    expect(await forge.getCommit(token.monalisa, 'octocat/private-app', mainSha)).toEqual({
      message: 'Add the build script\n\nRuns the tests.',
      author: 'Anton Romanovich',
    });
    expect(
      (await forgeError(forge.getCommit(token.octocat, 'octocat/private-app', 'e'.repeat(40)))).kind,
    ).toBe('not_found');
  });
});
