import { createServiceFactory } from '@backstage/backend-plugin-api';
import { dynamicPluginsServiceRef } from '@backstage/backend-dynamic-feature-service';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DynamicBackendPlugin } from '@internal/backstage-plugin-marketplace-node';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { marketplaceModuleDynamicPlugins } from './dynamicPluginsModule';
import { MARKER_FILE } from './install/targets/DynamicPluginsTarget';
import { marketplacePlugin } from './plugin';
import { responseProblems } from './__testUtils__/openapi';
import { databases } from './__testUtils__/storage';

jest.setTimeout(60_000);

const PACKAGE = '@acme/plugin-broken-backend';
const DIGEST = 'b'.repeat(128);
const FAILURE = "Error: Cannot find module 'left-pad'";

describe.each(databases.eachSupportedId())('The marketplace with the dynamic plugins module on %s', databaseId => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dynamic-plugins-module-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * A backend whose database says acme.broken waits for a restart and whose
   * dynamic plugins root holds its package, as after an install.
   */
  async function start(features: Parameters<typeof startTestBackend>[0]['features'] = []) {
    const root = join(dir, 'dynamic-plugins-root');
    await mkdir(join(root, 'acme-plugin-broken-backend'), { recursive: true });
    await writeFile(
      join(root, 'acme-plugin-broken-backend', MARKER_FILE),
      JSON.stringify({ pluginId: 'acme.broken', pluginVersion: '1.0.0', name: PACKAGE, version: '1.0.0', role: 'backend-plugin', digest: DIGEST, jobId: 'job-1' }),
    );
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: resolve(__dirname, '../migrations') });
    const now = new Date().toISOString();
    await knex('installations').insert({
      plugin_id: 'acme.broken',
      version: '1.0.0',
      status: 'pending-restart',
      installed_at: now,
      updated_at: now,
      target: 'backend',
      packages: JSON.stringify([{ name: PACKAGE, version: '1.0.0', role: 'backend-plugin', status: 'active', digest: DIGEST }]),
      job_id: 'job-1',
    });
    const { server } = await startTestBackend({
      features: [
        marketplacePlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { dynamicPlugins: { rootDirectory: root }, marketplace: { install: { storeDir: join(dir, 'store') } } },
        }),
        catalogServiceMock.factory({ entities: [] }),
        ...features,
      ],
    });
    const res = await request(server).get('/api/marketplace/installed');
    expect(responseProblems('/installed', res.status, res.body)).toEqual([]);
    return res.body.items.find((p: { pluginId: string }) => p.pluginId === 'acme.broken');
  }

  it("marks a backend plugin the loader could not load failed, and answers the loader's error in GET /installed", async () => {
    const plugins: DynamicBackendPlugin[] = [{ name: PACKAGE, version: '1.0.0', failure: FAILURE }];
    const loader = createServiceFactory({
      service: dynamicPluginsServiceRef,
      deps: {},
      factory: () =>
        ({
          backendPlugins: (options?: { includeFailed?: boolean }) => plugins.filter(p => options?.includeFailed || !p.failure),
        }) as any,
    });

    expect(await start([marketplaceModuleDynamicPlugins, loader])).toMatchObject({
      status: 'failed',
      statusMessage: `${PACKAGE} 1.0.0 did not load: ${FAILURE}`,
    });
  });

  it('starts without the module (an app without the loader) and goes by the files in the root', async () => {
    const installed = await start();

    expect(installed).toMatchObject({ status: 'installed' });
    expect(installed.statusMessage).toBeUndefined();
  });
});
