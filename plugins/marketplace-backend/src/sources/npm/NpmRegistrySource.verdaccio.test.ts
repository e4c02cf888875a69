import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { mkdtemp, rm } from 'node:fs/promises';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServer } from 'verdaccio';
import {
  todoBackendSchema,
  todoFrontendSchema,
  todoPlugin,
  weatherPlugin,
} from './__testUtils__/fixtures';
import { buildRelease, publishBody } from './__testUtils__/packages';
import { NpmRegistrySource } from './NpmRegistrySource';
import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { marketplacePlugin } from '../../plugin';

/**
 * Against a real private registry: Verdaccio on loopback with htpasswd
 * users, no uplinks, and packages readable by authenticated users only.
 * Packages go in through the same protocol `npm adduser` and `npm publish` use.
 */
describe('NpmRegistrySource against Verdaccio', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let token: string;
  const startedAt = new Date();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'marketplace-verdaccio-'));
    server = await runServer({
      self_path: join(dir, 'config.yaml'),
      storage: join(dir, 'storage'),
      auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 10 } },
      uplinks: {},
      packages: {
        '**': { access: '$authenticated', publish: '$authenticated' },
      },
      web: { enable: false },
      log: { type: 'stdout', format: 'json', level: 'fatal' },
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const adduser = await fetch(`${url}/-/user/org.couchdb.user:publisher`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'publisher',
        password: 'correct-horse-battery',
        type: 'user',
        roles: [],
      }),
    });
    if (adduser.status !== 201)
      throw new Error(
        `adduser: HTTP ${adduser.status} ${await adduser.text()}`,
      );
    token = (await adduser.json()).token;

    for (const [name, releases] of Object.entries({
      ...todoPlugin(),
      ...weatherPlugin(),
    })) {
      for (const release of releases) {
        const published = await fetch(`${url}/${name.replace('/', '%2f')}`, {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify(
            publishBody(name, buildRelease(name, release, url)),
          ),
        });
        if (published.status !== 201) {
          throw new Error(
            `publish ${name}@${release.manifest.version}: HTTP ${published.status}`,
          );
        }
      }
    }
  }, 30_000);

  afterAll(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const sync = (withToken?: string) =>
    NpmRegistrySource.fromConfig(
      new ConfigReader({
        marketplace: {
          sources: {
            npm: {
              registry: url,
              ...(withToken && { token: withToken }),
              packages: [
                '@acme/plugin-todo',
                '@other/backstage-plugin-weather',
              ],
            },
          },
        },
      }),
      { logger: mockServices.logger.mock() },
    )!.read();

  it('syncs the published plugins with the token: grouped, with dated versions, README and config schema', async () => {
    const { listings, issues } = await sync(token);

    expect(issues).toEqual([]);
    expect(listings.map(l => l.spec.id)).toEqual([
      'acme.todo',
      'other.weather',
    ]);
    const [todo, weather] = listings;

    // Only the frontend was configured: the others came from backstage.pluginPackages.
    expect(todo.packages.map(p => [p.name, p.role, p.version])).toEqual([
      ['@acme/plugin-todo', 'frontend-plugin', '1.1.0'],
      ['@acme/plugin-todo-backend', 'backend-plugin', '0.6.0'],
      ['@acme/plugin-todo-common', 'common-library', '1.0.0'],
    ]);
    expect(todo.spec).toMatchObject({
      name: 'Todo',
      version: '1.1.0',
      description: 'Shows the TODO comments of an entity',
      author: { name: 'Jane Doe', email: 'jane@acme.dev' },
      license: 'Apache-2.0',
      tags: ['todo', 'code-quality', 'productivity'],
      backstageVersion: '>=1.30.0',
      provides: [
        { type: 'api', id: '/api/todo' },
        { type: 'extension', id: 'todo' },
      ],
      documentation: {
        repository: 'https://github.com/acme/plugins/tree/HEAD/plugins/todo',
        readme: '# Todo\n\nSee the TODOs of your code.',
      },
    });
    expect(todo.spec.configSchema).toEqual({
      allOf: [todoFrontendSchema, todoBackendSchema],
    });
    expect(todo.hasTypes).toBe(true);

    // Dates are the registry's own publication times.
    expect(todo.versions.map(v => v.version)).toEqual(['1.1.0', '1.0.0']);
    const [newest, oldest] = todo.versions.map(v => Date.parse(v.publishedAt!));
    expect(oldest).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
    expect(newest).toBeGreaterThanOrEqual(oldest);
    expect(newest).toBeLessThanOrEqual(Date.now());
    expect(todo.publishedAt).toBe(todo.versions[0].publishedAt);
    expect(todo.versions[1].deprecated).toBe('Use 1.1.0: 1.0.0 leaks memory');
    expect(todo.versions[0].dependencies).toContainEqual({
      package: '@acme/plugin-todo-backend',
      name: '@backstage/backend-plugin-api',
      range: '^1.0.0',
      kind: 'dependency',
    });

    expect(weather.spec).toMatchObject({
      name: 'Weather',
      version: '0.1.0',
      author: { name: 'Other' },
      documentation: { readme: 'Sunny.' },
    });
    expect(weather.versions).toEqual([
      {
        version: '0.1.0',
        publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        dependencies: [],
      },
    ]);
  });

  it('reports an issue per package, not a crash, without the token or with a wrong one', async () => {
    const anonymous = await sync();
    expect(anonymous.listings).toEqual([]);
    expect(anonymous.issues).toEqual(
      ['@acme/plugin-todo', '@other/backstage-plugin-weather'].map(ref => ({
        source: 'npm',
        ref,
        message:
          'the registry requires a token (HTTP 401 Unauthorized); set marketplace.sources.npm.token',
      })),
    );

    const wrong = await sync('not-a-token');
    expect(wrong.listings).toEqual([]);
    expect(wrong.issues.map(i => i.message)).toEqual([
      'the registry refused the token (HTTP 401 Unauthorized); check marketplace.sources.npm.token',
      'the registry refused the token (HTTP 401 Unauthorized); check marketplace.sources.npm.token',
    ]);
  });

  it('shows the published plugins in the marketplace API once the npm source has run', async () => {
    const { server: backend } = await startTestBackend({
      features: [
        marketplacePlugin,
        mockServices.rootConfig.factory({
          data: {
            marketplace: {
              sources: {
                seed: { enabled: false },
                npm: { registry: url, token, packages: ['@acme/plugin-todo'] },
              },
            },
          },
        }),
        mockServices.scheduler.factory({ includeInitialDelayedTasksOnStartup: true }),
      ],
    });

    const res = await request(backend).get('/api/marketplace/plugins?source=npm');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => [i.id, i.version, i.roles])).toEqual([
      ['acme.todo', '1.1.0', ['backend-plugin', 'common-library', 'frontend-plugin']],
    ]);
    const details = await request(backend).get('/api/marketplace/plugins/acme.todo/documentation');
    expect(details.body.readme).toEqual(expect.stringContaining('Todo'));
  });
});
