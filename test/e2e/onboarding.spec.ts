// The first run, all through the interface: sign in with the device code, pick the repository, add a
// hook (fixing a validation error on the way), push, watch the console fill live, see the build pass.
import { expect, repoName, screenshot, test } from './fixtures.js';
import { liveBuild } from './scenarios.js';

test('signs in, creates a project, adds a hook and watches a build pass live', async ({
  app: page,
  standin,
  kozmic,
}) => {
  await expect(page.getByTestId('welcome-view')).toBeVisible();
  await expect(page.getByTestId('docker-ok')).toBeVisible();
  // The fixture's public URL is the webhook port itself.
  await expect(page.getByTestId('webhooks-ok')).toBeVisible();
  await screenshot(page, 'welcome');

  await page.getByTestId('sign-in-button').click();
  const code = (await page.getByTestId('device-code').textContent())!.trim();
  expect(code).toMatch(/^\w{4}-\w{4}$/);
  await expect(page.getByTestId('open-github')).toHaveAttribute('href', `${standin.url}/login/device`);
  await screenshot(page, 'sign-in-device-code');
  standin.device.approve(code, 'octocat');
  await expect(page.getByTestId('home-view')).toBeVisible();
  await expect(page.getByTestId('empty-state')).toContainText('No projects yet');
  await expect(page.getByTestId('account')).toContainText('octocat');

  await page.getByTestId('empty-new-project').click();
  await page.getByTestId('repo-search').fill('app');
  await expect(page.getByTestId(`repo-${repoName}`)).toBeVisible();
  await screenshot(page, 'new-project');
  await page.getByTestId(`create-${repoName}`).click();
  await expect(page.getByTestId('project-name')).toHaveText(repoName);
  await expect(page.getByTestId(`project-link-${repoName}`)).toBeVisible();

  await page.getByTestId('empty-add-hook').click();
  await page.getByTestId('hook-title').fill('Unit tests');
  await page.getByTestId('hook-image').fill('Not An Image!');
  await page.getByTestId('hook-build').fill(liveBuild.buildScript);
  await page.getByTestId('hook-save').click();
  await expect(page.getByTestId('issue-image')).toContainText('not a Docker image reference');
  await page.getByTestId('hook-image').fill('kozmic-test/busybox:1');
  // The script is shown highlighted as shell (the loop's keyword, the quoted text).
  const buildEditor = page.getByTestId('hook-build').locator('..');
  await expect(buildEditor.locator('.hljs-keyword', { hasText: 'for' })).toBeVisible();
  await expect(buildEditor.locator('.hljs-string').first()).toContainText('building');
  // The editor says how scripts run and as whom, before anyone finds out from a failed job.
  const howScriptsRun = page.getByTestId('hook-how-scripts-run');
  await expect(howScriptsRun).toContainText('runs under bash -eo pipefail (sh -e when the image has no bash)');
  await expect(howScriptsRun).toContainText('as user kozmic when the image has that user');
  await screenshot(page, 'hook-editor');
  await page.getByTestId('hook-save').click();
  await expect(page.getByTestId('hook-Unit tests')).toBeVisible();
  await screenshot(page, 'project-hooks');
  await standin.deliveries.settled();

  await page.getByTestId('tab-builds').click();
  await expect(page.getByTestId('empty-state')).toContainText('No builds yet');
  await standin.push(repoName, { 'change.txt': 'one' }, { message: liveBuild.message });
  const row = page.getByTestId('build-row-1');
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: '#1' }).click();

  // Live: output shows while the job still runs, then the build turns green.
  const console = page.getByTestId('console-output');
  await expect(console).toContainText('step 1 ok');
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('console-state')).toContainText('Live');
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'success');
  await expect(console).toContainText('all steps done');
  await expect(page.getByTestId('console-state')).toContainText('Complete');
  await screenshot(page, 'build-passed');

  await page.getByRole('link', { name: repoName }).first().click();
  await expect(page.getByTestId('latest-build')).toContainText(liveBuild.message);
  await expect(page.getByTestId('build-row-1')).toHaveAttribute('data-status', 'success');
  await screenshot(page, 'project');
  expect(kozmic.output()).not.toContain('failed unexpectedly');
});
