// The browser sign-in: GitHub's authorisation page redirects to Kozmic's one-shot loopback listener,
// which must bring back the state Kozmic made up (no login CSRF).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStatusDto } from '../../server/contract/dto.js';
import { startStandin, type Standin } from '../standin/standin.js';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';

describe('web sign-in', () => {
  let standin: Standin;
  let app: HeadlessApp;

  beforeAll(async () => {
    standin = await startStandin({ webFlowUser: 'octocat' });
    standin.addUser('octocat');
    app = await startHeadless(await makeDataDir(), {
      KOZMIC_GITHUB_URL: standin.url,
      KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
      KOZMIC_GITHUB_CLIENT_SECRET: standin.clientSecret,
    });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (app) await removeDataDir(app.dataDir);
    await standin?.close();
  });

  it('refuses a callback whose state is not the one it sent', async () => {
    const started = await app.call('auth.startWebFlow');
    const url = new URL((started.value as { url: string }).url);
    const redirect = new URL(url.searchParams.get('redirect_uri')!);
    expect(redirect.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('state')).toMatch(/^[0-9a-f]{48}$/);
    const forged = await fetch(`${redirect}?code=stolen&state=${'0'.repeat(48)}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('not the one Kozmic started');
    expect((await app.call('auth.status')).value).toMatchObject({ account: null });
  });

  it('signs in through GitHub and the loopback redirect', async () => {
    const started = await app.call('auth.startWebFlow');
    const page = await fetch((started.value as { url: string }).url, { redirect: 'follow' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in to Kozmic');
    const status = (await app.call('auth.status')).value as AuthStatusDto;
    expect(status).toMatchObject({ account: { login: 'octocat' }, canUseBrowser: true, problem: null });
  });
});
