// `npm run bench:ui`: the console's speed in Debian's Chromium against the headless host.
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.js';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.bench.spec.ts',
  globalSetup: '../../test/e2e/global-setup.ts',
  timeout: 600_000,
  outputDir: '../../out/bench-ui-results',
});
