// A branch that breaks, then is mended: a notice in the window each time (not for every build), and a
// desktop notification while the window is not in front.
import { expect, go, openApp, repoName, screenshot, test } from './fixtures.js';

test('a failing branch raises a notice, and another when it is fixed; desktop notifications when away', async ({
  page,
  context,
  kozmic,
  api,
  standin,
}) => {
  await context.grantPermissions(['notifications']);
  await api.signIn(standin);
  const hook = await api.addHook((await api.createProject()).id, {
    title: 'Checks',
    buildScript: 'test -f fixed.txt || { echo "fixed.txt is missing" >&2; exit 1; }',
  });
  await standin.deliveries.settled();
  await openApp(page, kozmic, '/settings');
  await expect(page.getByTestId('desktop-notifications')).toBeChecked();

  await standin.push(repoName, { 'a.txt': '1' }, { message: 'Break it' });
  const failed = page.getByTestId('notice').filter({ hasText: 'failed on main' });
  await expect(failed).toContainText(`${repoName} #1 failed on main`);
  await expect(failed).toContainText('Break it');
  await expect(failed).toHaveAttribute('data-desktop', /^(shown|window-in-focus)$/);

  // Still failing: no new notice.
  await standin.push(repoName, { 'b.txt': '2' }, { message: 'Still broken' });
  await expect(page.getByTestId(`project-link-${repoName}`)).toBeVisible();
  const secondBuild = async () => {
    const answer = await kozmic.call('builds.get', { projectId: hook.projectId, number: 2 });
    return answer.ok ? (answer.value as { status: string }).status : 'not there yet';
  };
  await expect.poll(secondBuild, { timeout: 30_000 }).toBe('failure');
  await expect(page.getByTestId('notice')).toHaveCount(1);

    // Away from the window (the person switched to another one), the fix comes as a desktop notification too.
  await page.evaluate("window.dispatchEvent(new Event('blur'))");
  await standin.push(repoName, { 'fixed.txt': 'ok' }, { message: 'Mend it' });
  const fixed = page.getByTestId('notice').filter({ hasText: 'is fixed on main' });
  await expect(fixed).toContainText(`${repoName} #3 is fixed on main`);
  await expect(fixed).toHaveAttribute('data-desktop', 'shown');
    await expect(page.getByTestId('notice')).toHaveCount(2);
  await go(page, `/projects/${hook.projectId}`);
  await expect(page.getByTestId('build-row-3')).toBeVisible();
  await screenshot(page, 'build-notices');

    await page.evaluate("window.dispatchEvent(new Event('focus'))");
  await failed.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/projects/${hook.projectId}/builds/1$`));
  await expect(page.getByTestId('notice').filter({ hasText: 'failed on main' })).toHaveCount(0);
});
