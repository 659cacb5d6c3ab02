// The tunnel end to end: the headless host opens a localtunnel (real client, stand-in server over real
// TCP), GitHub's webhooks (the GitHub stand-in) are pointed at it and deliveries arrive through it; when
// the tunnel is lost a new one opens and the webhooks follow its new address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AppStatusDto,
  AuthStatusDto,
  BuildDto,
  HookDto,
  ProjectDto,
  RepositoryDto,
} from '../../server/contract/dto.js';
import { startStandin, type Standin } from '../standin/standin.js';
import { startTunnelServer, type TunnelServer } from '../fixtures/tunnel-server.js';
import { freePort } from '../fixtures/free-port.js';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';

describe('tunnel', () => {
  let standin: Standin;
  let tunnels: TunnelServer;
  let app: HeadlessApp;
  let project: ProjectDto;

  async function value<T>(name: string, args: unknown = {}): Promise<T> {
    const result = await app.call(name, args);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value as T;
  }

  const tunnelStatus = async () => (await value<AppStatusDto>('app.status')).tunnel;

  async function buildStatus(number: number): Promise<string> {
    const result = await app.call('builds.get', { projectId: project.id, number });
    return result.ok ? (result.value as BuildDto).status : 'not there yet';
  }

  beforeAll(async () => {
    standin = await startStandin({ deviceIntervalSeconds: 0 });
    standin.addUser('octocat');
    await standin.createRepo('octocat', 'app', { 'README.md': 'through the tunnel\n' });
    tunnels = await startTunnelServer();
    app = await startHeadless(await makeDataDir(), {
      KOZMIC_PORT: String(await freePort()),
      KOZMIC_GITHUB_URL: standin.url,
      KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
      KOZMIC_TUNNEL: 'on',
      KOZMIC_TUNNEL_SERVER: tunnels.url,
    });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (app) await removeDataDir(app.dataDir);
    await tunnels?.close();
    await standin?.close();
  });

  it('opens the tunnel at start-up, and GitHub can reach this Kozmic through it', async () => {
    await expect.poll(async () => (await tunnelStatus()).state, { timeout: 15_000 }).toBe('open');
    const [opened] = tunnels.tunnels();
    expect((await tunnelStatus()).url).toBe(opened!.publicUrl);
    await expect
      .poll(async () => (await value<AppStatusDto>('app.status')).webhooks, { timeout: 15_000 })
      .toMatchObject({ publicUrl: opened!.publicUrl, reachable: true });
    expect(app.output()).toContain(`Tunnel open: ${opened!.publicUrl}`);
  });

  it('points the webhooks at the tunnel, and a push is delivered and built through it', async () => {
    const started = await value<AuthStatusDto>('auth.startDeviceFlow');
    standin.device.approve(started.deviceCode!.userCode, 'octocat');
    await expect.poll(async () => (await value<AuthStatusDto>('auth.status')).account?.login).toBe('octocat');
    const repos = await value<RepositoryDto[]>('repos.list', { refresh: true });
    project = await value<ProjectDto>('projects.create', { githubRepoId: repos[0]!.githubId });
    const hook = await value<HookDto>('hooks.save', {
      projectId: project.id,
      definition: {
        title: 'Tests',
        image: 'kozmic-test/busybox:1',
        installScript: '',
        buildScript: 'cat README.md',
        trackedFiles: [],
      },
    });
    const tunnelUrl = (await tunnelStatus()).url!;
    const [webhook] = [...standin.repo('octocat/app')!.hooks.values()];
    expect(webhook!.config.url).toBe(`${tunnelUrl}/hooks/github/${hook.id}`);

    await standin.push('octocat/app', { 'one.txt': '1' }, { message: 'Through the tunnel' });
    await standin.deliveries.settled();
    const push = standin.deliveries.all().find((d) => d.event === 'push');
    expect(push?.response?.status).toBe(202);
    await expect.poll(() => buildStatus(1), { timeout: 30_000 }).toBe('success');
  });

  it('opens a new tunnel when the old one is lost, and re-points the webhooks at it', async () => {
    const before = (await tunnelStatus()).url!;
    await tunnels.dropTunnel(tunnels.tunnels()[0]!.id);
    await expect
      .poll(
        async () => {
          const status = await tunnelStatus();
          return status.state === 'open' && status.url !== before;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const after = (await tunnelStatus()).url!;
    await expect
      .poll(() => [...standin.repo('octocat/app')!.hooks.values()][0]!.config.url, { timeout: 10_000 })
      .toMatch(new RegExp(`^${after.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/hooks/github/`));
    expect(app.output()).toContain('The tunnel was lost');

    await standin.push('octocat/app', { 'two.txt': '2' }, { message: 'Through the new tunnel' });
    await standin.deliveries.settled();
    await expect.poll(() => buildStatus(2), { timeout: 30_000 }).toBe('success');
  });

  it('says what is wrong when the tunnel server refuses, and tries again', async () => {
    tunnels.refuseNew(503);
    await tunnels.dropTunnel(tunnels.tunnels()[0]!.id);
    await expect.poll(async () => (await tunnelStatus()).state, { timeout: 10_000 }).toBe('failed');
    const failed = await tunnelStatus();
    expect(failed.problem).toContain('refused a tunnel');
    expect(failed.retryAt).not.toBeNull();
    tunnels.refuseNew(null);
    await expect.poll(async () => (await tunnelStatus()).state, { timeout: 15_000 }).toBe('open');
  });
});
