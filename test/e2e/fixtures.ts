// Playwright fixtures: every test gets its own GitHub stand-in (with user `octocat` and repository
// `octocat/app`), its own headless Kozmic with a throwaway data dir, and a page opened on it that has
// finished loading (the `data-app-ready` marker; never a sleep).
import { test as base, expect, type Page } from '@playwright/test';
import type {
  AuthStatusDto,
  BuildPageDto,
  HookDefinition,
  HookDto,
  ProjectDto,
  RepositoryDto,
} from '../../server/contract/dto.js';
import {
  makeDataDir,
  removeDataDir,
  startHeadless,
  type HeadlessApp,
} from '../integration/headless-process.js';
import { startStandin, type Standin } from '../standin/standin.js';
import { freePort } from '../fixtures/free-port.js';

export const repoName = 'octocat/app';

/** The API as the tests use it for set-up that is not under test. */
export class KozmicApi {
  constructor(readonly host: HeadlessApp) {}

  async value<T>(name: string, args: unknown = {}): Promise<T> {
    const result = await this.host.call(name, args);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value as T;
  }

  async signIn(standin: Standin, login = 'octocat'): Promise<void> {
    const started = await this.value<AuthStatusDto>('auth.startDeviceFlow');
    standin.device.approve(started.deviceCode!.userCode, login);
    await expect
      .poll(async () => (await this.value<AuthStatusDto>('auth.status')).account?.login)
      .toBe(login);
  }

  /** What most specs start from: `login` signed in, and a project of `fullName`. */
  async signedInProject(standin: Standin, fullName = repoName, login = 'octocat'): Promise<ProjectDto> {
    await this.signIn(standin, login);
    return this.createProject(fullName);
  }

  async createProject(fullName = repoName): Promise<ProjectDto> {
    const repos = await this.value<RepositoryDto[]>('repos.list', { refresh: true });
    const repo = repos.find((r) => r.fullName === fullName)!;
    return this.value<ProjectDto>('projects.create', { githubRepoId: repo.githubId });
  }

  async addHook(
    projectId: string,
    definition: Partial<HookDefinition> & Pick<HookDefinition, 'buildScript'>,
  ): Promise<HookDto> {
    const full = {
      title: 'Tests',
      image: 'kozmic-test/busybox:1',
      installScript: '',
      trackedFiles: [],
      ...definition,
    };
    return this.value<HookDto>('hooks.save', { projectId, definition: full });
  }
}

export interface Fixtures {
  standin: Standin;
  kozmic: HeadlessApp;
  api: KozmicApi;
  /** A page on Kozmic, loaded (`data-app-ready`). */
  app: Page;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  standin: async ({}, use) => {
    const standin = await startStandin({ deviceIntervalSeconds: 0 });
    standin.addUser('octocat', { name: 'The Octocat' });
    await standin.createRepo('octocat', 'app', { 'README.md': 'hello from the repo\n' });
    await use(standin);
    await standin.close();
  },
  kozmic: async ({ standin }, use) => {
    const port = await freePort();
    const host = await startHeadless(await makeDataDir(), {
      KOZMIC_PORT: String(port),
      KOZMIC_PUBLIC_URL: `http://127.0.0.1:${port}`,
      KOZMIC_GITHUB_URL: standin.url,
      KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
      KOZMIC_GITHUB_CLIENT_SECRET: standin.clientSecret,
    });
    await use(host);
    await host.stop();
    await removeDataDir(host.dataDir);
  },
  api: async ({ kozmic }, use) => {
    await use(new KozmicApi(kozmic));
  },
  app: async ({ page, kozmic }, use) => {
    await openApp(page, kozmic);
    await use(page);
  },
});

export { expect };

/** Opens Kozmic the way a person does (the printed URL with its token) and waits until it has loaded. */
export async function openApp(page: Page, kozmic: HeadlessApp, path = '/'): Promise<void> {
  await page.goto(`${kozmic.url}${path}#token=${kozmic.token}`);
  await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
}

// Code run in the page is given as text: this folder is type-checked without the DOM's types.

/** Goes to a screen of the app through the router, as a click on a link would. */
export async function go(page: Page, path: string): Promise<void> {
  await page.evaluate(
    `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: false });
}

/** All the text the console holds, through its Copy button (what a person would paste). */
export async function consoleText(page: Page): Promise<string> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('console-copy').click();
  await expect(page.getByTestId('console-copy')).toHaveText('Copied');
  return page.evaluate<string>('navigator.clipboard.readText()');
}

/** How often `line` occurs as a whole line of `text`. */
export function linesEqual(text: string, line: string): number {
  return text.split('\n').filter((l) => l === line).length;
}

/**
 * Waits until the project has `count` builds and all of them are over (none pending), reading every
 * page of its history through the API.
 */
export async function historySettled(api: KozmicApi, projectId: string, count: number): Promise<void> {
  const progress = async (): Promise<{ total: number; over: number }> => {
    const first = await api.value<BuildPageDto>('builds.list', { projectId, page: 1 });
    const pages = [first];
    for (let page = 2; (page - 1) * first.perPage < first.total; page++) {
      pages.push(await api.value<BuildPageDto>('builds.list', { projectId, page }));
    }
    const over = pages.flatMap((p) => p.builds).filter((build) => build.status !== 'pending').length;
    return { total: first.total, over };
  };
  await expect.poll(progress, { timeout: 60_000 }).toEqual({ total: count, over: count });
}
