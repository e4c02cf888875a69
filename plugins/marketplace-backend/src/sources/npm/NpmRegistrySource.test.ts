import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { ServerResponse } from 'node:http';
import { classifyPlugin } from '../../registry/classify/classify';
import { FakeRegistry } from './__testUtils__/FakeRegistry';
import {
  todoBackendSchema,
  todoFrontendSchema,
  todoPlugin,
  weatherPlugin,
} from './__testUtils__/fixtures';
import { NpmRegistrySource } from './NpmRegistrySource';

function sourceFor(npm: JsonObject) {
  const source = NpmRegistrySource.fromConfig(
    new ConfigReader({ marketplace: { sources: { npm } } }),
    { logger: mockServices.logger.mock() },
  );
  if (!source) throw new Error('expected a source');
  return source;
}

describe('NpmRegistrySource', () => {
  let registry: FakeRegistry;

  beforeEach(async () => {
    registry = await FakeRegistry.start();
    for (const [name, releases] of Object.entries({
      ...todoPlugin(),
      ...weatherPlugin(),
    })) {
      registry.addPackage(name, releases);
    }
  });

  afterEach(() => registry.stop());

  it('groups the frontend, backend and common packages of a plugin into one listing', async () => {
    const source = sourceFor({
      registry: registry.url,
      packages: [
        '@acme/plugin-todo-backend',
        '@other/backstage-plugin-weather',
        '@acme/plugin-todo',
        '@acme/plugin-todo-common',
      ],
    });

    const { listings, issues } = await source.read();

    expect(issues).toEqual([]);
    expect(listings.map(l => l.spec.id)).toEqual([
      'acme.todo',
      'other.weather',
    ]);
    const description = 'Shows the TODO comments of an entity';
    const tags = ['todo', 'code-quality', 'productivity'];
    const names = [
      '@acme/plugin-todo',
      '@acme/plugin-todo-backend',
      '@acme/plugin-todo-common',
    ];
    expect(listings[0]).toEqual({
      spec: {
        id: 'acme.todo',
        name: 'Todo',
        version: '1.1.0',
        description,
        author: {
          name: 'Jane Doe',
          email: 'jane@acme.dev',
          url: 'https://acme.dev',
        },
        license: 'Apache-2.0',
        tags,
        category: classifyPlugin({
          name: 'todo',
          description,
          tags,
          packages: names,
          keywords: [
            'backstage',
            'backstage-plugin',
            'Todo',
            'Code Quality',
            'todo',
            'backstage',
            'productivity',
          ],
        }),
        // The plugin's own packages are not among its dependencies; the main package's range wins.
        dependencies: {
          '@backstage/core-plugin-api': '^1.10.0',
          '@backstage/backend-plugin-api': '^1.0.0',
        },
        peerDependencies: { react: '^18.0.0' },
        backstageVersion: '>=1.30.0',
        // The frontend's from a .json file, the backend's inline; common's config.d.ts is left out.
        configSchema: { allOf: [todoFrontendSchema, todoBackendSchema] },
        environmentVariables: [],
        provides: [
          { type: 'api', id: '/api/todo' },
          { type: 'extension', id: 'todo' },
        ],
        requires: [],
        installation: {
          method: 'npm',
          packages: [
            {
              name: '@acme/plugin-todo',
              role: 'frontend-plugin',
              version: '1.1.0',
            },
            {
              name: '@acme/plugin-todo-backend',
              role: 'backend-plugin',
              version: '0.6.0',
            },
            {
              name: '@acme/plugin-todo-common',
              role: 'common-library',
              version: '1.0.0',
            },
          ],
          requiresRestart: true,
        },
        permissions: [],
        documentation: {
          homepage: 'https://acme.dev/todo',
          repository: 'https://github.com/acme/plugins/tree/HEAD/plugins/todo',
          bugs: 'https://github.com/acme/plugins/issues',
          readme: '# Todo\n\nSee the TODOs of your code.',
        },
      },
      packages: [
        {
          name: '@acme/plugin-todo',
          role: 'frontend-plugin',
          version: '1.1.0',
          description,
        },
        {
          name: '@acme/plugin-todo-backend',
          role: 'backend-plugin',
          version: '0.6.0',
          description: 'Backend of the todo plugin',
        },
        {
          name: '@acme/plugin-todo-common',
          role: 'common-library',
          version: '1.0.0',
          description: 'Types shared by the todo plugin',
        },
      ],
      versions: [
        {
          version: '1.1.0',
          publishedAt: '2025-02-01T10:00:00.000Z',
          backstageVersion: '>=1.30.0',
          dependencies: [
            {
              package: '@acme/plugin-todo',
              name: '@acme/plugin-todo-common',
              range: '^1.0.0',
              kind: 'dependency',
            },
            {
              package: '@acme/plugin-todo',
              name: '@backstage/core-plugin-api',
              range: '^1.10.0',
              kind: 'dependency',
            },
            {
              package: '@acme/plugin-todo',
              name: 'react',
              range: '^18.0.0',
              kind: 'peer',
            },
            {
              package: '@acme/plugin-todo-backend',
              name: '@acme/plugin-todo-common',
              range: '^1.0.0',
              kind: 'dependency',
            },
            {
              package: '@acme/plugin-todo-backend',
              name: '@backstage/backend-plugin-api',
              range: '^1.0.0',
              kind: 'dependency',
            },
          ],
        },
        {
          // The backend release of the same day (0.5.0), not its latest, goes with frontend 1.0.0.
          version: '1.0.0',
          publishedAt: '2025-01-01T10:00:00.000Z',
          deprecated: 'Use 1.1.0: 1.0.0 leaks memory',
          dependencies: [
            {
              package: '@acme/plugin-todo',
              name: '@acme/plugin-todo-common',
              range: '^1.0.0',
              kind: 'dependency',
            },
            {
              package: '@acme/plugin-todo',
              name: '@backstage/core-plugin-api',
              range: '^1.9.0',
              kind: 'dependency',
            },
            {
              package: '@acme/plugin-todo-backend',
              name: '@backstage/backend-plugin-api',
              range: '^0.9.0',
              kind: 'dependency',
            },
          ],
        },
      ],
      publishedAt: '2025-02-01T10:00:00.000Z',
      hasTypes: true,
      categoryDeclared: false,
    });

    expect(listings[1]).toMatchObject({
      spec: {
        id: 'other.weather',
        name: 'Weather',
        version: '0.1.0',
        author: { name: 'Other' },
        license: 'MIT',
        tags: [],
        provides: [{ type: 'extension', id: 'weather' }],
        installation: {
          packages: [
            {
              name: '@other/backstage-plugin-weather',
              role: 'frontend-plugin',
              version: '0.1.0',
            },
          ],
          requiresRestart: false,
        },
        documentation: { readme: 'Sunny.' },
      },
      versions: [
        {
          version: '0.1.0',
          publishedAt: '2025-03-01T08:00:00.000Z',
          dependencies: [],
        },
      ],
      hasTypes: false,
    });
    expect(listings[1].spec.configSchema).toBeUndefined();
    expect(listings[1].spec.backstageVersion).toBeUndefined();
  });

  it('reads each packument once, encoded as npm does, and never the search endpoint', async () => {
    const source = sourceFor({
      registry: `${registry.url}/`,
      packages: [
        '@acme/plugin-todo',
        '@acme/plugin-todo',
        '@other/backstage-plugin-weather',
      ],
    });
    await source.read();
    const seen = registry.requests.map(r => r.path);

    expect(seen.filter(path => !path.includes('/-/')).sort()).toEqual([
      '/@acme/plugin-todo',
      '/@acme/plugin-todo-backend',
      '/@acme/plugin-todo-common',
      '/@other/backstage-plugin-weather',
    ]);
    expect(registry.requests.map(r => r.rawPath)).toContain(
      '/@acme%2fplugin-todo',
    );
    expect(seen.some(path => path.startsWith('/-/v1/search'))).toBe(false);
    expect(seen.filter(path => path.endsWith('.tgz'))).toHaveLength(4);
  });

  it('fetches the packages named by backstage.pluginPackages that config does not name', async () => {
    const { listings, issues } = await sourceFor({
      registry: registry.url,
      packages: ['@acme/plugin-todo'],
    }).read();

    expect(issues).toEqual([]);
    expect(listings).toHaveLength(1);
    expect(listings[0].packages.map(p => p.name)).toEqual([
      '@acme/plugin-todo',
      '@acme/plugin-todo-backend',
      '@acme/plugin-todo-common',
    ]);
  });

  it('reports a sibling that backstage.pluginPackages names but the registry lacks, and loads the rest', async () => {
    registry.addPackage('@acme/plugin-solo', [
      {
        manifest: {
          version: '1.0.0',
          backstage: {
            role: 'frontend-plugin',
            pluginPackages: ['@acme/plugin-solo', '@acme/plugin-solo-backend'],
          },
        },
      },
    ]);
    const { listings, issues } = await sourceFor({
      registry: registry.url,
      packages: ['@acme/plugin-solo'],
    }).read();

    expect(issues).toEqual([
      {
        source: 'npm',
        ref: '@acme/plugin-solo-backend',
        message: 'is not in the registry (HTTP 404 Not Found)',
      },
    ]);
    expect(listings.map(l => l.spec.id)).toEqual(['acme.solo']);
  });

  it('keeps at most the configured number of requests in flight', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `@load/plugin-p${i}`);
    let inFlight = 0;
    let most = 0;
    const slowly = (body: string) => (_req: unknown, res: ServerResponse) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end(body);
      }, 30);
    };
    for (const name of names) {
      const [release] = registry.addPackage(name, [
        { manifest: { version: '1.0.0' } },
      ]);
      const packument = {
        name,
        'dist-tags': { latest: '1.0.0' },
        versions: { '1.0.0': release.manifest },
      };
      registry.route(`/${name}`, slowly(JSON.stringify(packument)));
    }
    const { listings } = await sourceFor({
      registry: registry.url,
      packages: names,
      concurrency: 3,
    }).read();

    expect(listings).toHaveLength(7);
    expect(most).toBe(3);
  });

  it('stops with the abort reason when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('sync cancelled'));
    await expect(
      sourceFor({
        registry: registry.url,
        packages: ['@acme/plugin-todo'],
      }).read({ signal: controller.signal }),
    ).rejects.toThrow('sync cancelled');
  });
});
