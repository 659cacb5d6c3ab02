// A history longer than one page (50 builds): page 1 holds the newest 50, the pager moves between pages
// and keeps the page in the URL, and a build that starts while page 1 is on screen joins its top, once.
// Two orderings the network allows are forced by holding back a real answer of the core: a build whose
// events come before the (older) answer for page 1, and going back while page 2 is still on its way.
import type { Locator, Page } from '@playwright/test';
import { expect, historySettled, openApp, repoName, test } from './fixtures.js';

const seeded = 53;
const perPage = 50;

/** `#from` down to `#to`, as the first column of the history shows them. */
function numbersDown(from: number, to: number): string[] {
  return Array.from({ length: from - to + 1 }, (_, i) => `#${from - i}`);
}

function historyNumbers(page: Page): Locator {
  return page.getByTestId('build-history').locator('tbody tr td:first-child');
}

/**
 * Holds back the core's next answer to `builds.list`: `computed` resolves once the core has answered
 * (so the answer is fixed), and the page gets it only after `release()`.
 */
async function holdNextPageAnswer(page: Page): Promise<{ computed: Promise<void>; release: () => void }> {
  let answered!: () => void;
  const computed = new Promise<void>((resolve) => (answered = resolve));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    '**/api/call/builds.list',
    async (route) => {
      const response = await route.fetch();
      answered();
      await held;
      await route.fulfill({ response });
    },
    { times: 1 },
  );
  return { computed, release };
}

test('a history of more than 50 builds pages 50 at a time, newest first, live at the top', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  // Real builds of a trivial script on the small image: 53 pushes, 53 webhooks, 53 containers, seconds.
  await api.value('settings.update', { maxParallelJobs: 4 });
  await api.addHook(project.id, { title: 'Quick', buildScript: 'true' });
  await standin.deliveries.settled();
  for (let n = 1; n <= seeded; n++) {
    await standin.push(repoName, { 'counter.txt': `${n}\n` }, { message: `Change ${n}` });
  }
  await standin.deliveries.settled();
  await historySettled(api, project.id, seeded);

  const pager = page.getByTestId('pager');
  const newer = pager.getByRole('button', { name: /Newer/ });
  const older = pager.getByTestId('older');
  const pageTwoInUrl = /[?&]page=2(&|#|$)/;

  await test.step('page 1 shows the newest 50', async () => {
    await openApp(page, kozmic, `/projects/${project.id}`);
    await expect(historyNumbers(page)).toHaveText(numbersDown(seeded, seeded - perPage + 1));
    await expect(page.getByTestId(`build-row-${seeded}`)).toContainText(`Change ${seeded}`);
    await expect(page.getByTestId(`build-row-${seeded}`)).toHaveAttribute('data-status', 'success');
    await expect(pager).toContainText(`Page 1 of 2 · ${seeded} builds`);
    await expect(newer).toBeDisabled();
    await expect(older).toBeEnabled();
  });

  await test.step('Older shows the rest, and the page is in the URL', async () => {
    await older.click();
    await expect(page).toHaveURL(pageTwoInUrl);
    await expect(historyNumbers(page)).toHaveText(numbersDown(3, 1));
    await expect(page.getByTestId('build-row-1')).toContainText('Change 1');
    await expect(pager).toContainText(`Page 2 of 2 · ${seeded} builds`);
    await expect(older).toBeDisabled();
    await expect(newer).toBeEnabled();

    await page.reload();
    await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
    await expect(historyNumbers(page)).toHaveText(numbersDown(3, 1));
    await expect(pager).toContainText(`Page 2 of 2 · ${seeded} builds`);
  });

  await test.step('Back, Forward and Newer move between the pages', async () => {
    await page.goBack();
    await expect(page).not.toHaveURL(/page=/);
    await expect(historyNumbers(page)).toHaveText(numbersDown(seeded, seeded - perPage + 1));
    await page.goForward();
    await expect(page).toHaveURL(pageTwoInUrl);
    await expect(historyNumbers(page)).toHaveText(numbersDown(3, 1));
    await newer.click();
    await expect(page).not.toHaveURL(/page=/);
    await expect(historyNumbers(page)).toHaveText(numbersDown(seeded, seeded - perPage + 1));
    await expect(pager).toContainText(`Page 1 of 2 · ${seeded} builds`);
  });

  await test.step('a build starting while page 1 is shown joins its top, once', async () => {
    await standin.push(repoName, { 'counter.txt': '54\n' }, { message: 'Change 54' });
    await expect(page.getByTestId('build-row-54')).toHaveAttribute('data-status', 'success');
    await expect(historyNumbers(page)).toHaveText(numbersDown(54, 5));
    await expect(pager).toContainText('Page 1 of 2 · 54 builds');

    await older.click();
    await expect(historyNumbers(page)).toHaveText(numbersDown(4, 1));
    await newer.click();
    await expect(historyNumbers(page)).toHaveText(numbersDown(54, 5));
  });

  await test.step('a build whose events come before the answer for page 1 is not lost', async () => {
    await older.click();
    await expect(historyNumbers(page)).toHaveText(numbersDown(4, 1));
    const answer = await holdNextPageAnswer(page);
    await newer.click();
    await answer.computed;
    await standin.push(repoName, { 'counter.txt': '55\n' }, { message: 'Change 55' });
    // The latest build shows #55 finished: every event of #55 has reached the page.
    const latest = page.getByTestId('latest-build');
    await expect(latest).toContainText('#55');
    await expect(latest.getByTestId('status-badge')).toHaveAttribute('data-status', 'success');
    answer.release();

    await expect(historyNumbers(page)).toHaveText(numbersDown(55, 6));
    await expect(page.getByTestId('build-row-55')).toHaveAttribute('data-status', 'success');
    await expect(pager).toContainText('Page 1 of 2 · 55 builds');
  });

  await test.step('going back while page 2 loads shows the page the URL names', async () => {
    const answer = await holdNextPageAnswer(page);
    await older.click();
    await expect(page).toHaveURL(pageTwoInUrl);
    await answer.computed;
    await page.goBack();
    await expect(page).not.toHaveURL(/page=/);
    // Page 2 comes after the URL went back to page 1: page 1 must be fetched again, and win.
    const pageOne = page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/call/builds.list') &&
        (response.request().postDataJSON() as { page?: number }).page === 1,
    );
    answer.release();
    await pageOne;
    await expect(historyNumbers(page)).toHaveText(numbersDown(55, 6));
    await expect(pager).toContainText('Page 1 of 2 · 55 builds');
  });

  await test.step('page 2 counts a new build at once; a page past the end shows the last', async () => {
    await older.click();
    await expect(historyNumbers(page)).toHaveText(numbersDown(5, 1));
    await standin.push(repoName, { 'counter.txt': '56\n' }, { message: 'Change 56' });
    await expect(pager).toContainText('Page 2 of 2 · 56 builds');
    await expect(page.getByTestId('latest-build')).toContainText('#56');
    await expect(page.getByTestId('latest-build').getByTestId('status-badge')).toHaveAttribute(
      'data-status',
      'success',
    );
    await page.goto(`${kozmic.url}/projects/${project.id}?page=9`);
    await expect(page).toHaveURL(pageTwoInUrl);
    await expect(historyNumbers(page)).toHaveText(numbersDown(6, 1));
    await expect(pager).toContainText('Page 2 of 2 · 56 builds');
  });
});
