import { expect, test } from '@playwright/test';

// The whole backend, booted by scripts/test.sh with the production config
// (Postgres and Redis) when those servers are reachable.

test('the health endpoint answers without credentials and names its storage', async ({
  request,
}) => {
  const res = await request.get('/api/marketplace/health');

  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe('ok');
  expect(body.database.kind).toBe(process.env.E2E_EXPECT_DATABASE ?? 'sqlite3');
  expect(body.cache.kind).toBe(process.env.E2E_EXPECT_CACHE ?? 'memory');
});

test('the catalog serves the app’s own entities to a service token', async ({
  request,
}) => {
  const token = process.env.E2E_STATIC_TOKEN;
  expect(token, 'E2E_STATIC_TOKEN must be set').toBeTruthy();

  // The catalog ingests its locations asynchronously after start-up.
  await expect
    .poll(
      async () => {
        const res = await request.get(
          '/api/catalog/entities/by-name/component/default/backstage-marketplace-backend',
          { headers: { Authorization: `Bearer ${token}` } },
        );
        return res.status();
      },
      { timeout: 30_000 },
    )
    .toBe(200);
});

test('the catalog refuses callers without credentials', async ({ request }) => {
  const res = await request.get('/api/catalog/entities?limit=1');
  expect(res.status()).toBe(401);
});
