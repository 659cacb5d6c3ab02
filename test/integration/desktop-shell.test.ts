// The desktop shell end to end: the built main process (out/electron/main.js) under Node with a double
// of the Electron API, the real core, the real Docker engine and the GitHub stand-in. What a user of
// the tray app sees and does: a window with the secure preferences, the tray going red on a broken
// branch, one native notification that opens the failing job, builds going on with the window closed,
// a second launch focusing the window, Quit asking while a job runs and leaving no container behind.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStatusDto, BuildDto, ProjectDto, RepositoryDto } from '../../server/contract/dto.js';
import { appRoot, startDesktop, type DesktopApp, type ShellSnapshot } from '../fixtures/desktop-process.js';
import { drawTrayMenu } from '../fixtures/tray-menu-picture.js';
import { freePort } from '../fixtures/free-port.js';
import { startStandin, type Standin } from '../standin/standin.js';
import { makeDataDir, removeDataDir } from './headless-process.js';

describe('desktop shell', () => {
  let standin: Standin;
  let desktop: DesktopApp;
  let dataDir: string;
  let project: ProjectDto;
  let pushes = 0;

  const snapshot = () => desktop.snapshot();
  const window = (s: ShellSnapshot) => s.windows.at(-1)!;

  async function push(state: 'green' | 'red' | 'slow'): Promise<number> {
    pushes += 1;
    await standin.push('octocat/app', { 'state.txt': state }, { message: `Change ${pushes}` });
    await standin.deliveries.settled();
    return pushes;
  }

  async function finished(number: number): Promise<BuildDto> {
    for (;;) {
      const build = await desktop.call<BuildDto>('builds.get', { projectId: project.id, number }).catch(() => null);
      if (build && build.status !== 'pending') return build;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    standin = await startStandin({ deviceIntervalSeconds: 0 });
    standin.addUser('octocat');
    await standin.createRepo('octocat', 'app', { 'state.txt': 'green' });
    dataDir = await makeDataDir();
    const port = await freePort();
    desktop = await startDesktop({
      KOZMIC_DATA_DIR: dataDir,
      KOZMIC_PORT: String(port),
      KOZMIC_PUBLIC_URL: `http://127.0.0.1:${port}`,
      KOZMIC_GITHUB_URL: standin.url,
      KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
      XDG_CONFIG_HOME: join(dataDir, 'xdg'),
    });
    const started = await desktop.call<AuthStatusDto>('auth.startDeviceFlow');
    standin.device.approve(started.deviceCode!.userCode, 'octocat');
    while ((await desktop.call<AuthStatusDto>('auth.status')).account?.login !== 'octocat') {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const repos = await desktop.call<RepositoryDto[]>('repos.list', { refresh: true });
    project = await desktop.call<ProjectDto>('projects.create', { githubRepoId: repos[0]!.githubId });
    await desktop.call('hooks.save', {
      projectId: project.id,
      definition: {
        title: 'Checks',
        image: 'kozmic-test/busybox:1',
        installScript: '',
        buildScript: 'if grep -q slow state.txt; then sleep 60; fi\ngrep -q green state.txt',
        trackedFiles: [],
      },
    });
  }, 90_000);

  afterAll(async () => {
    desktop?.kill();
    await standin?.close();
    if (dataDir) await removeDataDir(dataDir);
  });

  it('opens a sandboxed, isolated window on app://kozmic and a green tray', async () => {
    const s = await snapshot();
    expect(s.windows).toHaveLength(1);
    expect(window(s)).toMatchObject({ visible: true, url: 'app://kozmic/' });
    expect(window(s).webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(s.permissionHandlerRefuses).toBe(true);
    expect(s.protocols).toContain('app');
    await expect.poll(async () => (await snapshot()).tray?.image, { timeout: 20_000 }).toMatch(/resources\/tray\/good-16\.png$/);
    const file = (await snapshot()).applicationMenu.find((m) => m.label === 'File')!;
    expect(file.submenu!.map((i) => i.label ?? i.role)).toEqual(['New Project…', 'Settings', 'Open Data Folder', null, 'close', 'quit']);
  });

  it('turns the tray red on a broken branch and shows one notification that opens the failing job', async () => {
    expect((await finished(await push('green'))).status).toBe('success');
    const broken = await push('red');
    expect((await finished(broken)).status).toBe('failure');
    await expect.poll(async () => (await snapshot()).tray?.image, { timeout: 5_000 }).toMatch(/broken-16\.png$/);
    const s = await snapshot();
    expect(s.tray!.toolTip).toBe('Kozmic — octocat/app main failing');
    expect(s.tray!.menu[0]).toMatchObject({ label: expect.stringMatching(/^octocat\/app main — failed /) });
    expect(s.notifications).toEqual([{ title: 'octocat/app main is broken', body: `Build #${broken} failed: Change ${broken}` }]);

    await desktop.act('close-window');
    expect(window(await snapshot())).toMatchObject({ visible: false, destroyed: false });
    await desktop.act('click-notification', { index: 0 });
    await expect.poll(async () => window(await snapshot()).sent.at(-1)?.args[1]).toBe(`/projects/${project.id}/builds/${broken}?job=1`);
    expect(window(await snapshot())).toMatchObject({ visible: true, focused: true });
  });

  it('keeps building with the window closed, posts the status, and says the branch is fixed', async () => {
    await desktop.act('close-window');
    const fixed = await push('green');
    const build = await finished(fixed);
    expect(build.status).toBe('success');
    await expect
      .poll(() => standin.repo('octocat/app')!.statuses.filter((st) => st.sha === build.sha && st.state === 'success').length, { timeout: 10_000 })
      .toBe(1);
    const s = await snapshot();
    expect(window(s).visible).toBe(false);
    expect(s.notifications.at(-1)).toEqual({ title: 'octocat/app main is fixed', body: `Build #${fixed} passed: Change ${fixed}` });
    await expect.poll(async () => (await snapshot()).tray?.image).toMatch(/good-16\.png$/);
  });

  it('shows and focuses the window on a second launch', async () => {
    await desktop.act('close-window');
    await desktop.act('second-instance');
    expect(window(await snapshot())).toMatchObject({ visible: true, focused: true });
    expect((await snapshot()).windows).toHaveLength(1);
  });

  it('opens the build a kozmic:// link names, from a second launch or macOS open-url', async () => {
    expect((await snapshot()).protocolClients).toContain('kozmic');
    await desktop.act('close-window');
    await desktop.act('second-instance', { argv: [`kozmic://open/projects/${project.id}/builds/1`] });
    await expect.poll(async () => window(await snapshot()).sent.at(-1)?.args[1]).toBe(`/projects/${project.id}/builds/1`);
    expect(window(await snapshot())).toMatchObject({ visible: true, focused: true });
    await desktop.act('open-url', { url: `kozmic://open/projects/${project.id}/builds/2` });
    await expect.poll(async () => window(await snapshot()).sent.at(-1)?.args[1]).toBe(`/projects/${project.id}/builds/2`);
    // Anything but a build is ignored.
    await desktop.act('open-url', { url: 'kozmic://open/settings' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(window(await snapshot()).sent.at(-1)?.args[1]).toBe(`/projects/${project.id}/builds/2`);
  });

  it('re-checks Docker and webhooks at once when the machine wakes', async () => {
    const before = window(await snapshot()).eventCounts['app.status'] ?? 0;
    await desktop.act('power', { event: 'resume' });
    await expect.poll(async () => window(await snapshot()).eventCounts['app.status'] ?? 0, { timeout: 10_000 }).toBeGreaterThan(before);
  });

  it('pauses notifications from the tray, and turns start at login on', async () => {
    await desktop.act('click-tray', { path: ['Pause notifications', 'For 1 hour'] });
    await expect.poll(async () => (await snapshot()).tray!.menu.some((i) => /^Resume notifications/.test(i.label ?? ''))).toBe(true);
    const broken = await push('red');
    await finished(broken);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await snapshot()).notifications).toHaveLength(2);
    await desktop.act('click-tray', { path: ['/^Resume notifications/'] });

    await desktop.act('click-tray', { path: ['Start at login'] });
    const entry = join(dataDir, 'xdg', 'autostart', 'kozmic.desktop');
    await expect.poll(() => readFile(entry, 'utf8').catch(() => '')).toMatch(/^Exec=.* --hidden$/m);
    await expect.poll(async () => (await snapshot()).tray!.menu.find((i) => i.label === 'Start at login')?.checked).toBe(true);
  });

  it('asks before quitting while a job runs, then quits and leaves no container behind', async () => {
    const slow = await push('slow');
    await expect.poll(async () => (await snapshot()).tray?.toolTip, { timeout: 20_000 }).toMatch(/1 running/);
    const running = (await snapshot()).tray!;
    expect(running.image).toMatch(/running-16\.png$/);
    expect(running.menu.map((i) => i.label)).toContain('Running');
    await drawTrayMenu(running, join(appRoot, 'docs/screenshots/tray-menu.png'));
    await desktop.act('quit');
    await expect.poll(async () => (await snapshot()).dialogs.length).toBe(1);
    const [question] = (await snapshot()).dialogs;
    expect(question).toMatchObject({ message: '1 job is running.', buttons: ['Quit and mark them interrupted', 'Keep Kozmic running'] });
    // "Keep Kozmic running": nothing stops.
    expect((await desktop.call<BuildDto>('builds.get', { projectId: project.id, number: slow })).status).toBe('pending');

    await desktop.act('answer-dialog', { response: 0 });
    await desktop.act('quit');
    expect(await desktop.exited).toBe(0);
    const instance = (await readFile(join(dataDir, 'instance-id'), 'utf8')).trim();
    const left = execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.kozmic.instance=${instance}`]).toString().trim();
    expect(left).toBe('');
  }, 60_000);
});

describe('desktop shell start-up', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await makeDataDir();
  });

  afterAll(async () => {
    if (dataDir) await removeDataDir(dataDir);
  });

  it('started at login (--hidden) stays in the tray; the window comes back where it was left', async () => {
    const hidden = await startDesktop({ KOZMIC_DATA_DIR: dataDir }, ['--hidden']);
    try {
      const s = await hidden.snapshot();
      expect(s.tray).not.toBeNull();
      expect(s.windows.at(-1)).toMatchObject({ visible: false });
      await hidden.act('click-tray', { path: ['Open Kozmic'] });
      expect((await hidden.snapshot()).windows.at(-1)).toMatchObject({ visible: true, focused: true });
    } finally {
      await hidden.act('quit');
      await hidden.exited;
    }
    const saved = JSON.parse(await readFile(join(dataDir, 'desktop.json'), 'utf8')) as { windowBounds: unknown };
    expect(saved.windowBounds).toMatchObject({ width: 1280, height: 820 });
    const moved = { x: 40, y: 30, width: 1100, height: 700, maximized: false };
    await writeFile(join(dataDir, 'desktop.json'), JSON.stringify({ ...saved, windowBounds: moved }));

    const again = await startDesktop({ KOZMIC_DATA_DIR: dataDir });
    try {
      expect((await again.snapshot()).windows.at(-1)).toMatchObject({ visible: true, bounds: { x: 40, y: 30, width: 1100, height: 700 } });
    } finally {
      await again.act('quit');
      await again.exited;
    }
  });
});
