import { Entity } from '@backstage/catalog-model';
import { marketplaceIdOfEntity, packageRefsOf } from './marketplaceIdOfEntity';

function pluginEntity(overrides: Partial<Entity> = {}, spec: Record<string, unknown> = {}): Entity {
  return {
    apiVersion: 'marketplace.backstage.io/v1alpha1',
    kind: 'Plugin',
    metadata: { name: 'deploy-insights', namespace: 'default' },
    spec,
    ...overrides,
  } as Entity;
}

function packageEntity(name: string, packageName: string, role?: string): Entity {
  return {
    apiVersion: 'marketplace.backstage.io/v1alpha1',
    kind: 'Package',
    metadata: { name, namespace: 'default' },
    spec: { packageName, ...(role ? { role } : {}) },
  };
}

describe('marketplaceIdOfEntity', () => {
  it('takes the id from the annotation when there is one', () => {
    const entity = pluginEntity(
      {
        metadata: {
          name: 'deploy-insights',
          annotations: { 'marketplace.backstage.io/plugin-id': 'acme.deploy' },
        },
      },
      { packages: [{ name: '@acme/plugin-deploy-insights', role: 'frontend-plugin' }] },
    );
    expect(marketplaceIdOfEntity(entity)).toBe('acme.deploy');
  });

  it('derives the id from the main package: the frontend plugin before the backend', () => {
    const entity = pluginEntity(
      {},
      {
        packages: [
          { name: '@acme/plugin-deploy-insights-backend', role: 'backend-plugin' },
          { name: '@acme/plugin-deploy-insights', role: 'frontend-plugin' },
        ],
      },
    );
    expect(marketplaceIdOfEntity(entity)).toBe('acme.deploy-insights');
  });

  it('reads the packages of Package entities, listed by ref or part of the plugin', () => {
    const entity = pluginEntity(
      { apiVersion: 'extensions.backstage.io/v1alpha1' },
      { packages: ['backstage-community-plugin-tekton-backend'] },
    );
    const packages = [
      packageEntity('backstage-community-plugin-tekton', '@backstage-community/plugin-tekton', 'frontend-plugin'),
      packageEntity('backstage-community-plugin-tekton-backend', '@backstage-community/plugin-tekton-backend'),
    ];
    expect(marketplaceIdOfEntity(entity, packages)).toBe('backstage-community.tekton');
  });

  it('infers roles the entity does not declare from the package names', () => {
    const entity = pluginEntity(
      {},
      { packages: [{ name: '@acme/plugin-board-common' }, { name: '@acme/plugin-board-backend' }] },
    );
    expect(marketplaceIdOfEntity(entity)).toBe('acme.board');
  });

  it('has no id for a plugin that names no package', () => {
    expect(marketplaceIdOfEntity(pluginEntity())).toBeUndefined();
  });
});

describe('packageRefsOf', () => {
  it('lists the Package entities the plugin has as parts', () => {
    const entity = pluginEntity({
      relations: [
        { type: 'hasPart', targetRef: 'package:default/todo-backend' },
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
        { type: 'hasPart', targetRef: 'component:default/something-else' },
      ],
    });
    expect(packageRefsOf(entity)).toEqual(['package:default/todo-backend']);
  });
});
