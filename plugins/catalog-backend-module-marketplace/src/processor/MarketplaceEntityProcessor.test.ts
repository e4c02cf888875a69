import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { MarketplaceEntityProcessor } from './MarketplaceEntityProcessor';

const location = { type: 'file', target: '/repo/catalog-info.yaml' };

async function relationsOf(entity: Entity) {
  const results: CatalogProcessorResult[] = [];
  await new MarketplaceEntityProcessor().postProcessEntity(
    entity,
    location,
    r => results.push(r),
  );
  return results.map(r => {
    if (r.type === 'relation') {
      const { source, type, target } = r.relation;
      return `${stringifyEntityRef(source)} ${type} ${stringifyEntityRef(
        target,
      )}`;
    }
    return r.type === 'error' ? `error: ${r.error.message}` : r.type;
  });
}

describe('MarketplaceEntityProcessor', () => {
  it('fails validation of an invalid entity with a message naming the field', async () => {
    const processor = new MarketplaceEntityProcessor();
    await expect(
      processor.validateEntityKind({
        apiVersion: 'marketplace.backstage.io/v1alpha1',
        kind: 'Plugin',
        metadata: { name: 'my-plugin', description: 'x' },
        spec: { owner: 'team-a', lifecycle: 'production', category: 'widgets' },
      }),
    ).rejects.toThrow(
      'Plugin "my-plugin" is invalid: spec.category must be one of ci-cd, monitoring',
    );
  });

  it('leaves other kinds to other processors', async () => {
    const component = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'c' },
      spec: { owner: 'team-a', type: 'service', lifecycle: 'production' },
    };
    const processor = new MarketplaceEntityProcessor();
    await expect(processor.validateEntityKind(component)).resolves.toBe(false);
    await expect(relationsOf(component)).resolves.toEqual([]);
  });

  it('relates a marketplace Plugin to its owner', async () => {
    await expect(
      relationsOf({
        apiVersion: 'marketplace.backstage.io/v1alpha1',
        kind: 'Plugin',
        metadata: { name: 'todo', namespace: 'acme', description: 'x' },
        spec: {
          owner: 'team-a',
          lifecycle: 'production',
          packages: [{ name: '@acme/plugin-todo', role: 'frontend-plugin' }],
        },
      }),
    ).resolves.toEqual([
      'plugin:acme/todo ownedBy group:acme/team-a',
      'group:acme/team-a ownerOf plugin:acme/todo',
    ]);
  });

  it('relates a Package to its plugin, both ways, under either apiVersion', async () => {
    await expect(
      relationsOf({
        apiVersion: 'marketplace.backstage.io/v1alpha1',
        kind: 'Package',
        metadata: { name: 'todo-backend' },
        spec: {
          packageName: '@acme/plugin-todo-backend',
          role: 'backend-plugin',
          partOf: 'todo',
          owner: 'user:jane',
        },
      }),
    ).resolves.toEqual([
      'package:default/todo-backend ownedBy user:default/jane',
      'user:default/jane ownerOf package:default/todo-backend',
      'package:default/todo-backend partOf plugin:default/todo',
      'plugin:default/todo hasPart package:default/todo-backend',
    ]);
    await expect(
      relationsOf({
        apiVersion: 'extensions.backstage.io/v1alpha1',
        kind: 'Package',
        metadata: { name: 'tekton', namespace: 'rhdh' },
        spec: {
          packageName: '@backstage-community/plugin-tekton',
          partOf: ['tekton', 'plugin:other/ci'],
        },
      }),
    ).resolves.toEqual([
      'package:rhdh/tekton partOf plugin:rhdh/tekton',
      'plugin:rhdh/tekton hasPart package:rhdh/tekton',
      'package:rhdh/tekton partOf plugin:other/ci',
      'plugin:other/ci hasPart package:rhdh/tekton',
    ]);
  });

  it('relates an RHDH Plugin to the Package entities it lists', async () => {
    await expect(
      relationsOf({
        apiVersion: 'extensions.backstage.io/v1alpha1',
        kind: 'Plugin',
        metadata: { name: 'tekton', namespace: 'rhdh' },
        spec: { packages: ['backstage-community-plugin-tekton'] },
      }),
    ).resolves.toEqual([
      'plugin:rhdh/tekton hasPart package:rhdh/backstage-community-plugin-tekton',
      'package:rhdh/backstage-community-plugin-tekton partOf plugin:rhdh/tekton',
    ]);
  });

  it('relates a collection to its plugins and reports references it cannot parse', async () => {
    await expect(
      relationsOf({
        apiVersion: 'marketplace.backstage.io/v1alpha1',
        kind: 'PluginCollection',
        metadata: { name: 'essentials', title: 'Essentials' },
        spec: { plugins: ['todo', 'plugin:'] },
      }),
    ).resolves.toEqual([
      'plugincollection:default/essentials hasPart plugin:default/todo',
      'plugin:default/todo partOf plugincollection:default/essentials',
      expect.stringMatching(
        /^error: PluginCollection "essentials" has an invalid entity reference "plugin:"/,
      ),
    ]);
  });
});
