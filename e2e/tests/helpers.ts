import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';

/** Signs in with the guest provider and waits for the sidebar. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(sidebar(page).getByRole('link', { name: 'Marketplace', exact: true })).toBeVisible();
}

export function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

/** Opens the marketplace from the sidebar, as a user would. */
export async function openMarketplace(page: Page) {
  await sidebar(page).getByRole('link', { name: 'Marketplace', exact: true }).click();
  await expect(page).toHaveURL(/\/marketplace$/);
}

/** A full-page screenshot in the e2e output folder. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

/**
 * Scans the page with axe (WCAG 2.1 A and AA rules) and fails on serious or
 * critical violations; minor ones are attached to the report.
 */
export async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  await test.info().attach(`axe-${name}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  const blocking = results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join('; ')})`);
  expect(blocking, `accessibility violations on ${name}`).toEqual([]);
}
