// GitHubForge sign-in and failure handling, against a real GitHub stand-in over HTTP.
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../../test/standin/standin.js';
import { ForgeError } from '../../core/ports.js';
import { GitHubForge } from './github-forge.js';

let standin: Standin;
let forge: GitHubForge;

beforeAll(async () => {
  standin = await startStandin({ deviceIntervalSeconds: 0, webFlowUser: 'octocat' });
  standin.addUser('octocat', { name: 'The Octocat', email: 'octocat@example.com' });
  forge = new GitHubForge({
    baseUrl: standin.url,
    clientId: standin.clientId,
    clientSecret: standin.clientSecret,
  });
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

describe('addressing', () => {
  it('treats github.com specially and anything else as GitHub Enterprise Server', () => {
    const dotCom = new GitHubForge({ baseUrl: 'https://github.com/', clientId: null, clientSecret: null });
    expect(dotCom.endpoints).toEqual({ web: 'https://github.com', api: 'https://api.github.com' });
    const ghes = new GitHubForge({ baseUrl: 'https://ghe.example.com/', clientId: null, clientSecret: null });
    expect(ghes.endpoints).toEqual({ web: 'https://ghe.example.com', api: 'https://ghe.example.com/api/v3' });
    const apiGiven = new GitHubForge({
      baseUrl: 'https://ghe.example.com/api/v3',
      clientId: null,
      clientSecret: null,
    });
    expect(apiGiven.endpoints.web).toBe('https://ghe.example.com');
    expect(forge.endpoints).toEqual({ web: standin.url, api: `${standin.url}/api/v3` });
  });
});

describe('device flow', () => {
  it('signs in: start, pending, approval on the stand-in, token, current user', async () => {
    const code = await forge.startDeviceFlow();
    expect(code.verificationUri).toBe(`${standin.url}/login/device`);
    expect(code.userCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(code.expiresInSeconds).toBeGreaterThan(0);
    expect(await forge.pollDeviceFlow(code.deviceCode)).toEqual({ kind: 'pending' });

    standin.device.approve(code.userCode, 'octocat');
    const poll = await forge.pollDeviceFlow(code.deviceCode);
    if (poll.kind !== 'token') throw new Error(`expected a token, got ${poll.kind}`);
    expect(await forge.currentUser(poll.token)).toEqual({
      githubId: expect.any(Number),
      login: 'octocat',
      name: 'The Octocat',
      avatarUrl: expect.stringContaining('/avatars/'),
      email: 'octocat@example.com',
    });
    // A device code is good for one token.
    expect(await forge.pollDeviceFlow(code.deviceCode)).toEqual({ kind: 'expired' });
  });

  it('asks for the scopes Kozmic needs', async () => {
    const code = await forge.startDeviceFlow();
    standin.device.approve(code.userCode, 'octocat');
    const poll = await forge.pollDeviceFlow(code.deviceCode);
    if (poll.kind !== 'token') throw new Error('no token');
    const response = await fetch(`${standin.apiUrl}/user`, {
      headers: { authorization: `token ${poll.token}` },
    });
    expect(response.headers.get('x-oauth-scopes')).toBe('repo, admin:repo_hook');
  });

  it('reports a denial and an expiry', async () => {
    const denied = await forge.startDeviceFlow();
    standin.device.deny(denied.userCode);
    expect(await forge.pollDeviceFlow(denied.deviceCode)).toEqual({ kind: 'denied' });

    const expired = await forge.startDeviceFlow();
    standin.device.expire(expired.userCode);
    expect(await forge.pollDeviceFlow(expired.deviceCode)).toEqual({ kind: 'expired' });
  });

  it('passes on slow_down with the new interval', async () => {
    const strict = await startStandin({ deviceIntervalSeconds: 5 });
    try {
      const client = new GitHubForge({ baseUrl: strict.url, clientId: strict.clientId, clientSecret: null });
      const code = await client.startDeviceFlow();
      expect(code.intervalSeconds).toBe(5);
      expect(await client.pollDeviceFlow(code.deviceCode)).toEqual({ kind: 'pending' });
      expect(await client.pollDeviceFlow(code.deviceCode)).toEqual({
        kind: 'slow_down',
        intervalSeconds: 10,
      });
    } finally {
      await strict.close();
    }
  });

  it('lets a person approve on the /login/device page', async () => {
    const code = await forge.startDeviceFlow();
    const page = await fetch(code.verificationUri);
    expect(await page.text()).toContain('<form method="post" action="/login/device">');
    const form = new URLSearchParams({
      user_code: code.userCode.toLowerCase(),
      login: 'octocat',
      decision: 'approve',
    });
    const answer = await fetch(code.verificationUri, { method: 'POST', body: form });
    expect(await answer.text()).toContain('you are all set');
    expect((await forge.pollDeviceFlow(code.deviceCode)).kind).toBe('token');
  });

  it('explains a wrong or missing client id', async () => {
    const wrong = new GitHubForge({ baseUrl: standin.url, clientId: 'Iv1.nope', clientSecret: null });
    expect((await forgeError(wrong.startDeviceFlow())).message).toMatch(/KOZMIC_GITHUB_CLIENT_ID/);
    const none = new GitHubForge({ baseUrl: standin.url, clientId: null, clientSecret: null });
    expect((await forgeError(none.startDeviceFlow())).kind).toBe('invalid');
  });
});

describe('web flow', () => {
  const redirectUri = 'http://127.0.0.1:7421/auth/github/callback';

  it('sends the browser to the authorize page with state, and exchanges the code', async () => {
    const url = new URL(forge.webFlowUrl('state-4a7f', redirectUri));
    expect(`${url.origin}${url.pathname}`).toBe(`${standin.url}/login/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(standin.clientId);
    expect(url.searchParams.get('state')).toBe('state-4a7f');
    expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(url.searchParams.get('scope')?.split(/[\s,]+/)).toEqual(['repo', 'admin:repo_hook']);

    // The stand-in approves at once as octocat and redirects back, as GitHub does after consent.
    const answer = await fetch(url, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('state-4a7f');
    const code = back.searchParams.get('code') ?? '';

    const token = await forge.exchangeWebCode(code, redirectUri);
    expect((await forge.currentUser(token)).login).toBe('octocat');
    // Codes are single-use.
    expect((await forgeError(forge.exchangeWebCode(code, redirectUri))).kind).toBe('invalid');
  });

  it('shows a person a consent page when no user is preset', async () => {
    const manual = await startStandin();
    try {
      manual.addUser('hubot');
      const client = new GitHubForge({
        baseUrl: manual.url,
        clientId: manual.clientId,
        clientSecret: manual.clientSecret,
      });
      const page = await fetch(client.webFlowUrl('xyz', redirectUri));
      expect(await page.text()).toContain('Authorize Kozmic');
      const form = new URLSearchParams({
        client_id: manual.clientId,
        redirect_uri: redirectUri,
        state: 'xyz',
        login: 'hubot',
        decision: 'approve',
      });
      const answer = await fetch(`${manual.url}/login/oauth/authorize`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
      });
      const back = new URL(answer.headers.get('location') ?? '');
      expect(back.searchParams.get('state')).toBe('xyz');
      const token = await client.exchangeWebCode(back.searchParams.get('code') ?? '', redirectUri);
      expect((await client.currentUser(token)).login).toBe('hubot');
    } finally {
      await manual.close();
    }
  });

  it('needs the client secret', () => {
    const noSecret = new GitHubForge({
      baseUrl: standin.url,
      clientId: standin.clientId,
      clientSecret: null,
    });
    expect(() => noSecret.webFlowUrl('s', redirectUri)).toThrow(/KOZMIC_GITHUB_CLIENT_SECRET/);
  });

  it('refuses a wrong client secret', async () => {
    const answer = await fetch(forge.webFlowUrl('s', redirectUri), { redirect: 'manual' });
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const wrong = new GitHubForge({
      baseUrl: standin.url,
      clientId: standin.clientId,
      clientSecret: 'wrong',
    });
    expect((await forgeError(wrong.exchangeWebCode(code, redirectUri))).kind).toBe('invalid');
  });
});

describe('failures', () => {
  it('asks to sign in again for an unknown or revoked token', async () => {
    const error = await forgeError(forge.currentUser('gho_notAToken'));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/sign in again/);

    const token = standin.issueToken('octocat');
    await forge.currentUser(token);
    standin.revokeToken(token);
    expect((await forgeError(forge.listRepositories(token))).kind).toBe('unauthorized');
  });

  it('reports an unreachable GitHub as unavailable, naming the URL', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const offline = new GitHubForge({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: 'x',
      clientSecret: 'y',
    });
    const error = await forgeError(offline.currentUser('gho_any'));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain(`http://127.0.0.1:${port}/api/v3`);
    expect((await forgeError(offline.startDeviceFlow())).kind).toBe('unavailable');
  });

  it('reports a rate limit with the time to retry', async () => {
    const token = standin.issueToken('octocat');
    const reset = Date.now() + 120_000;
    standin.faults.rateLimitedUntil = reset;
    try {
      const error = await forgeError(forge.currentUser(token));
      expect(error.kind).toBe('rate_limited');
      expect(Date.parse(error.retryAt ?? '')).toBe(Math.ceil(reset / 1000) * 1000);
    } finally {
      standin.faults.rateLimitedUntil = null;
    }
  });

  it('reports server errors as unavailable', async () => {
    const token = standin.issueToken('octocat');
    standin.faults.failures.push(502);
    const error = await forgeError(forge.currentUser(token));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/HTTP 502/);
    expect((await forge.currentUser(token)).login).toBe('octocat');
  });

  it('gives up on a GitHub that does not answer in time', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket)); // accepts connections, never answers
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    try {
      const slow = new GitHubForge({
        baseUrl: `http://127.0.0.1:${port}`,
        clientId: null,
        clientSecret: null,
        timeoutMs: 200,
      });
      expect((await forgeError(slow.currentUser('gho_any'))).kind).toBe('unavailable');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
