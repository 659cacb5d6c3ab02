// A team server: people open the shared address with no token, sign in with GitHub in their own
// browser, and see and do what their access to the repository on GitHub allows.
import type { BrowserContext, Page } from '@playwright/test';
import type { BuildDto } from '../../server/contract/dto.js';
import { expect, openApp, repoName, screenshot, test } from './fixtures.js';

/** A person's own browser on the team server: the address without a token, then GitHub's device flow. */
async function signInInBrowser(
  context: BrowserContext,
  url: string,
  approve: (userCode: string) => void,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('team-sign-in')).toBeVisible();
  await page.getByTestId('team-sign-in-button').click();
  const code = (await page.getByTestId('device-code').textContent())!.trim();
  approve(code);
  await expect(page.getByTestId('sidebar')).toBeVisible({ timeout: 15_000 });
  return page;
}

test('teammates sign in per browser; a member looks, a manager restarts, nobody without access gets in', async ({
  page,
  browser,
  kozmic,
  api,
  standin,
}) => {
  for (const login of ['hubot', 'monalisa', 'mallory']) standin.addUser(login);
  standin.repo(repoName)!.collaborators.set('hubot', 'write');
  standin.repo(repoName)!.collaborators.set('monalisa', 'read');
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Unit tests', buildScript: 'echo "team build ok"' });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'change.txt': '1' }, { message: 'First team change' });
  const buildStatus = async () => {
    const build = await kozmic.call('builds.get', { projectId: project.id, number: 1 });
    return build.ok ? (build.value as BuildDto).status : 'not there yet';
  };
  await expect.poll(buildStatus, { timeout: 30_000 }).toBe('success');

  // A member: the project and its logs, no controls that would change anything.
  const monalisaBrowser = await browser.newContext();
  const monalisa = await signInInBrowser(monalisaBrowser, kozmic.url, (code) =>
    standin.device.approve(code, 'monalisa'),
  );
  await expect(monalisa.getByTestId('account')).toContainText('monalisa');
  await monalisa.getByTestId(`project-link-${repoName}`).click();
  await monalisa.getByTestId('build-row-1').getByRole('link', { name: '#1' }).click();
  await expect(monalisa.getByTestId('console-output')).toContainText('team build ok');
  await expect(monalisa.getByTestId('job-status')).toHaveAttribute('data-status', 'success');
  await expect(monalisa.getByTestId('job-restart')).toHaveCount(0);
  await monalisa.goto(`${kozmic.url}/projects/${project.id}/settings`);
  await expect(monalisa.getByTestId('member-octocat')).toContainText('owner');
  await expect(monalisa.getByTestId('member-hubot')).toContainText('manager');
  await expect(monalisa.getByTestId('member-monalisa')).toContainText('member');
  await expect(monalisa.getByTestId('members-synced')).toContainText('You are a member');
  await expect(monalisa.getByTestId('hook-Unit tests')).toBeVisible();
  await expect(monalisa.getByTestId('add-hook')).toHaveCount(0);
  await expect(monalisa.getByTestId('sync-members')).toHaveCount(0);
  await expect(monalisa.getByTestId('delete-project')).toHaveCount(0);
  await screenshot(monalisa, 'team-member-settings');
  await monalisa.getByTestId('hook-Unit tests').getByRole('link').click();
  await expect(monalisa.getByTestId('hook-read-only')).toBeVisible();
  await expect(monalisa.getByTestId('hook-save')).toHaveCount(0);
  await monalisa.goto(`${kozmic.url}/settings`);
  await expect(monalisa.getByTestId('settings-read-only')).toBeVisible();
  await expect(monalisa.getByTestId('settings-save')).toHaveCount(0);

  // A manager restarts the job; the member's open page follows live.
  const hubotBrowser = await browser.newContext();
  const hubot = await signInInBrowser(hubotBrowser, kozmic.url, (code) =>
    standin.device.approve(code, 'hubot'),
  );
  await hubot.goto(`${kozmic.url}/projects/${project.id}/builds/1`);
  await hubot.getByTestId('job-restart').click();
  await expect(hubot.getByTestId('attempt-2')).toBeVisible();
  await monalisa.goto(`${kozmic.url}/projects/${project.id}/builds/1`);
  await expect(monalisa.getByTestId('attempt-2')).toBeVisible();
  await hubot.goto(`${kozmic.url}/projects/${project.id}/settings`);
  await expect(hubot.getByTestId('add-hook')).toBeVisible();
  await expect(hubot.getByTestId('sync-members')).toBeVisible();
  await expect(hubot.getByTestId('delete-project')).toHaveCount(0);

  // Someone without access to any of the server's repositories is not let in at all.
  const malloryBrowser = await browser.newContext();
  const mallory = await malloryBrowser.newPage();
  await mallory.goto(kozmic.url);
  await mallory.getByTestId('team-sign-in-button').click();
  standin.device.approve((await mallory.getByTestId('device-code').textContent())!.trim(), 'mallory');
  await expect(mallory.getByTestId('team-sign-in').getByRole('alert')).toContainText(
    'mallory has no access to any project',
  );
  await expect(mallory.getByTestId('sidebar')).toHaveCount(0);

  // Signing out ends that browser's session only; the operator's own window is unaffected.
  await monalisa.getByTestId('team-sign-out').click();
  await expect(monalisa.getByTestId('team-sign-in')).toBeVisible();
  await monalisa.reload();
  await expect(monalisa.getByTestId('team-sign-in')).toBeVisible();
  await expect(hubot.getByTestId('account')).toContainText('hubot');
  await openApp(page, kozmic, `/projects/${project.id}/settings`);
  await expect(page.getByTestId('delete-project')).toBeVisible();
  for (const context of [monalisaBrowser, hubotBrowser, malloryBrowser]) await context.close();
});
