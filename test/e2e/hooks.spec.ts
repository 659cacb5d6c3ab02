// Every path through the hook editor, all through the interface: add a hook, start from a template,
// edit a saved hook (the change survives a reload and the next build runs it), delete a hook.
import { expect, openApp, repoName, test } from './fixtures.js';

test('a saved hook can be edited: the change survives a reload and the next build runs it', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await openApp(page, kozmic, `/projects/${project.id}/settings`);

  // New: through the form.
  await page.getByTestId('add-hook').click();
  await page.getByTestId('hook-title').fill('Unit tests');
  await page.getByTestId('hook-image').fill('kozmic-test/busybox:1');
  await page.getByTestId('hook-build').fill('echo "first version"');
  await page.getByTestId('hook-save').click();
  await expect(page.getByTestId('hook-Unit tests')).toBeVisible();

  // Edit: open it, change the build script, save.
  await page.getByTestId('hook-Unit tests').getByRole('link').click();
  await expect(page.getByTestId('hook-build')).toHaveValue('echo "first version"');
  await page.getByTestId('hook-build').fill('echo "second version"');
  await page.getByTestId('hook-save').click();
  await expect(page.getByTestId('project-settings')).toBeVisible();
  await expect(page.getByTestId('hook-editor')).toHaveCount(0);

  // The change is stored: a reload of the editor shows it.
  await page.getByTestId('hook-Unit tests').getByRole('link').click();
  await page.reload();
  await expect(page.getByTestId('hook-build')).toHaveValue('echo "second version"');
  await expect(page.getByTestId('hook-title')).toHaveValue('Unit tests');

  // And the next build runs it.
  await standin.deliveries.settled();
  await standin.push(repoName, { 'change.txt': 'x' }, { message: 'After the edit' });
  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'success');
  await expect(page.getByTestId('console-output')).toContainText('second version');
  await expect(page.getByTestId('console-output')).not.toContainText('first version');
});

test('a template fills the form, and a hook can be deleted with its webhook', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await openApp(page, kozmic, `/projects/${project.id}/settings`);

  await page.getByTestId('add-hook').click();
  await page.getByTestId('template-Shell script').click();
  await expect(page.getByTestId('hook-title')).toHaveValue('Build');
  await expect(page.getByTestId('hook-image')).toHaveValue('debian:bookworm');
  await expect(page.getByTestId('hook-build')).toHaveValue(/sh \.\/build\.sh/);
  // The small local image keeps the test off the network.
  await page.getByTestId('hook-image').fill('kozmic-test/busybox:1');
  await page.getByTestId('hook-save').click();
  await expect(page.getByTestId('hook-Build')).toBeVisible();
  await standin.deliveries.settled();
  expect(standin.repo(repoName)!.hooks.size).toBe(1);

  // Templates are for new hooks only.
  await page.getByTestId('hook-Build').getByRole('link').click();
  await expect(page.getByTestId('hook-build')).toHaveValue(/sh \.\/build\.sh/);
  await expect(page.getByTestId('template-Shell script')).toHaveCount(0);

  await page.getByRole('button', { name: 'Delete hook…' }).click();
  await page.getByTestId('hook-delete-confirm').click();
  await expect(page.getByTestId('project-settings')).toBeVisible();
  await expect(page.getByTestId('hook-Build')).toHaveCount(0);
  await expect(page.getByTestId('empty-state')).toContainText('No hooks yet');
  expect(standin.repo(repoName)!.hooks.size).toBe(0);
  await page.reload();
  await expect(page.getByTestId('empty-state')).toContainText('No hooks yet');
});
