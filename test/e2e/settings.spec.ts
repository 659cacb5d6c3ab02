// Settings (fields fixed by the environment are read-only and say which variable), webhook
// reachability following the public URL, keyboard shortcuts, deleting a project with a typed
// confirmation, and the dark theme.
import { test as base } from '@playwright/test';
import { freePort } from '../fixtures/free-port.js';
import { startTunnelServer } from '../fixtures/tunnel-server.js';
import { makeDataDir, removeDataDir, startHeadless } from '../integration/headless-process.js';
import { consoleText, expect, go, openApp, repoName, screenshot, test } from './fixtures.js';

test('settings show environment-fixed fields read-only and save the others', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  await api.signIn(standin);
  await openApp(page, kozmic, '/');
  await page.keyboard.press(',');
  await expect(page.getByTestId('settings-view')).toBeVisible();
  const publicUrl = page.getByTestId('setting-publicUrl');
  await expect(publicUrl.locator('input')).toHaveAttribute('readonly', '');
  await expect(publicUrl.getByTestId('from-environment')).toContainText('KOZMIC_PUBLIC_URL');
  await expect(page.getByTestId('setting-githubUrl').getByTestId('from-environment')).toContainText(
    'KOZMIC_GITHUB_URL',
  );

  await page.getByTestId('setting-stallTimeoutSeconds').locator('input').fill('5');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('setting-stallTimeoutSeconds')).toContainText('10');
  await page.getByTestId('setting-stallTimeoutSeconds').locator('input').fill('600');
  await page.getByTestId('setting-maxParallelJobs').locator('input').fill('3');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  expect(await api.value('settings.get')).toMatchObject({ maxParallelJobs: 3, stallTimeoutSeconds: 600 });
  await page.evaluate('scrollTo(0, 0)');
  await screenshot(page, 'settings');
});

base('turning the tunnel on gives a public address that reaches this Kozmic', async ({ page }) => {
  const tunnels = await startTunnelServer();
  const host = await startHeadless(await makeDataDir(), { KOZMIC_PORT: String(await freePort()) });
  try {
    await openApp(page, host, '/settings');
    const status = page.getByTestId('webhook-status');
    await expect(status.getByTestId('webhooks-down')).toBeVisible();
    await expect(status.getByTestId('tunnel-status')).toHaveCount(0);
    // A tunnel server nobody answers at first: the problem is said, and retried.
    const closed = `http://127.0.0.1:${await freePort()}`;
    await page.getByTestId('setting-tunnelServer').locator('input').fill(closed);
    await page.getByTestId('setting-tunnel').locator('input').check();
    await page.getByTestId('settings-save').click();
    await expect(status.getByTestId('tunnel-status')).toHaveAttribute('data-state', 'failed');
    await expect(status.getByTestId('tunnel-problem')).toContainText(`${closed} cannot be reached`);
    await expect(status.getByTestId('tunnel-problem')).toContainText('Trying again at');

    await page.getByTestId('setting-tunnelServer').locator('input').fill(tunnels.url);
    await page.getByTestId('settings-save').click();
    await expect(status.getByTestId('tunnel-status')).toHaveAttribute('data-state', 'open');
    const url = tunnels.tunnels()[0]!.publicUrl;
    await expect(status.getByTestId('webhooks-ok')).toBeVisible();
        await expect(status).toContainText(url);
    await page.getByTestId('setting-publicUrl').scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-tunnel');
  } finally {
    await host.stop();
    await removeDataDir(host.dataDir);
    await tunnels.close();
  }
});

// Without KOZMIC_PUBLIC_URL (the fixture sets it, and fixes it), so the field can be edited here.
base('webhook reachability turns green once the public URL leads to the webhook port', async ({ page }) => {
  const port = await freePort();
  const host = await startHeadless(await makeDataDir(), { KOZMIC_PORT: String(port) });
  try {
    await openApp(page, host);
    const welcome = page.getByTestId('webhook-status');
    await expect(welcome.getByTestId('webhooks-down')).toBeVisible();
    await expect(welcome).toContainText('No public URL is set');
    await expect(welcome).toContainText(`KOZMIC_PORT ${port}`);

    await welcome.getByTestId('webhooks-settings').click();
    await expect(page.getByTestId('settings-view')).toBeVisible();
    const beside = page.getByTestId('webhook-status');
    await expect(beside.getByTestId('webhooks-down')).toBeVisible();
    await page.getByTestId('setting-publicUrl').locator('input').fill(`http://127.0.0.1:${port}`);
    await page.getByTestId('settings-save').click();
    await expect(beside.getByTestId('webhooks-ok')).toBeVisible();
    await expect(beside).toContainText(`http://127.0.0.1:${port}`);
    await expect(beside).toContainText('Only this machine can use that address');

    await go(page, '/welcome');
    await expect(page.getByTestId('webhook-status').getByTestId('webhooks-ok')).toBeVisible();
  } finally {
    await host.stop();
    await removeDataDir(host.dataDir);
  }
});

test('keyboard shortcuts, and deleting a project needs its full name typed', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await openApp(page, kozmic, '/');
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toBeHidden();
  await page.keyboard.press('n');
  await expect(page.getByTestId('new-project-view')).toBeVisible();
  await expect(page.getByTestId(`repo-${repoName}`)).toContainText('Already a project');

  await go(page, `/projects/${project.id}/settings`);
  await expect(page.getByTestId('badge-markdown')).toContainText(`/badges/${repoName}.svg?branch=main`);
  await page.getByTestId('delete-project-start').click();
  const confirm = page.getByTestId('delete-project-confirm');
  await page.getByTestId('delete-confirm-input').fill('app');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('delete-confirm-input').fill(repoName);
  await confirm.click();
  await expect(page.getByTestId('home-view')).toBeVisible();
  await expect(page.getByTestId('empty-state')).toContainText('No projects yet');
  expect(standin.repo(repoName)!.hooks.size).toBe(0);
});

test('follows the dark theme of the system', async ({ page, kozmic, api, standin }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, {
    title: 'Unit tests',
    buildScript: 'printf "\\033[1;32mok\\033[0m all good\\n"',
  });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'a.txt': 'a' }, { message: 'Try the dark theme' });
  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);
  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'success');
  await expect(page.getByTestId('console-output')).toContainText('ok all good');
  const text = await consoleText(page);
  expect(text.startsWith('» Fetching'), text).toBe(true);
  expect(text.match(/Job succeeded/g)).toHaveLength(1);
  const background = await page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
  expect(background).toBe('rgb(13, 17, 23)');
  await screenshot(page, 'build-dark');
});
