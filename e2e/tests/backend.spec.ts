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

test('a plugin published through catalog-info.yaml appears in the marketplace after a refresh', async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${process.env.E2E_STATIC_TOKEN}` };

  // examples/marketplace-plugins.yaml is a catalog location; once the catalog has
  // processed it, one refresh of the catalog source lists the plugin.
  await expect
    .poll(
      async () => {
        await request.post('/api/marketplace/refresh?source=catalog', { headers });
        const res = await request.get('/api/marketplace/plugins/acme.deploy-insights', { headers });
        return res.status();
      },
      { timeout: 45_000, intervals: [1_000, 2_000, 3_000] },
    )
    .toBe(200);

  const plugin = await (
    await request.get('/api/marketplace/plugins/acme.deploy-insights', { headers })
  ).json();
  expect(plugin).toMatchObject({ source: 'catalog', category: 'ci-cd' });
});
