// The "Details" link of a commit status on a team server: with the interface's address set in
// Settings, GitHub's link opens the build in the interface.
import { expect, openApp, repoName, test } from './fixtures.js';

test('with the interface URL set, the Details link on GitHub opens the build in the interface', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Tests', buildScript: 'echo ok' });
  await standin.deliveries.settled();

  await openApp(page, kozmic, '/settings');
  const field = page.getByTestId('setting-uiPublicUrl');
  await field.locator('input').fill('not an address');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeHidden();
  expect(await api.value('settings.get')).toMatchObject({ uiPublicUrl: null });
  await field.locator('input').fill(kozmic.url);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();

  const { sha } = await standin.push(repoName, { 'change.txt': '1' }, { message: 'Change for the link' });
  await standin.deliveries.settled();
  const posted = () => standin.repo(repoName)!.statuses.filter((s) => s.sha === sha);
  await expect.poll(() => posted().at(-1)?.state, { timeout: 30_000 }).toBe('success');
  const link = posted().at(-1)!.targetUrl!;
  expect(link).toBe(`${kozmic.url}/projects/${project.id}/builds/1`);
  expect(new Set(posted().map((s) => s.targetUrl))).toEqual(new Set([link]));

  // A click on "Details" in GitHub, in a tab signed in to this Kozmic.
  await page.goto(link);
  await expect(page.getByTestId('build-view')).toBeVisible();
  await expect(page.getByTestId('build-header')).toContainText('#1');
  await expect(page.getByTestId('build-message')).toHaveText('Change for the link');
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'success');
});
