// A build says what it is doing: Running while any job runs (with a "failing" hint once a job failed)
// and no "took" until it ends; and when the server goes away mid-build the page says so and its
// clocks stop, instead of showing "Live" and "Running" with time still ticking.
import type { Page } from '@playwright/test';
import type { ProjectDto } from '../../server/contract/dto.js';
import { startHeadless } from '../integration/headless-process.js';
import { expect, go, openApp, repoName, screenshot, test, type KozmicApi } from './fixtures.js';
import type { Standin } from '../standin/standin.js';

const ticking = 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 1; done';

/** Three hooks: one fails at once, two run until stopped. */
async function failingWhileOthersRun(api: KozmicApi, standin: Standin): Promise<ProjectDto> {
  await api.signIn(standin);
  await api.value('settings.update', { maxParallelJobs: 3 });
  const project = await api.createProject();
  await api.addHook(project.id, { title: 'Quick check', buildScript: 'echo "quick check failed"; exit 1' });
  await api.addHook(project.id, { title: 'Unit tests', buildScript: ticking });
  await api.addHook(project.id, { title: 'Integration tests', buildScript: ticking });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'change.txt': '1' }, { message: 'Three jobs, one fails fast' });
  await standin.deliveries.settled();
  // The quick check has failed while the two others run (on a busy machine this takes a while).
  await expect
    .poll(
      async () =>
        api.value<{ status: string; progress: string }>('builds.get', { projectId: project.id, number: 1 }),
      {
        timeout: 60_000,
      },
    )
    .toMatchObject({ status: 'failure', progress: 'running' });
  return project;
}

async function buildHeaderIsRunning(page: Page): Promise<void> {
  const header = page.getByTestId('build-header');
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('build-status')).toContainText('Running');
  await expect(page.getByTestId('build-failing')).toBeVisible();
  await expect(header).toContainText('running for');
  await expect(header).not.toContainText('took');
  await expect(header).not.toContainText('Pending');
  await expect(header).not.toContainText('Failed');
}

test('a build with one job failed and others running says Running, failing, and took nothing yet', async ({
  app,
  api,
  standin,
}) => {
  const project = await failingWhileOthersRun(api, standin);
  await go(app, `/projects/${project.id}`);

  // The project's card: Running with the hint, never "took" while jobs run.
  const card = app.getByTestId('latest-build');
  await expect(card.getByTestId('build-failing')).toBeVisible();
  await expect(card.getByTestId('status-badge')).toHaveText('Running');
  await expect(card).toContainText('running for');
  await expect(card).not.toContainText('took');

  await card.click();
  await expect(app.getByTestId('build-view')).toBeVisible();
  await buildHeaderIsRunning(app);
  await screenshot(app, 'build-running-failing');

  // Once the last jobs are stopped, the build is over: its outcome, and what it took.
  const build = await api.value<{ jobs: { id: string }[] }>('builds.get', {
    projectId: project.id,
    number: 1,
  });
  for (const job of build.jobs) await api.host.call('jobs.cancel', { jobId: job.id });
  await expect(app.getByTestId('build-status')).toHaveAttribute('data-status', 'failure');
  await expect(app.getByTestId('build-failing')).toBeHidden();
  await expect(app.getByTestId('build-took')).toBeVisible();
});

test('when the server stops mid-build the page says it is unreachable and its clocks stop', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await failingWhileOthersRun(api, standin);
  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);
  await buildHeaderIsRunning(page);
  await expect(page.getByTestId('console-state')).toContainText(/Live|Complete/);
  await page.getByRole('tab', { name: /Unit tests/ }).click();
  await expect(page.getByTestId('console-state')).toContainText('Live');

  // The server dies (a crash, or the machine it runs on is gone): no goodbye reaches the page.
  kozmic.process.kill('SIGKILL');
  await expect(page.getByTestId('reconnecting')).toContainText('cannot be reached');
  const header = page.getByTestId('build-header');
  await expect(page.getByTestId('build-status')).toContainText('Server unreachable');
  await expect(page.getByTestId('build-status')).not.toContainText('Running');
  await expect(page.getByTestId('console-state')).toContainText('Server unreachable');
  await expect(page.getByTestId('console-state')).not.toContainText('Live');
  await expect(page.getByTestId('job-status')).toContainText('Server unreachable');
  const clock = await header.getByTestId('build-running-for').textContent();
  const jobClock = await page.getByTestId('job-duration').textContent();
  await page.waitForTimeout(2_500);
  expect(await header.getByTestId('build-running-for').textContent()).toBe(clock);
  expect(await page.getByTestId('job-duration').textContent()).toBe(jobClock);
  await screenshot(page, 'server-unreachable');

  // It comes back on the same addresses: the page reconnects and shows what happened meanwhile.
  const again = await startHeadless(kozmic.dataDir, {
    KOZMIC_PORT: String(kozmic.webhookPort),
    KOZMIC_UI_PORT: new URL(kozmic.url).port,
    KOZMIC_PUBLIC_URL: `http://127.0.0.1:${kozmic.webhookPort}`,
    KOZMIC_GITHUB_URL: standin.url,
    KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
    KOZMIC_GITHUB_CLIENT_SECRET: standin.clientSecret,
  });
  try {
    await expect(page.getByTestId('reconnecting')).toBeHidden();
    // The jobs the dead server ran end as interrupted (an error), and the build with them.
    await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'failure');
    await expect(header).toContainText('took');
  } finally {
    await again.stop();
  }
});
