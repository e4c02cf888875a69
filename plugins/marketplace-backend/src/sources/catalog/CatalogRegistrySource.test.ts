import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { validatePluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { classifyPlugin } from '../../registry/classify/classify';
import { CatalogRegistrySource } from './CatalogRegistrySource';

jest.mock('../../registry/classify/classify', () => ({
  classifyPlugin: jest.fn(() => 'monitoring'),
}));

const MARKETPLACE = 'marketplace.backstage.io/v1alpha1';
const EXTENSIONS = 'extensions.backstage.io/v1alpha1';

function entity(
  apiVersion: string,
  kind: string,
  metadata: Entity['metadata'],
  spec: Entity['spec'],
): Entity {
  return {
    apiVersion,
    kind,
    metadata: { namespace: 'default', ...metadata },
    spec,
  };
}

const todo = entity(
  MARKETPLACE,
  'Plugin',
  {
    name: 'todo',
    title: 'TODO',
    description: 'Lists TODO comments found in the source code of entities.',
    tags: ['code-quality'],
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/acme/todo/tree/main/',
    },
  },
  {
    owner: 'team-a',
    lifecycle: 'production',
    category: 'quality',
    version: '1.2.3',
    license: 'Apache-2.0',
    packages: [{ name: '@acme/plugin-todo', role: 'frontend-plugin' }],
    backstageVersion: '>=1.40.0',
    configSchema: { type: 'object' },
    environmentVariables: [
      { name: 'TODO_TOKEN', required: true, secret: true },
    ],
    permissions: [{ permission: 'catalog.read', reason: 'Finds entities' }],
    documentation: { homepage: 'https://acme.example/todo' },
  },
);

const todoBackend = entity(
  MARKETPLACE,
  'Package',
  { name: 'acme-plugin-todo-backend', description: 'The TODO backend.' },
  {
    packageName: '@acme/plugin-todo-backend',
    role: 'backend-plugin',
    version: '1.2.0',
    partOf: 'todo',
  },
);

const tekton = entity(
  EXTENSIONS,
  'Plugin',
  {
    name: 'tekton',
    namespace: 'rhdh',
    title: 'Pipelines With Tekton',
    description: 'Visualize Tekton PipelineRun resources.',
    tags: ['kubernetes'],
    links: [
      { url: 'https://red.ht/rhdh', title: 'Homepage' },
      {
        url: 'https://github.com/backstage/community-plugins/issues',
        title: 'Issues',
      },
      {
        url: 'https://github.com/backstage/community-plugins/tree/main/workspaces/tekton',
        title: 'Source Code',
      },
    ],
  },
  {
    author: 'Red Hat',
    support: { provider: 'Red Hat', level: 'community' },
    lifecycle: 'active',
    categories: ['CI/CD'],
    description:
      '# Tekton\n\nThe Tekton plugin enables you to visualize PipelineRun resources.',
    packages: ['backstage-community-plugin-tekton'],
  },
);

const tektonPackages = [
  entity(
    EXTENSIONS,
    'Package',
    { name: 'backstage-community-plugin-tekton', namespace: 'rhdh' },
    {
      packageName: '@backstage-community/plugin-tekton',
      version: '3.19.0',
      backstage: { role: 'frontend-plugin', supportedVersions: '1.35.1' },
      partOf: ['tekton'],
    },
  ),
  entity(
    EXTENSIONS,
    'Package',
    { name: 'backstage-community-plugin-tekton-common', namespace: 'rhdh' },
    {
      packageName: '@backstage-community/plugin-tekton-common',
      version: '3.20.1',
      partOf: ['tekton'],
    },
  ),
];

async function read(entities: Entity[]) {
  const source = CatalogRegistrySource.create({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
  });
  return source.read();
}

