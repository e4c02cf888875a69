import { Entity } from '@backstage/catalog-model';
import {
  createMarketplaceEntityValidator,
  isMarketplaceEntity,
} from './validateMarketplaceEntity';
import { describeSchemaError } from './describeSchemaError';

const validate = createMarketplaceEntityValidator();

function plugin(
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'marketplace.backstage.io/v1alpha1',
    kind: 'Plugin',
    metadata: { name: 'my-plugin', description: 'Shows TODOs.', ...metadata },
    spec: {
      owner: 'group:default/team-a',
      lifecycle: 'production',
      category: 'quality',
      packages: [
        {
          name: '@acme/plugin-todo',
          role: 'frontend-plugin',
          version: '1.2.3',
        },
      ],
      ...spec,
    },
  };
}

function invalidMessage(entity: Entity): string {
  try {
    validate(entity);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${entity.kind} "${entity.metadata.name}" was accepted`);
}

describe('createMarketplaceEntityValidator', () => {
  it('accepts a complete marketplace Plugin', () => {
    expect(
      validate(
        plugin({
          version: '1.2.3',
          license: 'Apache-2.0',
          author: { name: 'Acme', url: 'https://acme.example' },
          backstageVersion: '>=1.40.0',
          configSchema: {
            type: 'object',
            properties: { todo: { type: 'object' } },
          },
          environmentVariables: [
            { name: 'TODO_TOKEN', required: true, secret: true },
          ],
          permissions: [
            { permission: 'catalog.read', reason: 'Reads entities' },
          ],
          provides: [{ type: 'api', id: '/api/todo' }],
          requires: [{ type: 'plugin', id: 'catalog' }],
          documentation: {
            homepage: 'https://acme.example/todo',
            repository: 'https://github.com/acme/todo',
          },
          sandbox: {
            entry: 'dist/sandbox.js',
            limits: {
              memoryMb: 64,
              cpuTimeMsPerCall: 50,
              wallClockMsPerCall: 1000,
            },
          },
        }),
      ),
    ).toBe(true);
  });

  it('ignores entities of other kinds and apiVersions', () => {
    expect(validate({ ...plugin(), apiVersion: 'backstage.io/v1alpha1' })).toBe(
      false,
    );
    expect(validate({ ...plugin(), kind: 'Component' })).toBe(false);
    expect(isMarketplaceEntity({ ...plugin(), kind: 'Component' })).toBe(false);
    expect(
      isMarketplaceEntity({
        ...plugin(),
        apiVersion: 'constructor',
        kind: 'name',
      }),
    ).toBe(false);
    expect(isMarketplaceEntity(plugin())).toBe(true);
  });

  it.each([
    [
      'an unknown category',
      plugin({ category: 'widgets' }),
      'Plugin "my-plugin" is invalid: spec.category must be one of ci-cd, monitoring, cloud, security, collaboration, infrastructure, source-control, documentation, quality, scaffolding, ai, catalog, core, other',
    ],
    [
      'a missing owner',
      plugin({ owner: undefined }),
      'Plugin "my-plugin" is invalid: spec.owner is required',
    ],
    [
      'a missing description',
      plugin({}, { description: undefined }),
      'Plugin "my-plugin" is invalid: metadata.description is required',
    ],
    [
      'an unknown spec field',
      plugin({ categories: ['CI/CD'] }),
      'Plugin "my-plugin" is invalid: spec.categories is not a known field',
    ],
    [
      'a package role that is not a Backstage role',
      plugin({ packages: [{ name: '@acme/plugin-todo', role: 'frontend' }] }),
      'Plugin "my-plugin" is invalid: spec.packages[0].role must be one of frontend-plugin, frontend-plugin-module, backend-plugin, backend-plugin-module, common-library, web-library, node-library, cli, other',
    ],
    [
      'a version that is not semver',
      plugin({ version: 'v1' }),
      'Plugin "my-plugin" is invalid: spec.version must be a semantic version such as 1.2.3',
    ],
    [
      'an environment variable without `required`',
      plugin({ environmentVariables: [{ name: 'TOKEN' }] }),
      'Plugin "my-plugin" is invalid: spec.environmentVariables[0].required is required',
    ],
    [
      'sandbox limits of the wrong type',
      plugin({
        sandbox: {
          entry: 'x.js',
          limits: {
            memoryMb: 'lots',
            cpuTimeMsPerCall: 1,
            wallClockMsPerCall: 1,
          },
        },
      }),
      'Plugin "my-plugin" is invalid: spec.sandbox.limits.memoryMb must be number',
    ],
  ])(
    'rejects a marketplace Plugin with %s, naming the field',
    (_, entity, message) => {
      expect(invalidMessage(entity)).toBe(message);
    },
  );

  it('checks marketplace Packages and PluginCollections', () => {
    const pkg: Entity = {
      apiVersion: 'marketplace.backstage.io/v1alpha1',
      kind: 'Package',
      metadata: { name: 'acme-plugin-todo-backend' },
      spec: {
        packageName: '@acme/plugin-todo-backend',
        role: 'backend-plugin',
        version: '1.2.3',
        partOf: 'my-plugin',
      },
    };
    expect(validate(pkg)).toBe(true);
    expect(
      invalidMessage({
        ...pkg,
        spec: { ...pkg.spec, packageName: 'Not A Name' },
      }),
    ).toBe(
      'Package "acme-plugin-todo-backend" is invalid: spec.packageName must be an npm package name such as @my-org/plugin-todo',
    );
    expect(
      invalidMessage({ ...pkg, spec: { ...pkg.spec, partOf: undefined } }),
    ).toBe(
      'Package "acme-plugin-todo-backend" is invalid: spec.partOf is required',
    );

    const collection: Entity = {
      apiVersion: 'marketplace.backstage.io/v1alpha1',
      kind: 'PluginCollection',
      metadata: { name: 'platform-essentials', title: 'Platform essentials' },
      spec: { plugins: ['my-plugin', 'plugin:tools/other'] },
    };
    expect(validate(collection)).toBe(true);
    expect(invalidMessage({ ...collection, spec: { plugins: [] } })).toBe(
      'PluginCollection "platform-essentials" is invalid: spec.plugins must NOT have fewer than 1 items',
    );
    expect(
      invalidMessage({ ...collection, metadata: { name: 'untitled' } }),
    ).toBe(
      'PluginCollection "untitled" is invalid: metadata.title is required',
    );
  });

  it('accepts Red Hat Developer Hub entities as RHDH writes them', () => {
    const rhdh = (kind: string, spec: Entity['spec']): Entity => ({
      apiVersion: 'extensions.backstage.io/v1alpha1',
      kind,
      metadata: {
        name: 'tekton',
        namespace: 'rhdh',
        title: 'Pipelines With Tekton',
      },
      spec,
    });
    expect(
      validate(
        rhdh('Plugin', {
          author: 'Red Hat',
          support: { provider: 'Red Hat', level: 'community' },
          lifecycle: 'active',
          publisher: 'Red Hat',
          categories: ['CI/CD'],
          highlights: ['Visualize PipelineRun resources'],
          description: '# Tekton\n\nMarkdown.',
          icon: 'data:image/svg+xml;base64,PD94',
          packages: ['backstage-community-plugin-tekton'],
        }),
      ),
    ).toBe(true);
    expect(
      validate(
        rhdh('Plugin', {
          developer: 'Red Hat',
          authors: [{ name: 'A' }, 'B'],
          support: 'production',
        }),
      ),
    ).toBe(true);
    expect(
      validate(
        rhdh('Package', {
          packageName: '@backstage-community/plugin-tekton',
          dynamicArtifact:
            './dynamic-plugins/dist/backstage-community-plugin-tekton',
          version: '3.19.0',
          backstage: { role: 'frontend-plugin', supportedVersions: '1.35.1' },
          author: 'Red Hat',
          support: 'production',
          lifecycle: 'active',
          partOf: ['tekton'],
          appConfigExamples: [
            { title: 'Default', content: { dynamicPlugins: {} } },
          ],
        }),
      ),
    ).toBe(true);
    expect(
      validate(
        rhdh('PluginCollection', { type: 'curated', plugins: ['tekton'] }),
      ),
    ).toBe(true);

    expect(invalidMessage(rhdh('Package', { version: '3.19.0' }))).toBe(
      'Package "tekton" is invalid: spec.packageName is required',
    );
    expect(invalidMessage(rhdh('Plugin', { packages: 'tekton' }))).toBe(
      'Plugin "tekton" is invalid: spec.packages must be array',
    );
    expect(
      invalidMessage(rhdh('PluginCollection', { type: 'curated-list' })),
    ).toBe(
      'PluginCollection "tekton" is invalid: spec.type must be one of curated',
    );
  });
});

describe('describeSchemaError', () => {
  it('keeps messages it does not recognise', () => {
    expect(describeSchemaError('something odd')).toBe('something odd');
    expect(describeSchemaError('<root> must be object - type: object')).toBe(
      'must be object',
    );
  });

  it('decodes JSON pointer escapes', () => {
    expect(
      describeSchemaError('/spec/a~1b/0 must be string - type: string'),
    ).toBe('spec.a/b[0] must be string');
  });
});
