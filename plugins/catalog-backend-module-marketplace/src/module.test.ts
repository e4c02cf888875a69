import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogModuleMarketplace } from './module';

const VALID = `
apiVersion: marketplace.backstage.io/v1alpha1
kind: Plugin
metadata:
  name: todo
  title: TODO
  description: Lists TODO comments found in the source code of entities.
  tags: [code-quality]
spec:
  owner: team-a
  lifecycle: production
  category: quality
  version: 1.2.3
  packages:
    - name: '@acme/plugin-todo'
      role: frontend-plugin
---
apiVersion: marketplace.backstage.io/v1alpha1
kind: Package
metadata:
  name: acme-plugin-todo-backend
spec:
  packageName: '@acme/plugin-todo-backend'
  role: backend-plugin
  version: 1.2.3
  partOf: todo
`;

const MIXED = `
apiVersion: marketplace.backstage.io/v1alpha1
kind: Plugin
metadata:
  name: broken
  description: Declares a category the marketplace does not have.
spec:
  owner: team-a
  lifecycle: experimental
  category: widgets
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: neighbour
spec:
  type: service
  lifecycle: production
  owner: team-a
---
apiVersion: extensions.backstage.io/v1alpha1
kind: Plugin
metadata:
  name: tekton
  title: Pipelines With Tekton
spec:
  author: Red Hat
  support: { provider: Red Hat, level: community }
  categories: [CI/CD]
  packages: [backstage-community-plugin-tekton]
`;

type ProcessingError = { entityRef: string; messages: string[] };

// Listens where the catalog reports processing errors, as the logs module does.
function errorCollector(errors: ProcessingError[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-error-collector',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.setOnProcessingErrorHandler(
            ({ unprocessedEntity, errors: found }) => {
              errors.push({
                entityRef: stringifyEntityRef(unprocessedEntity),
                messages: found.map(e => e.message),
              });
            },
          );
        },
      });
    },
  });
}

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error('timed out waiting for the catalog');
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describe('catalogModuleMarketplace in the catalog backend', () => {
  const directory = createMockDirectory();

  afterEach(() => directory.clear());

  it('serves valid marketplace entities and records the field at fault on an invalid one', async () => {
    directory.setContent({ 'valid.yaml': VALID, 'mixed.yaml': MIXED });
    const errors: ProcessingError[] = [];

    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMarketplace,
        errorCollector(errors),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'Location',
                    'Plugin',
                    'Package',
                    'PluginCollection',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: directory.resolve('valid.yaml') },
                { type: 'file', target: directory.resolve('mixed.yaml') },
              ],
              stitchingStrategy: { pollingInterval: { milliseconds: 100 } },
            },
          },
        }),
      ],
    });

    const get = async (ref: string) => {
      const [kind, rest] = ref.split(':');
      const response = await fetch(
        `http://localhost:${server.port()}/api/catalog/entities/by-name/${kind}/${rest}`,
        { headers: { Authorization: mockCredentials.user.header() } },
      );
      return response.ok ? ((await response.json()) as Entity) : undefined;
    };

    const todo = await eventually(async () => {
      const entity = await get('plugin:default/todo');
      return entity?.relations?.some(r => r.type === 'hasPart')
        ? entity
        : undefined;
    });
    expect(todo.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
        {
          type: 'hasPart',
          targetRef: 'package:default/acme-plugin-todo-backend',
        },
      ]),
    );
    await expect(
      eventually(() => get('package:default/acme-plugin-todo-backend')),
    ).resolves.toMatchObject({
      relations: expect.arrayContaining([
        { type: 'partOf', targetRef: 'plugin:default/todo' },
      ]),
    });

    // The invalid entity's siblings in the same file load all the same.
    await expect(
      eventually(() => get('component:default/neighbour')),
    ).resolves.toBeDefined();
    await expect(
      eventually(() => get('plugin:default/tekton')),
    ).resolves.toMatchObject({
      apiVersion: 'extensions.backstage.io/v1alpha1',
      relations: expect.arrayContaining([
        {
          type: 'hasPart',
          targetRef: 'package:default/backstage-community-plugin-tekton',
        },
      ]),
    });

    const brokenError = await eventually(async () =>
      errors.find(e => e.entityRef === 'plugin:default/broken'),
    );
    expect(brokenError.messages).toEqual([
      expect.stringContaining(
        'Plugin "broken" is invalid: spec.category must be one of ci-cd, monitoring, cloud',
      ),
    ]);
    await expect(get('plugin:default/broken')).resolves.toBeUndefined();
    expect(errors.map(e => e.entityRef)).toEqual(['plugin:default/broken']);
  }, 30_000);
});
