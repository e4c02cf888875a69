import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against a running app (by default the backend on :7007
 * serving the production build of the frontend; scripts/test.sh starts it).
 * The browser is Debian's Chromium; Playwright never downloads its own.
 */
export default defineConfig({
  testDir: './tests',
  // Two backend replicas need a database they share: not the embedded in-memory one.
  testIgnore: process.env.E2E_EXPECT_DATABASE === 'sqlite3' ? ['**/replicas.spec.ts'] : [],
  timeout: 60_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/results.json' }],
  ],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://localhost:7007',
    screenshot: 'only-on-failure',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
});
