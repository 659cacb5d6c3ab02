// With no Docker engine answering, the first screen says so and what to do about it.
import { test as base } from '@playwright/test';
import { makeDataDir, removeDataDir, startHeadless } from '../integration/headless-process.js';
import { expect, openApp, screenshot } from './fixtures.js';

base('the welcome screen shows a red Docker status with what to do', async ({ page }) => {
  const host = await startHeadless(await makeDataDir(), { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
  try {
    await openApp(page, host);
    await expect(page.getByTestId('docker-down')).toBeVisible();
    await expect(page.getByTestId('docker-status')).toContainText('/nonexistent/docker.sock');
    await expect(page.getByTestId('docker-status')).toContainText('none can start until it answers');
    // Without an OAuth application, signing in explains which variable is missing.
    await expect(page.getByTestId('sign-in')).toContainText('KOZMIC_GITHUB_CLIENT_ID');
    await screenshot(page, 'welcome-docker-down');
  } finally {
    await host.stop();
    await removeDataDir(host.dataDir);
  }
});
