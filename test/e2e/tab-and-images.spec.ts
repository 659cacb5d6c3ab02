// What the browser shows around the page: Kozmic's icon, a tab title that carries the build's state,
// and teammates' avatars from a GitHub served over http (an Enterprise Server, the stand-in), which
// the page's Content-Security-Policy lets through by that GitHub's exact origin.
import { expect, openApp, repoName, test } from './fixtures.js';

test('the tab has an icon and a title with the build and its state', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Slow', buildScript: 'echo start; sleep 600' });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'change.txt': '1' }, { message: 'Slow build' });
  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);

  const icon = await page.request.get(`${kozmic.url}/favicon.svg`);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/svg+xml');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');

  await expect(page).toHaveTitle('● #1 running · app');
  await page.getByTestId('job-cancel').click();
  await expect(page).toHaveTitle('◌ #1 cancelled · app');
  await page.getByRole('link', { name: repoName }).first().click();
  await expect(page).toHaveTitle('◌ app · Kozmic');
});

test('avatars from an http GitHub load under the CSP', async ({ page, kozmic, api, standin }) => {
  standin.addUser('hubot');
  standin.repo(repoName)!.collaborators.set('hubot', 'write');
  const project = await api.signedInProject(standin);
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  await openApp(page, kozmic, `/projects/${project.id}/settings`);
  const avatar = page.getByTestId('member-hubot').locator('img.avatar');
  await expect(avatar).toHaveAttribute('src', new RegExp(`^${standin.url}/avatars/u/`));
  const loaded = (img: unknown) => {
    const image = img as { complete: boolean; naturalWidth: number };
    return image.complete && image.naturalWidth > 0;
  };
  await expect.poll(() => avatar.evaluate(loaded)).toBe(true);
  expect(blocked).toEqual([]);
});
