// Building without a push, as GitHub Actions offers: the newest commit of a branch from the project
// page, and re-running a build's failed jobs or all of them from its page.
import type { BuildDto } from '../../server/contract/dto.js';
import { expect, openApp, repoName, test } from './fixtures.js';

test('builds the latest commit of a branch without a push, once per commit', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, {
    title: 'Tests',
    buildScript: 'echo "built $KOZMIC_BRANCH at $KOZMIC_COMMIT"',
  });
  await standin.deliveries.settled();
  const head = standin.repo(repoName)!;
  await openApp(page, kozmic, `/projects/${project.id}`);

  // A branch GitHub does not have says so.
  await page.getByTestId('build-branch-name').fill('no-such-branch');
  await page.getByTestId('build-branch-start').click();
  await expect(page.getByTestId('build-branch').locator('..').getByRole('alert')).toContainText(
    'Branch "no-such-branch" of octocat/app does not exist',
  );

  await page.getByTestId('build-branch-name').fill('main');
  await page.getByTestId('build-branch-start').click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}/builds/1`));
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'success');
  const build = await api.value<BuildDto>('builds.get', { projectId: project.id, number: 1 });
  expect(build.ref).toBe('main');
  expect(head.hooks.size).toBe(1);
  await expect(page.getByTestId('console-output')).toContainText(`built main at ${build.sha}`);

  // The same commit again: no second build, a pointer to the first one instead.
  await openApp(page, kozmic, `/projects/${project.id}`);
  await page.getByTestId('build-branch-start').click();
  await expect(page.getByTestId('build-branch-existing')).toContainText('build #1');
  const page1 = await api.value<{ total: number }>('builds.list', { projectId: project.id });
  expect(page1.total).toBe(1);
});

test('re-runs a build’s failed jobs, then all of them', async ({ page, kozmic, api, standin }) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Passes', buildScript: 'echo "always fine"' });
  await api.addHook(project.id, { title: 'Flaky', buildScript: 'echo "flaky run"; exit 1' });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'change.txt': '1' }, { message: 'Flaky change' });
  await standin.deliveries.settled();
  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);
  const attempts = async () =>
    (await api.value<BuildDto>('builds.get', { projectId: project.id, number: 1 })).jobs.map(
      (job) => `${job.definition.title}:${job.attempts.length}:${job.attempts.at(-1)!.status}`,
    );
  // Both jobs over (a build shows failed as soon as one job failed).
  await expect.poll(attempts, { timeout: 90_000 }).toEqual(['Passes:1:success', 'Flaky:1:failure']);
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'failure');

  await page.getByTestId('rerun-failed').click();
  await expect.poll(attempts, { timeout: 90_000 }).toEqual(['Passes:1:success', 'Flaky:2:failure']);
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'failure');

  await page.getByTestId('rerun-all').click();
  await expect.poll(attempts, { timeout: 90_000 }).toEqual(['Passes:2:success', 'Flaky:3:failure']);
  await expect(page.getByTestId('rerun-all')).toBeVisible();
});
