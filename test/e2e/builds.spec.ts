// Builds that fail, are restarted and are cancelled: what the lists, the build page and the console show.
import { consoleText, expect, go, openApp, repoName, screenshot, test } from './fixtures.js';
import { endlessBuild, failingBuild } from './scenarios.js';

test('a failing build shows red in the list, its error in the console, and can be restarted', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Unit tests', buildScript: failingBuild.buildScript });
  await standin.deliveries.settled();
  await openApp(page, kozmic, `/projects/${project.id}`);
  await expect(page.getByTestId('empty-state')).toContainText('No builds yet');

  await standin.push(repoName, { 'broken.txt': 'x' }, { message: failingBuild.message });
  const row = page.getByTestId('build-row-1');
  await expect(row).toHaveAttribute('data-status', 'failure');
  await expect(row.getByTestId('status-badge')).toHaveText('Failed');
  await expect(page.getByTestId(`project-link-${repoName}`).locator('[data-status]')).toHaveAttribute(
    'data-status',
    'failure',
  );
  await screenshot(page, 'project-failed-build');

  await row.getByRole('link', { name: '#1' }).click();
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'failure');
  for (const text of failingBuild.console)
    await expect(page.getByTestId('console-output')).toContainText(text);
  await page.getByTestId('console-first-error').click();
  // The whole log is searched on the server; the line is selected once the answer is back.
  await expect(page.getByTestId('console-first-error-note')).toContainText('looks like an error is line');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('console-copy').click();
  // With the error line selected, Copy takes just that line.
  expect((await page.evaluate<string>('navigator.clipboard.readText()')).trim()).toBe(
    'FAIL: expected 2, got 3',
  );
  await expect(page.getByTestId('job-reason')).toContainText('exited with code 3');
  await screenshot(page, 'build-failed');

  await page.getByTestId('job-restart').click();
  await expect(page.getByTestId('attempt-2')).toBeVisible();
  await expect(page.getByTestId('attempt-2').getByTestId('status-badge')).toHaveAttribute(
    'data-status',
    'failure',
  );
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'failure');
  await expect(page.getByTestId('console-output')).toContainText('FAIL: expected 2, got 3');
  // The first attempt's log stays readable.
  await page.getByTestId('attempt-1').getByRole('button').click();
  await expect(page.getByTestId('console-output')).toContainText('FAIL: expected 2, got 3');
  await expect(page).toHaveURL(/attempt=1/);
});

test('a running job can be cancelled from its build page', async ({ page, kozmic, api, standin }) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Forever', buildScript: endlessBuild.buildScript });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'slow.txt': 'x' }, { message: endlessBuild.message });
  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);

  await expect(page.getByTestId('console-output')).toContainText('tick 2');
  await expect(page.getByTestId('console-state')).toContainText('Live');
  await screenshot(page, 'build-running');
  await page.getByTestId('job-cancel').click();
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('job-restart')).toBeVisible();
  const text = await consoleText(page);
  expect(text.match(/» Fetching/g)).toHaveLength(1);
  expect(text).toMatch(/tick 1\ntick 2\n/);
  await go(page, `/projects/${project.id}`);
  await expect(page.getByTestId('build-row-1')).toHaveAttribute('data-status', 'cancelled');
});
