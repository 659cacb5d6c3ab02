// When the machine is back on the network, the interface asks the core to re-check Docker, the tunnel
// and the webhook address at once, instead of showing an old answer until the next poll.
import { test as base } from '@playwright/test';
import { makeDataDir, removeDataDir, startHeadless } from '../integration/headless-process.js';
import { expect, openApp } from './fixtures.js';

base('coming back online re-checks the engine and the webhook address at once', async ({ page, context }) => {
  const host = await startHeadless(await makeDataDir(), { KOZMIC_PUBLIC_URL: 'http://127.0.0.1:9' });
  try {
    await openApp(page, host);
    await expect(page.getByTestId('docker-status')).toBeVisible();
    await context.setOffline(true);
    const recheck = page.waitForResponse((response) => response.url().endsWith('/api/call/app.recheck'));
    await context.setOffline(false);
    const answer = (await (await recheck).json()) as { ok: boolean; value?: { webhooks: { checkedAt: string } } };
    expect(answer.ok).toBe(true);
    expect(Date.now() - Date.parse(answer.value!.webhooks.checkedAt)).toBeLessThan(10_000);
  } finally {
    await host.stop();
    await removeDataDir(host.dataDir);
  }
});
