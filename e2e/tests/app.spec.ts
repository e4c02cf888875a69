import { expect, Page, test } from '@playwright/test';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Marketplace', exact: true }),
  ).toBeVisible();
}

function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

test('the home page loads with the catalog and the sidebar', async ({
  page,
}) => {
  await signInAsGuest(page);

  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  // The app's own catalog-info.yaml is loaded into its catalog.
  await expect(
    page.getByRole('link', { name: 'Marketplace app (backend)' }),
  ).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('home.png') });
});

test('the Marketplace page opens from the sidebar and reaches its backend', async ({
  page,
}) => {
  await signInAsGuest(page);

  await sidebar(page)
    .getByRole('link', { name: 'Marketplace', exact: true })
    .click();

  await expect(page).toHaveURL(/\/marketplace$/);
  // The seeded registry: real packages grouped into plugins, and the official ones.
  await expect(page.getByText(/^All \(\d{3}\)$/)).toBeVisible();
  await expect(page.getByText('Catalog & Discovery', { exact: false }).first()).toBeVisible();
  const database = process.env.E2E_EXPECT_DATABASE ?? 'sqlite3';
  const cache = process.env.E2E_EXPECT_CACHE ?? 'memory';
  await expect(page.getByText(new RegExp(`^${database}, ok in`))).toBeVisible();
  await expect(page.getByText(new RegExp(`^${cache}, ok in`))).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('marketplace.png') });
});

test('the Marketplace filters plugins by category', async ({ page }) => {
  await signInAsGuest(page);
  await sidebar(page).getByRole('link', { name: 'Marketplace', exact: true }).click();

  await page.getByRole('button', { name: /^Security \(\d+\)$/ }).click();

  await expect(page.getByText('Plugins: Security')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Permission' }).first()).toBeVisible();
  // Every listed plugin is in the category: the first page is full and each row says so.
  const rows = page.getByRole('row').filter({ hasText: /Downloads|Security/ });
  await expect(rows).toHaveCount(21);
  await expect(page.getByRole('row').filter({ hasText: 'Core & Framework' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('marketplace-security.png') });
});

test('searching by meaning finds the right real plugins although the words differ', async ({
  page,
}) => {
  await signInAsGuest(page);
  await sidebar(page).getByRole('link', { name: 'Marketplace', exact: true }).click();

  await page.getByLabel('Search plugins').fill('on-call incidents');

  await expect(page.getByText('Results for “on-call incidents”')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: /PagerDuty|Opsgenie/i }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('marketplace-search.png') });
});
