// What the interface says when something is wrong: the field's label and the allowed values, never
// the API's names or the validator's wording; a summary that leaves once the fields are fixed; each
// problem said once.
import type { BuildDto } from '../../server/contract/dto.js';
import { consoleText, expect, openApp, repoName, test } from './fixtures.js';

/** Words of the API and its validator that must never reach the screen. */
const internal =
  /Invalid arguments|maxParallelJobs|buildScript|definition\.|Too small|expected number|Unrecognized/;

test('settings: a value out of range says the allowed range under its label, and the summary leaves once fixed', async ({
  app: page,
}) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  const parallel = page.getByTestId('setting-maxParallelJobs');
  await parallel.getByRole('spinbutton').fill('0');
  await page.getByTestId('settings-save').click();
  await expect(parallel).toContainText('a whole number from 1 to 64');
  await expect(page.getByRole('alert')).toContainText('Some settings need fixing');
  expect(await page.locator('body').innerText()).not.toMatch(internal);

  await parallel.getByRole('spinbutton').fill('2');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(parallel).not.toContainText('a whole number');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
});

test('hook editor: missing fields are named by their labels, and the summary leaves once fixed', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await openApp(page, kozmic, `/projects/${project.id}/hooks/new`);
  await page.getByTestId('hook-image').fill('kozmic-test/busybox:1');
  await page.getByTestId('hook-save').click();
  await expect(page.getByTestId('issue-buildScript')).toHaveText('This field is required.');
  await expect(page.getByTestId('issue-title')).toHaveText('This field is required.');
  await expect(page.getByRole('alert')).toContainText('Some fields need fixing');
  expect(await page.locator('body').innerText()).not.toMatch(internal);

  await page.getByTestId('hook-title').fill('Tests');
  await expect(page.getByRole('alert')).toContainText('Some fields need fixing');
  await page.getByTestId('hook-build').fill('echo ok');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The members section says what the viewer's role allows in a sentence.
  await openApp(page, kozmic, `/projects/${project.id}/settings`);
  await expect(page.getByTestId('members-synced')).toContainText('you can do everything, including deleting');
});

test('a job that cannot start says why once, and an attempt lists its reason readably', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, {
    title: 'Tests',
    image: 'localhost:1/kozmic-missing:1',
    buildScript: 'true',
  });
  await api.addHook(project.id, { title: 'Fails', buildScript: 'echo "nope"; exit 3' });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'change.txt': '1' }, { message: 'Missing image' });
  await openApp(page, kozmic, `/projects/${project.id}/builds/1?job=1`);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'error');
  const build = await api.value<BuildDto>('builds.get', { projectId: project.id, number: 1 });
  const reason = build.jobs[0]!.attempts.at(-1)!.reason!;
  await expect(page.getByTestId('console-output')).toContainText('Job ended with an error');
  // Once above the console as the job's reason, once in the log (its closing line).
  await expect(page.getByTestId('job-reason')).toHaveText(reason);
  const log = await consoleText(page);
  expect(log.split(reason).length - 1).toBe(1);

  await page.getByTestId('job-tab-2').click();
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'failure');
  await page.getByTestId('job-restart').click();
  await expect(page.getByTestId('attempt-1')).toBeVisible();
  await expect(page.getByTestId('attempt-1')).toContainText('The build script exited with code 3.');
  await expect(page.getByTestId('attempt-1')).not.toContainText(/\dThe/);
});
