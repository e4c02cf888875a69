import { expect, test } from '@playwright/test';
import { openMarketplace, screenshot, sidebar, signInAsGuest } from './helpers';

test('the home page loads with the catalog and the sidebar', async ({ page }) => {
  await signInAsGuest(page);

  await expect(sidebar(page).getByRole('link', { name: 'Catalog', exact: true })).toBeVisible();
  // The app's own catalog-info.yaml is loaded into its catalog.
  await expect(page.getByRole('link', { name: 'Marketplace app (backend)' })).toBeVisible();
  await screenshot(page, 'home');
});

test('the Marketplace page opens from the sidebar and reaches its backend', async ({ page }) => {
  await signInAsGuest(page);
  await openMarketplace(page);

  // The seeded registry: real packages grouped into plugins, by category.
  await expect(page.getByRole('button', { name: /^Catalog & Discovery \(\d+\)/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Popular' }).getByRole('listitem')).toHaveCount(4);

  await page.getByRole('button', { name: 'Installed' }).click();
  await expect(page).toHaveURL(/\/marketplace\/installed$/);
  const database = process.env.E2E_EXPECT_DATABASE ?? 'sqlite3';
  const cache = process.env.E2E_EXPECT_CACHE ?? 'memory';
  await expect(page.getByText(new RegExp(`^${database}, ok in`))).toBeVisible();
  await expect(page.getByText(new RegExp(`^${cache}, ok in`))).toBeVisible();
});
