// A narrow window (800 px): the sidebar folds into a bar above the page and the History table drops
// its less needed columns, so nothing scrolls sideways.
import { expect, historySettled, openApp, repoName, screenshot, test } from './fixtures.js';

const overflow = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

test('at 800 px the project page and its History fit the window', async ({ page, kozmic, api, standin }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Tests', buildScript: 'echo ok' });
  await standin.deliveries.settled();
  await standin.push(
    repoName,
    { 'a.txt': '1' },
    {
      message: 'A rather long commit message that goes on and on to fill the whole row of the History table',
    },
  );
  await standin.push(repoName, { 'b.txt': '2' }, { message: 'Second change' });
  await historySettled(api, project.id, 2);
  await openApp(page, kozmic, `/projects/${project.id}`);
  await expect(page.getByTestId('build-row-2')).toBeVisible();
  await screenshot(page, 'narrow-project');
  expect(await page.evaluate<number>(overflow)).toBe(0);
  // The sidebar is still there, above the page.
  await expect(page.getByTestId(`project-link-${repoName}`)).toBeVisible();
  await expect(page.getByTestId('build-history').getByRole('columnheader', { name: 'Commit' })).toBeHidden();

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByTestId('build-history').getByRole('columnheader', { name: 'Commit' })).toBeVisible();
});
