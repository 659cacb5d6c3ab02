// Markup pushed by anyone who can commit must never run in the interface: commit messages and log
// output are text.
import { expect, openApp, repoName, test } from './fixtures.js';
import { markupBuild, markupPayload } from './scenarios.js';

test('markup in a commit message and in log output renders as text', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Echo', buildScript: markupBuild.buildScript });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'x.txt': 'x' }, { message: markupBuild.message });
  await openApp(page, kozmic, `/projects/${project.id}`);

  await expect(page.getByTestId('build-row-1')).toHaveAttribute('data-status', 'success');
  await expect(page.getByTestId('build-row-1')).toContainText(markupPayload);
  await expect(page.getByTestId('latest-build')).toContainText(markupPayload);
  await page.getByTestId('build-row-1').getByRole('link', { name: '#1' }).click();
  await expect(page.getByTestId('build-message')).toHaveText(`Escape me ${markupPayload}`);
  await expect(page.getByTestId('console-output')).toContainText(markupPayload);

  expect(await page.locator('img[src="x"], main script').count()).toBe(0);
  expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
  expect(dialogs).toEqual([]);
});
