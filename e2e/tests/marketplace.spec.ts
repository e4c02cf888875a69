import { expect, test } from '@playwright/test';
import { expectAccessible, openMarketplace, screenshot, signInAsGuest } from './helpers';

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
  await openMarketplace(page);
});

test('the home shows discovery and passes an accessibility scan', async ({ page }) => {
  await expect(page.getByText('Browse by category')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Popular' }).getByRole('listitem').first()).toBeVisible();
  await screenshot(page, 'marketplace-home');
  await expectAccessible(page, 'marketplace-home');
});

test('a category opens results filtered to it, with counts and the filter in the URL', async ({ page }) => {
  await page.getByRole('button', { name: /^Security \(\d+\)/ }).click();

  await expect(page).toHaveURL(/category=security/);
  const filters = page.getByRole('region', { name: 'Filters' });
  await expect(filters.getByRole('checkbox', { name: /Security/ })).toBeChecked();
  const cards = page.getByTestId('plugin-card');
  await expect(cards.first()).toBeVisible();
  // Every card is in the category (the byline names it).
  const bylines = await cards.allInnerTexts();
  expect(bylines.length).toBeGreaterThan(3);
  for (const text of bylines) expect(text).toContain('Security');
  await screenshot(page, 'marketplace-results-security');
  await expectAccessible(page, 'marketplace-results');
});

test('searching by meaning finds the right real plugins although the words differ', async ({ page }) => {
  await page.getByLabel('Search plugins').fill('on-call incidents');

  await expect(page).toHaveURL(/q=on-call/);
  await expect(page.getByTestId('plugin-card').filter({ hasText: /PagerDuty|Opsgenie/i }).first()).toBeVisible();
  await screenshot(page, 'marketplace-search');
});

test('search, filter, open details, and come back with the state kept', async ({ page }) => {
  await page.getByLabel('Search plugins').fill('kubernetes');
  await expect(page).toHaveURL(/q=kubernetes/);
  const filters = page.getByRole('region', { name: 'Filters' });
  await filters.getByRole('checkbox', { name: /^Frontend \d+ plugins$/ }).check();
  await expect(page).toHaveURL(/role=frontend-plugin/);
  await page.getByRole('button', { name: 'List view' }).click();
  await expect(page).toHaveURL(/view=list/);

  const first = page.getByTestId('plugin-card').first();
  const name = (await first.getByRole('link').first().innerText()).trim();
  const resultsUrl = page.url();
  await first.getByRole('link', { name }).click();

  await expect(page).toHaveURL(/\/marketplace\/plugins\//);
  await expect(page.getByRole('heading', { name, exact: true }).first()).toBeVisible();
  await screenshot(page, 'marketplace-details');
  await expectAccessible(page, 'marketplace-details');

  await page.goBack();
  await expect(page).toHaveURL(resultsUrl);
  await expect(page.getByLabel('Search plugins')).toHaveValue('kubernetes');
  await expect(filters.getByRole('checkbox', { name: /^Frontend \d+ plugins$/ })).toBeChecked();
  await expect(page.getByRole('button', { name: 'List view' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('plugin-card').first()).toContainText(name);
});

test('the installed plugins page shows its empty state and passes an accessibility scan', async ({ page }) => {
  await page.getByRole('button', { name: 'Installed' }).click();
  await expect(page.getByText('No plugins installed from the marketplace yet')).toBeVisible();
  await screenshot(page, 'marketplace-installed');
  await expectAccessible(page, 'marketplace-installed');
});

test('the marketplace reads well in the dark theme and passes an accessibility scan there', async ({ page }) => {
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Dark' }).click();
  await expect(page.getByRole('button', { name: 'Dark' })).toHaveAttribute('aria-pressed', 'true');

  await page.goto('/marketplace?category=monitoring');
  await expect(page.getByTestId('plugin-card').first()).toBeVisible();
  await screenshot(page, 'marketplace-results-dark');
  await expectAccessible(page, 'marketplace-results-dark');

  await page.getByTestId('plugin-card').first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/marketplace\/plugins\//);
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible();
  await screenshot(page, 'marketplace-details-dark');
  await expectAccessible(page, 'marketplace-details-dark');
});

test('the results can be used with the keyboard alone', async ({ page }) => {
  const search = page.getByLabel('Search plugins');
  await search.focus();
  await page.keyboard.type('pagerduty');
  await expect(page).toHaveURL(/q=pagerduty/);
  await page.keyboard.press('Escape');

  // Tab from the search box reaches a result link and Enter opens it.
  const firstLink = page.getByTestId('plugin-card').first().getByRole('link').first();
  await expect(firstLink).toBeVisible();
  for (let i = 0; i < 80 && !(await firstLink.evaluate(el => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(firstLink).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/marketplace\/plugins\//);
});
