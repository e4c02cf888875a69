import { expect, Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signInAsGuest } from './helpers';

// A first-party plugin with a config schema: `soundcheck.certificationThreshold`
// (a number from 0 to 100) and `soundcheck.schedule.frequencyMinutes`.
const PLUGIN = 'marketplace.soundcheck';

function steps(page: Page) {
  return page.getByRole('navigation', { name: 'Install steps' });
}

function stepHeading(page: Page, name: string) {
  return page.getByRole('heading', { level: 2, name, exact: true });
}

function next(page: Page) {
  return page.getByRole('button', { name: /^Next: / });
}

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('the install wizard leads from the details page to the preview, keeping input, with screenshots and axe scans', async ({
  page,
}) => {
  // Six steps, five axe scans and seven screenshots: about 50 s on a quiet machine.
  test.slow();
  await page.goto(`/marketplace/plugins/${PLUGIN}`);
  await page.getByRole('button', { name: 'Install', exact: true }).click();

  // Overview
  await expect(page).toHaveURL(new RegExp(`/marketplace/plugins/${PLUGIN.replace('.', '\\.')}/install`));
  await expect(page.getByRole('heading', { level: 1, name: 'Install Soundcheck' })).toBeVisible();
  await expect(stepHeading(page, 'Overview')).toBeVisible();
  await expect(page.getByLabel('Version')).toHaveValue('0.1.0');
  await expect(page.getByText('What installing means')).toBeVisible();
  await screenshot(page, 'wizard-1-overview');
  await expectAccessible(page, 'wizard-overview');

  // Permissions, reached with the keyboard: focus lands on the step's heading.
  await next(page).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/step=permissions/);
  await expect(stepHeading(page, 'Permissions')).toBeFocused();
  await expect(page.getByRole('list', { name: 'Permissions the plugin asks for' })).toContainText(
    'Checks run against catalog entities',
  );
  await screenshot(page, 'wizard-2-permissions');

  // Dependencies: the plan, in words.
  await next(page).click();
  await expect(page).toHaveURL(/step=dependencies/);
  await expect(page.getByRole('table', { name: 'Plugins in the plan' })).toContainText('Soundcheck');
  await expect(page.getByRole('table', { name: 'Plugins in the plan' })).toContainText('You asked for it');
  await screenshot(page, 'wizard-3-dependencies');
  await expectAccessible(page, 'wizard-dependencies');

  // Configure: the form from the schema, validated by the backend as the user types.
  await expect(next(page)).toBeEnabled();
  await next(page).click();
  await expect(page).toHaveURL(/step=configure/);
  const threshold = page.getByRole('spinbutton', { name: /Certification threshold/i });
  await expect(threshold).toBeVisible();
  await threshold.fill('150');
  await expect(threshold).toHaveAccessibleDescription(/must be <= 100/);
  await expect(page.getByText(/1 problem to fix/)).toBeVisible();
  await expect(next(page)).toBeDisabled();
  await screenshot(page, 'wizard-4-configure-error');
  await threshold.fill('90');
  await expect(page.getByText('The configuration is valid.')).toBeVisible();
  await expect(threshold).not.toHaveAccessibleDescription(/must be <= 100/);
  await screenshot(page, 'wizard-4-configure');
  await expectAccessible(page, 'wizard-configure');

  // Preview: the validation result, the diff and the whole file.
  await next(page).click();
  await expect(page).toHaveURL(/step=preview/);
  await expect(page.getByText("The configuration is valid against the plugin's schema.")).toBeVisible();
  const diff = page.getByRole('region', { name: 'Changes to the managed config: unified diff' });
  await expect(diff).toContainText('certificationThreshold: 90');
  await expect(page.getByRole('region', { name: /after the change, YAML/ })).toContainText('soundcheck:');
  await screenshot(page, 'wizard-5-preview');
  await expectAccessible(page, 'wizard-preview');

  // Back and forth, with the browser, the buttons and the stepper: the input stays.
  await page.goBack();
  await expect(page).toHaveURL(/step=configure/);
  await expect(threshold).toHaveValue('90');
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(stepHeading(page, 'Dependencies')).toBeVisible();
  await steps(page).getByRole('button', { name: 'Overview' }).click();
  await expect(stepHeading(page, 'Overview')).toBeVisible();
  await steps(page).getByRole('button', { name: 'Configure' }).click();
  await expect(threshold).toHaveValue('90');
  await steps(page).getByRole('button', { name: 'Preview' }).click();
  await expect(diff).toContainText('certificationThreshold: 90');
});

test('the wizard reads well in the dark theme, up to the confirm step', async ({
  page,
}) => {
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Dark' }).click();
  await expect(page.getByRole('button', { name: 'Dark' })).toHaveAttribute('aria-pressed', 'true');

  await page.goto(`/marketplace/plugins/${PLUGIN}/install?step=preview`);
  await expect(page.getByRole('region', { name: 'Changes to the managed config: unified diff' })).toBeVisible();
  await screenshot(page, 'wizard-preview-dark');
  await expectAccessible(page, 'wizard-preview-dark');

  await next(page).click();
  await expect(stepHeading(page, 'Confirm')).toBeVisible();
  const install = page.getByRole('button', { name: 'Install Soundcheck 0.1.0' });
  // Installing for real is install.spec.ts; here the button is only ready.
  await expect(install).toBeEnabled();
  await expect(install).toHaveAccessibleDescription(/Installs the plan and configuration above/);
  await screenshot(page, 'wizard-6-confirm-dark');
});

test('the managed configuration page shows the file, the per-plugin forms and the history, and passes an axe scan', async ({
  page,
}) => {
  await page.goto('/marketplace/admin/config');
  await expect(page.getByRole('heading', { level: 1, name: 'Managed configuration' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Managed config (YAML)' })).toBeVisible();
  await page.getByRole('button', { name: 'Validate' }).click();
  await expect(page.getByText(/Valid YAML/)).toBeVisible();
  await screenshot(page, 'config-admin-yaml');
  await expectAccessible(page, 'config-admin-yaml');

  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page).toHaveURL(/tab=history/);
  await expect(page.getByRole('tabpanel')).toBeVisible();
  await screenshot(page, 'config-admin-history');
  await expectAccessible(page, 'config-admin-history');
});
