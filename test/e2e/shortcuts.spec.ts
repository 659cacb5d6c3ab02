// Keyboard shortcuts never take typing meant for a field: the first field has the focus, and keys
// pressed anywhere in a form stay with the form.
import { expect, go, test } from './fixtures.js';

test('typing on New project goes to its search box, not to the shortcuts', async ({
  app: page,
  api,
  standin,
}) => {
  await api.signIn(standin);
  await page.reload();
  await expect(page.getByTestId('home-view')).toBeVisible();
  await page.keyboard.press('n');
  await expect(page.getByTestId('new-project-view')).toBeVisible();
  // "h" is the shortcut for Home.
  await page.keyboard.type('hello');
  await expect(page.getByTestId('new-project-view')).toBeVisible();
  await expect(page.getByTestId('repo-search')).toHaveValue('hello');
});

test('keys pressed on a form control are not shortcuts', async ({ app: page, api, standin }) => {
  await api.signIn(standin);
  await page.reload();
  await expect(page.getByTestId('home-view')).toBeVisible();
  await go(page, '/settings');
  await expect(page.getByTestId('settings-save')).toBeVisible();
  await page.getByTestId('settings-save').focus();
  await page.keyboard.press('h');
  await page.keyboard.press('n');
  await expect(page.getByTestId('settings-view')).toBeVisible();
  // Outside a form the shortcut works.
  await page.locator('h1').click();
  await page.keyboard.press('h');
  await expect(page.getByTestId('home-view')).toBeVisible();
});
