// Playwright's configuration for the browser tests (README, "Browser tests"). It lives in
// test/browser so that the top level stays as the brief fixes it. Debian's Chromium, headless,
// with the flags this machine needs: root (no sandbox), no internet (no background networking).
import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './chromium.js';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: './.results',
  // One server and one database for the run: tests that change data must not race each other.
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
    },
    screenshot: 'only-on-failure',
    // Recording a trace snapshots the DOM at every step and more than doubles GraphiQL's test;
    // ask for one when debugging: npm run test:browser -- --trace on
    trace: 'off',
  },
});
