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

/**
 * Finds a plugin by name in the marketplace, opens its details, starts the
 * install wizard and goes through every step to Confirm, then confirms.
 * Gives back the job's title (its progress region is named by it).
 */
export async function installFromWizard(page: Page, plugin: { id: string; name: string }): Promise<string> {
  await openMarketplace(page);
  const search = page.getByRole('textbox', { name: 'Search plugins' });
  await search.fill(plugin.name);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(plugin.name.split(' ')[0])}`));
  // Close the suggestions, which may cover the results.
  await search.press('Escape');
  const card = page.getByTestId('plugin-card').filter({ hasText: plugin.name }).first();
  await card.getByRole('link', { name: plugin.name }).first().click();
  await expect(page).toHaveURL(new RegExp(`/marketplace/plugins/${plugin.id.replace('.', '\\.')}$`));
  await page.getByRole('button', { name: 'Install', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: `Install ${plugin.name}` })).toBeVisible();
  for (const step of ['Permissions', 'Dependencies', 'Configure', 'Preview', 'Confirm']) {
    const next = page.getByRole('button', { name: `Next: ${step}` });
    await expect(next).toBeEnabled();
    await next.click();
    await expect(page.getByRole('heading', { level: 2, name: step, exact: true })).toBeVisible();
  }
  const install = page.getByRole('button', { name: new RegExp(`^Install ${plugin.name} \\d`) });
  await expect(install).toBeEnabled();
  const title = (await install.innerText()).trim();
  await install.click();
  await expect(page).toHaveURL(/[?&]job=/);
  return title;
}
