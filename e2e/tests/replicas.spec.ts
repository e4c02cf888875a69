import { expect, Page, test } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expectAccessible, screenshot, signInAsGuest } from './helpers';

// A second backend replica beside the one scripts/test.sh started: same database and Redis, its
// own port and install store, supervised like the first. The admin restarts both from the
// Installed page, one at a time.
const ROOT = resolve(__dirname, '../..');
const PORT = 7008;
const RESULTS = join(ROOT, '.test-results');
const STORE = join(RESULTS, 'replica-2-store');

let second: ChildProcess | undefined;

interface Replica {
  id: string;
  startedAt: string;
  self: boolean;
}

async function restartStatus(page: Page, base = ''): Promise<{ replicas: Replica[]; rolling?: unknown }> {
  const res = await page.request.get(`${base}/api/marketplace/install/restart`, {
    headers: { authorization: `Bearer ${process.env.E2E_STATIC_TOKEN}` },
  });
  expect(res.status()).toBe(200);
  return res.json();
}

test.beforeAll(async () => {
  const args: string[] = JSON.parse(process.env.E2E_BACKEND_ARGS ?? 'null');
  expect(args, 'E2E_BACKEND_ARGS (set by scripts/test.sh)').toBeTruthy();
  mkdirSync(RESULTS, { recursive: true });
  rmSync(STORE, { recursive: true, force: true });
  writeFileSync(
    join(RESULTS, 'replica-2.yaml'),
    `backend:\n  baseUrl: http://localhost:${PORT}\n  listen:\n    port: ${PORT}\nmarketplace:\n  install:\n    storeDir: ${STORE}\n`,
  );
  const log = openSync(join(RESULTS, 'e2e-backend-replica-2.log'), 'w');
  // A process group of its own (detached), so that the supervisor and the backend stop together.
  second = spawn(
    'bash',
    ['scripts/supervise-backend.sh', 'bash', 'scripts/run-backend.sh', ...args, '--config', '../../.test-results/replica-2.yaml'],
    { cwd: ROOT, detached: true, stdio: ['ignore', log, log] },
  );
});

test.afterAll(async () => {
  if (second?.pid) {
    try {
      process.kill(-second.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
});

test('shows both backend replicas and restarts them one at a time from the installed page', async ({ page }) => {
  // A second backend starts, then each of the two restarts in turn.
  test.setTimeout(300_000);
  await expect
    .poll(async () => (await page.request.get(`http://localhost:${PORT}/api/marketplace/health`).catch(() => undefined))?.status(), {
      timeout: 150_000,
      intervals: [1000],
      message: 'the second replica answers (see .test-results/e2e-backend-replica-2.log)',
    })
    .toBe(200);
  await expect.poll(async () => (await restartStatus(page)).replicas.length, { timeout: 30_000 }).toBe(2);
  const before = (await restartStatus(page)).replicas;

  await signInAsGuest(page);
  await page.goto('/marketplace/installed');
  const replicas = page.getByRole('list', { name: 'Backend replicas' });
  await expect(replicas.getByRole('listitem').filter({ hasText: 'runs what is installed' })).toHaveCount(2);
  await expect(replicas).toContainText('this one');
  await screenshot(page, 'replicas-1-two');
  await expectAccessible(page, 'installed-replicas');

  const asked = Date.now();
  await page.getByRole('button', { name: 'Restart all replicas, one at a time' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rolling restart asked for by' })).toBeVisible();
  await screenshot(page, 'replicas-2-rolling');

  // Both replicas' processes start again, one after the other; the rolling restart is then over.
  await expect
    .poll(
      async () => {
        try {
          const status = await restartStatus(page, `http://localhost:${PORT}`);
          return status.replicas.length === 2 && status.replicas.every(r => Date.parse(r.startedAt) > asked) && !status.rolling;
        } catch {
          return false;
        }
      },
      { timeout: 240_000, intervals: [2000] },
    )
    .toBe(true);
  const after = (await restartStatus(page)).replicas;
  expect(after.map(r => r.id).sort()).toEqual(before.map(r => r.id).sort());

  await page.reload();
  await expect(page.getByRole('list', { name: 'Backend replicas' }).getByRole('listitem').filter({ hasText: 'runs what is installed' })).toHaveCount(2, {
    timeout: 30_000,
  });
  await expect(page.getByRole('button', { name: 'Restart all replicas, one at a time' })).toBeEnabled();
  await screenshot(page, 'replicas-3-restarted');
});
