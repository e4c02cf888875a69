import { expect, Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible, installFromWizard, screenshot, sidebar, signInAsGuest } from './helpers';

// A real frontend plugin from npm, of this app's Backstage release: the install adds it to
// packages/app/package.json, runs yarn install and builds the app; after the restart the
// backend serves the new bundle and the app's feature discovery shows its page.
const PLUGIN = 'backstage.catalog-graph';
const NAME = 'Catalog Graph';
const PACKAGE = '@backstage/plugin-catalog-graph';
const APP_MANIFEST = join(__dirname, '..', '..', 'packages', 'app', 'package.json');

function appDependencies(): Record<string, string> {
  return JSON.parse(readFileSync(APP_MANIFEST, 'utf8')).dependencies;
}

/** Restarts the backend from the page, waits until it is back and reloads the app. */
async function restartAndReload(page: Page, where: ReturnType<Page['getByRole']>) {
  await where.getByRole('button', { name: 'Restart backend to finish' }).click();
  await expect(where.getByText('The backend is back.')).toBeVisible({ timeout: 180_000 });
  await where.getByRole('button', { name: 'Reload the app' }).click();
  await expect(sidebar(page).getByRole('link', { name: 'Marketplace', exact: true })).toBeVisible();
}

// The test runs long; a step that cannot act fails within a minute rather than at its end.
test.use({ actionTimeout: 60_000 });

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('installs a real frontend plugin from npm through the wizard, shows its page after the restart, and removes it', async ({ page }) => {
  // yarn install and two builds of the app, two backend restarts.
  test.setTimeout(900_000);
  const before = appDependencies();
  expect(before).not.toHaveProperty(PACKAGE);

  const title = await installFromWizard(page, { id: PLUGIN, name: NAME });

  // yarn install and the app build run in the activating step.
  const job = page.getByRole('region', { name: title });
  await expect(job.getByRole('status', { name: `${title}: state` })).toHaveText('pending restart', { timeout: 300_000 });
  const events = job.getByRole('list', { name: `Events of ${title}` });
  await expect(events).toContainText('yarn install finished in');
  await expect(events).toContainText('The app was built in');
  await expect(job.getByText('is built into the app; it shows after the backend restarts').first()).toBeVisible();
  expect(appDependencies()[PACKAGE]).toMatch(/^\d+\.\d+\.\d+$/);
  await screenshot(page, 'frontend-install-1-built');
  await expectAccessible(page, 'frontend-install-built');

  await restartAndReload(page, job);

  // The plugin's own page, found by the app's feature discovery, with its nav item.
  await sidebar(page).getByRole('link', { name: NAME }).click();
  await expect(page).toHaveURL(/\/catalog-graph/);
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await expect(page.getByText('Use pinch & zoom to move around the diagram.')).toBeVisible();
  await screenshot(page, 'frontend-install-2-plugin-page');

  // Installed now (the process serves the bundle that has it); remove it.
  await page.goto('/marketplace/installed');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: PLUGIN }) });
  await expect(row).toContainText('installed');
  await row.getByRole('button', { name: `Remove ${PLUGIN}` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${PLUGIN}?` });
  await expect(dialog).toContainText(PACKAGE);
  await dialog.getByRole('button', { name: /^Remove/ }).click();
  await expect(page.getByRole('link', { name: PLUGIN })).toHaveCount(0, { timeout: 600_000 });

  // The removal waits for a restart too; the app's package set is as it was.
  const banner = page.getByRole('alert').filter({ has: page.getByRole('list', { name: 'Waiting for a restart' }) });
  await expect(banner).toContainText(`${PLUGIN} is removed`, { timeout: 30_000 });
  expect(appDependencies()).toEqual(before);
  await screenshot(page, 'frontend-install-3-removed');
  await restartAndReload(page, banner);

  await expect(sidebar(page).getByRole('link', { name: NAME })).toHaveCount(0);
  await page.goto('/catalog-graph');
  await expect(page.getByText('Use pinch & zoom to move around the diagram.')).toHaveCount(0);
});