describe('CatalogRegistrySource', () => {
  beforeEach(() => jest.mocked(classifyPlugin).mockClear());

  it('maps a marketplace Plugin with its inline and Package-entity packages to a valid listing', async () => {
    const { listings, issues } = await read([todo, todoBackend]);

    expect(issues).toEqual([]);
    expect(listings).toHaveLength(1);
    const [listing] = listings;
    expect(validatePluginSpecification(listing.spec).valid).toBe(true);
    expect(listing.spec).toEqual({
      id: 'acme.todo',
      name: 'TODO',
      version: '1.2.3',
      description: 'Lists TODO comments found in the source code of entities.',
      author: { name: 'Team A' },
      license: 'Apache-2.0',
      tags: ['code-quality'],
      category: 'quality',
      dependencies: {},
      peerDependencies: {},
      backstageVersion: '>=1.40.0',
      configSchema: { type: 'object' },
      environmentVariables: [
        { name: 'TODO_TOKEN', required: true, secret: true },
      ],
      provides: [],
      requires: [],
      installation: {
        method: 'npm',
        packages: [
          {
            name: '@acme/plugin-todo',
            role: 'frontend-plugin',
            version: '1.2.3',
          },
          {
            name: '@acme/plugin-todo-backend',
            role: 'backend-plugin',
            version: '1.2.0',
          },
        ],
        requiresRestart: true,
      },
      permissions: [{ permission: 'catalog.read', reason: 'Finds entities' }],
      documentation: {
        homepage: 'https://acme.example/todo',
        repository: 'https://github.com/acme/todo/tree/main/',
      },
    });
    expect(listing.packages).toEqual([
      { name: '@acme/plugin-todo', role: 'frontend-plugin', version: '1.2.3' },
      {
        name: '@acme/plugin-todo-backend',
        role: 'backend-plugin',
        version: '1.2.0',
        description: 'The TODO backend.',
      },
    ]);
    expect(listing.versions).toEqual([
      { version: '1.2.3', backstageVersion: '>=1.40.0' },
    ]);
    expect(listing.categoryDeclared).toBe(true);
    expect(classifyPlugin).not.toHaveBeenCalled();
  });

  it('asks the classifier for the category of a plugin that declares none', async () => {
    const { spec } = todo;
    const { listings } = await read([
      {
        ...todo,
        spec: { ...spec, category: undefined, lifecycle: 'deprecated' },
      },
    ]);

    expect(listings[0].spec.category).toBe('monitoring');
    expect(listings[0].categoryDeclared).toBe(false);
    expect(listings[0].versions[0].deprecated).toBe(
      'Its owner marked the plugin deprecated.',
    );
    expect(classifyPlugin).toHaveBeenCalledWith({
      name: 'todo',
      description: 'Lists TODO comments found in the source code of entities.',
      tags: ['code-quality'],
      packages: ['@acme/plugin-todo'],
      keywords: [],
    });
  });

  it('reads Red Hat Developer Hub entities as RHDH writes them', async () => {
    const { listings, issues } = await read([tekton, ...tektonPackages]);

    expect(issues).toEqual([]);
    const [listing] = listings;
    expect(validatePluginSpecification(listing.spec).valid).toBe(true);
    expect(listing.spec).toMatchObject({
      id: 'backstage-community.tekton',
      name: 'Pipelines With Tekton',
      version: '3.20.1',
      description: 'Visualize Tekton PipelineRun resources.',
      author: { name: 'Red Hat' },
      tags: ['kubernetes'],
      category: 'ci-cd',
      backstageVersion: '1.35.1',
      installation: {
        method: 'npm',
        packages: [
          {
            name: '@backstage-community/plugin-tekton',
            role: 'frontend-plugin',
            version: '3.19.0',
          },
          {
            name: '@backstage-community/plugin-tekton-common',
            role: 'common-library',
            version: '3.20.1',
          },
        ],
        requiresRestart: false,
      },
      documentation: {
        homepage: 'https://red.ht/rhdh',
        bugs: 'https://github.com/backstage/community-plugins/issues',
        repository:
          'https://github.com/backstage/community-plugins/tree/main/workspaces/tekton',
        readme:
          '# Tekton\n\nThe Tekton plugin enables you to visualize PipelineRun resources.',
      },
    });
    expect(listing.categoryDeclared).toBe(true);
  });

  it('skips plugins it cannot list with an issue naming the entity and field, and loads the rest', async () => {
    const broken = (
      name: string,
      spec: Entity['spec'],
      metadata: Partial<Entity['metadata']> = {},
    ) =>
      ({
        ...todo,
        metadata: { ...todo.metadata, ...metadata, name },
        spec: { ...todo.spec, ...spec },
      } as Entity);

    const { listings, issues } = await read([
      todo,
      broken('no-packages', { packages: [] }),
      broken('no-version', {
        version: undefined,
        packages: [{ name: '@acme/plugin-other', role: 'frontend-plugin' }],
      }),
      broken(
        'long-title',
        { packages: [{ name: '@acme/plugin-long', role: 'frontend-plugin' }] },
        { title: 'x'.repeat(201) },
      ),
      broken(
        'bad-id',
        {},
        { annotations: { 'marketplace.backstage.io/plugin-id': 'Not An Id' } },
      ),
      broken('same-packages', {}),
      entity(
        EXTENSIONS,
        'Plugin',
        { name: 'lost', namespace: 'rhdh' },
        { packages: ['gone'] },
      ),
      entity('backstage.io/v1alpha1', 'Plugin', { name: 'foreign' }, {}),
    ]);

    expect(listings.map(l => l.spec.id)).toEqual(['acme.todo']);
    expect(issues).toEqual([
      {
        source: 'catalog',
        ref: 'plugin:default/no-packages',
        field: '/spec/packages',
        message: 'lists no npm packages, so there is nothing to install',
      },
      {
        source: 'catalog',
        ref: 'plugin:default/no-version',
        field: '/spec/version',
        message: 'is missing, and none of the packages declares a version',
      },
      {
        source: 'catalog',
        ref: 'plugin:default/long-title',
        field: '/metadata/title',
        message: '/name: must NOT have more than 200 characters',
      },
      {
        source: 'catalog',
        ref: 'plugin:default/bad-id',
        field: '/metadata/annotations/marketplace.backstage.io~1plugin-id',
        message:
          '/id: must contain only lowercase letters, digits, dots and dashes',
      },
      {
        source: 'catalog',
        ref: 'plugin:default/same-packages',
        field: '/metadata/name',
        message:
          'maps to the marketplace id acme.todo, as plugin:default/todo does; set the marketplace.backstage.io/plugin-id annotation to tell them apart',
      },
      {
        source: 'catalog',
        ref: 'plugin:rhdh/lost',
        field: '/spec/packages',
        message:
          'lists no npm packages, so there is nothing to install: these Package entities are not in the catalog: gone',
      },
    ]);
  });

  it('reads the catalog with its own service credentials, page by page, and stops when aborted', async () => {
    const catalog = catalogServiceMock.mock({
      streamEntities: jest.fn(async function* stream() {
        yield [todo];
        yield [todoBackend];
      }),
    });
    const source = CatalogRegistrySource.create({
      catalog,
      auth: mockServices.auth(),
    });

    const { listings } = await source.read();
    expect(listings[0].packages).toHaveLength(2);
    expect(catalog.streamEntities).toHaveBeenCalledWith(
      { filter: { kind: ['Plugin', 'Package'] } },
      { credentials: mockCredentials.service('plugin:test') },
    );

    const controller = new AbortController();
    controller.abort();
    await expect(source.read({ signal: controller.signal })).rejects.toThrow(
      /abort/i,
    );
  });
});
