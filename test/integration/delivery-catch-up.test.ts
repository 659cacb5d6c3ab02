// GitHub does not retry a delivery it could not make. These walk what a laptop goes through — Kozmic
// stopped while people push, webhooks unreachable for a while — against the GitHub stand-in (which
// keeps every delivery, failed ones too, and serves them as GitHub's API does) and the real engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStatusDto, BuildPageDto, HookDto, ProjectDto, RepositoryDto } from '../../server/contract/dto.js';
import { freePort } from '../fixtures/free-port.js';
import { startStandin, type Standin } from '../standin/standin.js';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';

describe('catching up on missed deliveries', () => {
  let standin: Standin;
  let app: HeadlessApp;
  let env: Record<string, string>;
  let project: ProjectDto;
  let hook: HookDto;

  async function value<T>(name: string, args: unknown = {}): Promise<T> {
    const result = await app.call(name, args);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value as T;
  }

  async function builds(): Promise<BuildPageDto> {
    return value<BuildPageDto>('builds.list', { projectId: project.id });
  }

  /** Deliveries of our hook the receiver never answered. */
  const failed = () =>
    standin.deliveries.forHook(hook.githubHookId!).filter((d) => d.response === null && d.event !== 'ping');

  beforeAll(async () => {
    standin = await startStandin({ deviceIntervalSeconds: 0 });
    standin.addUser('octocat');
    standin.addUser('hubot');
    await standin.createRepo('octocat', 'app', { 'README.md': 'hello\n' });
    await standin.forkRepo('octocat/app', 'hubot');
    const port = await freePort();
    env = {
      KOZMIC_PORT: String(port),
      KOZMIC_GITHUB_URL: standin.url,
      KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
      KOZMIC_GITHUB_CLIENT_SECRET: standin.clientSecret,
    };
    app = await startHeadless(await makeDataDir(), env);
    const started = await value<AuthStatusDto>('auth.startDeviceFlow');
    standin.device.approve(started.deviceCode!.userCode, 'octocat');
    while ((await value<AuthStatusDto>('auth.status')).account?.login !== 'octocat') {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await value('settings.update', { publicUrl: `http://127.0.0.1:${app.webhookPort}` });
    const repos = await value<RepositoryDto[]>('repos.list', { refresh: true });
    project = await value<ProjectDto>('projects.create', {
      githubRepoId: repos.find((r) => r.fullName === 'octocat/app')!.githubId,
    });
    hook = await value<HookDto>('hooks.save', {
      projectId: project.id,
      definition: { title: 'Tests', image: 'kozmic-test/busybox:1', installScript: '', buildScript: 'cat README.md', trackedFiles: [] },
    });
    await standin.deliveries.settled();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (app) await removeDataDir(app.dataDir);
    await standin?.close();
  });

  it('builds what was pushed while Kozmic was stopped, once each, and a redelivery builds nothing more', async () => {
    await app.stop();
    const first = await standin.push('octocat/app', { 'a.txt': '1' }, { message: 'First while away' });
    const second = await standin.push('octocat/app', { 'a.txt': '2' }, { message: 'Second while away' });
    const branch = await standin.push('octocat/app', { 'b.txt': '1' }, { branch: 'login', message: 'On a branch' });
    const forked = await standin.push('hubot/app', { 'c.txt': '1' }, { branch: 'feature', pusher: 'hubot' });
    await standin.openPullRequest('octocat/app', { headRepo: 'hubot/app', headBranch: 'feature', title: 'A feature' });
    await standin.deliveries.settled();
    expect(failed()).toHaveLength(4);

    app = await startHeadless(app.dataDir, env);
    await expect.poll(async () => (await builds()).total, { timeout: 30_000 }).toBe(4);
    const built = (await builds()).builds.map((b) => `${b.ref} ${b.sha}`).sort();
    expect(built).toEqual(
      [`main ${first.sha}`, `main ${second.sha}`, `login ${branch.sha}`, `feature ${forked.sha}`].sort(),
    );
    // Redelivered by someone: the intake knows each delivery id and builds nothing again.
    for (const delivery of failed()) standin.deliveries.redeliver(delivery.id);
    await standin.deliveries.settled();
    const answers = standin.deliveries.forHook(hook.githubHookId!).filter((d) => d.redelivery).map((d) => d.response?.status);
    expect(answers).toEqual([200, 200, 200, 200]);
    expect((await builds()).total).toBe(4);
    // A restart looks only past what it already read: nothing is built again.
    await app.stop();
    app = await startHeadless(app.dataDir, env);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await builds()).total).toBe(4);
  }, 120_000);

  it('catches up once webhooks are reachable again', async () => {
    // The public URL leads nowhere for a while (a tunnel being replaced): GitHub's deliveries fail.
    const nowhere = await freePort();
    await value('settings.update', { publicUrl: `http://127.0.0.1:${nowhere}` });
    await expect.poll(() => standin.repo('octocat/app')!.hooks.get(hook.githubHookId!)?.config.url).toContain(`:${nowhere}/`);
    const before = (await builds()).total;
    const away = await standin.push('octocat/app', { 'a.txt': '3' }, { message: 'While unreachable' });
    await standin.deliveries.settled();
    expect(failed().at(-1)?.request.body).toContain(away.sha);

    await value('settings.update', { publicUrl: `http://127.0.0.1:${app.webhookPort}` });
    await expect.poll(async () => (await builds()).total, { timeout: 30_000 }).toBe(before + 1);
    expect((await builds()).builds[0]).toMatchObject({ ref: 'main', sha: away.sha });
  }, 60_000);
});
