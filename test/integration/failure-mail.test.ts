// E-mail on a team server when a branch breaks, through a real SMTP server: the original Kozmic's subject,
// the owner and members with an address together in one message, once per breakage, and tried again when
// the mail server is not taking messages for a moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuthStatusDto,
  BuildDto,
  ProjectDto,
  RepositoryDto,
  TeamSignInDto,
  TeamSignInPollDto,
} from '../../server/contract/dto.js';
import { startStandin, type Standin } from '../standin/standin.js';
import { startMailServer, type MailServer } from '../fixtures/mail-server.js';
import { freePort } from '../fixtures/free-port.js';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';

const pause = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('failure e-mail', () => {
  let standin: Standin;
  let mail: MailServer;
  let app: HeadlessApp;
  let project: ProjectDto;
  let pushes = 0;

  async function value<T>(name: string, args: unknown = {}, token = app.token): Promise<T> {
    const response = await fetch(`${app.url}/api/call/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    });
    const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value as T;
  }

  /** Pushes a commit that makes the build pass or fail, and waits until the build is over. */
  async function push(passes: boolean): Promise<BuildDto> {
    pushes += 1;
    await standin.push(
      'octocat/app',
      { 'state.txt': passes ? 'green' : 'red' },
      { message: `Change ${pushes}` },
    );
    await standin.deliveries.settled();
    for (;;) {
      const answer = await app.call('builds.get', { projectId: project.id, number: pushes });
      if (answer.ok && (answer.value as BuildDto).status !== 'pending') return answer.value as BuildDto;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    standin = await startStandin({ deviceIntervalSeconds: 0 });
    standin.addUser('octocat', { email: 'octocat@example.com' });
    standin.addUser('hubot', { email: 'hubot@example.com' });
    standin.addUser('monalisa');
    await standin.createRepo(
      'octocat',
      'app',
      { 'state.txt': 'green' },
      {
        collaborators: { hubot: 'write', monalisa: 'read' },
      },
    );
    mail = await startMailServer();
    const port = await freePort();
    app = await startHeadless(await makeDataDir(), {
      KOZMIC_PORT: String(port),
      KOZMIC_PUBLIC_URL: `http://127.0.0.1:${port}`,
      KOZMIC_GITHUB_URL: standin.url,
      KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
      KOZMIC_ENABLE_EMAIL_NOTIFICATIONS: 'on',
      KOZMIC_SMTP_URL: mail.url,
      KOZMIC_MAIL_FROM: 'Kozmic CI <ci@example.com>',
    });
    const started = await value<AuthStatusDto>('auth.startDeviceFlow');
    standin.device.approve(started.deviceCode!.userCode, 'octocat');
    while ((await value<AuthStatusDto>('auth.status')).account?.login !== 'octocat') await pause();
    const repos = await value<RepositoryDto[]>('repos.list', { refresh: true });
    project = await value<ProjectDto>('projects.create', { githubRepoId: repos[0]!.githubId });
    await value('hooks.save', {
      projectId: project.id,
      definition: {
        title: 'Checks',
        image: 'kozmic-test/busybox:1',
        installScript: '',
        buildScript: 'grep -q green state.txt',
        trackedFiles: [],
      },
    });
    // hubot and monalisa sign in to the team UI, so Kozmic knows them (and hubot's address).
    for (const login of ['hubot', 'monalisa']) {
      const flow = await value<TeamSignInDto>('session.start', {}, '');
      standin.device.approve(flow.userCode, login);
      while (
        (await value<TeamSignInPollDto>('session.poll', { flowId: flow.flowId }, '')).state !== 'signed-in'
      ) {
        await pause();
      }
    }
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (app) await removeDataDir(app.dataDir);
    await mail?.close();
    await standin?.close();
  });

  it('mails the owner and members when a branch breaks, with the original subject', async () => {
    expect((await push(true)).status).toBe('success');
    const build = await push(false);
    expect(build.status).toBe('failure');
    await expect.poll(() => mail.received.length, { timeout: 10_000 }).toBe(1);
    const [message] = mail.received;
    expect(message!.subject).toBe(`[failure] octocat/app#2 (main — ${build.sha.slice(0, 8)})`);
    expect([...message!.to].sort()).toEqual(['hubot@example.com', 'octocat@example.com']);
    expect(message!.from).toBe('"Kozmic CI" <ci@example.com>');
    expect(message!.html).toContain(
      `href="http://127.0.0.1:${app.webhookPort}/projects/${project.id}/builds/2"`,
    );
    expect(message!.html).toContain('Build #2 has failed because of the &#34;Checks&#34; job');
  });

  it('stays quiet while the branch stays broken and when it is fixed', async () => {
    await push(false);
    await push(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(mail.received).toHaveLength(1);
  });

  it('tries again when the mail server is not taking messages for a moment', async () => {
    mail.refuse(1);
    await push(false);
    await expect.poll(() => mail.received.length, { timeout: 20_000 }).toBe(2);
    expect(mail.received[1]!.subject).toMatch(/^\[failure\] octocat\/app#5 /);
    expect(app.output()).toMatch(
      /Mailing \\?"\[failure\] octocat\/app#5 .*\\?" failed: The mail server 127\.0\.0\.1:\d+ did not take the message \(451\)\. Trying again\./,
    );
    expect(app.output()).not.toContain(mail.url);
  });
});
