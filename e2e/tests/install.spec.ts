import { expect, Page, test } from '@playwright/test';
import { expectAccessible, installFromWizard, screenshot, signInAsGuest } from './helpers';

// The first-party sandboxed plugin (plugins/marketplace-backend/data/sandbox-plugins/hello-counter):
// live at once in its isolate, no restart, one route that greets and counts visits.
const PLUGIN = 'marketplace.sandbox-hello';
const NAME = 'Hello Counter';
const ROUTE = `/api/marketplace/runtime/${PLUGIN}/hello`;

/** Calls the plugin's route as the e2e service, outside the user's session. */
async function routeStatus(page: Page): Promise<number> {
  const token = process.env.E2E_STATIC_TOKEN;
  const res = await page.request.get(ROUTE, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return res.status();
}

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('installs the sandboxed Hello Counter from the wizard, calls its live route, and removes it from the installed page', async ({
  page,
}) => {
  // Six wizard steps, an install, a removal, three axe scans.
  test.slow();

  // Find it, open its details, go through the wizard's steps and confirm.
  const title = await installFromWizard(page, { id: PLUGIN, name: NAME });

  // The progress of the job, with its id in the URL.
  await expect(page.getByRole('heading', { level: 1, name: `Installing ${NAME}` })).toBeVisible();
  const job = page.getByRole('region', { name: title });
  await expect(job).toBeVisible();
  await screenshot(page, 'install-1-progress');
  await expect(job.getByRole('status', { name: `${title}: state` })).toHaveText('done', { timeout: 60_000 });
  await expect(job.getByRole('list', { name: `Events of ${title}` })).toContainText('activating');
  await expect(job.getByText(`${NAME} is live now.`, { exact: false })).toBeVisible();

  // A reload re-attaches to the finished job.
  await page.reload();
  await expect(page.getByRole('region', { name: title }).getByRole('status', { name: `${title}: state` })).toHaveText('done');

  // Live: its route answers the signed-in user, called from the page with the user's token.
  await page.getByRole('button', { name: `Call ${ROUTE}` }).click();
  const answer = page.getByRole('status', { name: `Answer of ${ROUTE}` });
  await expect(answer).toContainText('200: {"message":"Hello, ');
  // The first visit: the counter starts from nothing (a removal deletes the plugin's data).
  await expect(answer).toContainText('"visits":1');
  await screenshot(page, 'install-2-done');
  await expectAccessible(page, 'install-progress');
  expect(await routeStatus(page)).toBe(200);

  // Remove it from the installed page.
  await page.goto('/marketplace/installed');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: PLUGIN }) });
  await expect(row).toBeVisible();
  await expectAccessible(page, 'installed');
  await row.getByRole('button', { name: `Remove ${PLUGIN}` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${PLUGIN}?` });
  await expect(dialog.getByRole('list', { name: 'What goes' })).toContainText('sandbox');
  await screenshot(page, 'install-3-remove-dialog');
  await expectAccessible(page, 'install-remove-dialog');
  await dialog.getByRole('button', { name: /^Remove/ }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('link', { name: PLUGIN })).toHaveCount(0, { timeout: 60_000 });
  await screenshot(page, 'install-4-removed');
  // Gone from the runtime too.
  await expect.poll(() => routeStatus(page), { timeout: 30_000 }).not.toBe(200);
});
