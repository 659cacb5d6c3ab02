// The operator on the machine Kozmic runs on: the printed address signs this browser in, for every
// tab and across browser restarts, until they sign out of it; a wrong token says so and where the
// right address is. Nothing talks about a team while there is none.
import { expect, openApp, test } from './fixtures.js';

test('the operator stays signed in across tabs and browser restarts until signing out', async ({
  page,
  browser,
  kozmic,
  api,
  standin,
}) => {
  await api.signIn(standin);
  await openApp(page, kozmic);
  await expect(page.getByTestId('home-view')).toBeVisible();
  // The token left the address bar once it was kept.
  expect(page.url()).not.toContain('token');

  // A new tab on the bare address.
  const tab = await page.context().newPage();
  await tab.goto(kozmic.url);
  await expect(tab.getByTestId('home-view')).toBeVisible();
  await expect(tab.getByTestId('account')).toContainText('octocat');

  // A browser restart: a new context with what the browser had stored.
  const restarted = await browser.newContext({ storageState: await page.context().storageState() });
  const again = await restarted.newPage();
  await again.goto(`${kozmic.url}/settings`);
  await expect(again.getByTestId('sidebar')).toBeVisible();
  await expect(again.getByTestId('team-sign-in')).toHaveCount(0);

  // Signing out forgets the token in this browser: every new tab then asks for the address.
  await again.getByTestId('operator-sign-out').click();
  await expect(again.getByTestId('operator-hint')).toBeVisible();
  await expect(again.getByTestId('operator-hint')).toContainText('#token=');
  await expect(again.getByTestId('operator-hint')).toContainText('ui-token');
  await expect(again.getByTestId('team-sign-in')).toHaveCount(0);
  await expect(again.getByText('shared by a team')).toHaveCount(0);
  const after = await restarted.newPage();
  await after.goto(kozmic.url);
  await expect(after.getByTestId('operator-hint')).toBeVisible();
  await expect(after.getByTestId('sidebar')).toHaveCount(0);

  // The server still knows the operator: the printed address signs the browser in again.
  await openApp(after, kozmic);
  await expect(after.getByTestId('home-view')).toBeVisible();
  await restarted.close();
});

test('a wrong token says it is wrong and where the right address is', async ({ page, kozmic }) => {
  await page.goto(`${kozmic.url}/#token=not-the-right-token-0000000000000000`);
  await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
  const refused = page.getByTestId('token-refused');
  await expect(refused).toBeVisible();
  await expect(refused.getByRole('alert')).toContainText('not this Kozmic');
  await expect(refused).toContainText('#token=');
  await expect(refused).toContainText('ui-token');
  // Nobody else uses this Kozmic: no team sign-in.
  await expect(page.getByTestId('team-sign-in')).toHaveCount(0);
  expect(page.url()).not.toContain('not-the-right-token');

  // The right address still works in the same tab.
  await openApp(page, kozmic);
  await expect(page.getByTestId('welcome-view')).toBeVisible();
  await expect(page.getByTestId('sign-in-button')).toBeVisible();
  await expect(page.getByTestId('token-refused')).toHaveCount(0);
});
