import { identifyPackage } from './identity';

describe('identifyPackage', () => {
  it.each([
    ['@backstage/plugin-catalog', 'backstage.catalog', 'frontend-plugin'],
    ['@backstage/plugin-catalog-backend', 'backstage.catalog', 'backend-plugin'],
    ['@backstage/plugin-catalog-backend-module-github', 'backstage.catalog', 'backend-plugin-module'],
    ['@backstage/plugin-catalog-common', 'backstage.catalog', 'common-library'],
    ['@backstage/plugin-catalog-node', 'backstage.catalog', 'node-library'],
    ['@backstage/plugin-catalog-react', 'backstage.catalog', 'web-library'],
    ['@backstage-community/plugin-todo-backend', 'backstage-community.todo', 'backend-plugin'],
    ['@pagerduty/backstage-plugin-backend', 'pagerduty.pagerduty', 'backend-plugin'],
    ['@pagerduty/backstage-plugin', 'pagerduty.pagerduty', 'frontend-plugin'],
    ['@pagerduty/backstage-plugin-common', 'pagerduty.pagerduty', 'common-library'],
    ['@roadiehq/backstage-plugin-argo-cd', 'roadiehq.argo-cd', 'frontend-plugin'],
    ['backstage-plugin-foo-backend', 'npm.foo', 'backend-plugin'],
    ['@backstage/types', 'backstage.types', 'other'],
  ])('%s belongs to %s as %s', (name, pluginId, role) => {
    const identity = identifyPackage(name);
    expect(identity.pluginId).toBe(pluginId);
    expect(identity.role).toBe(role);
  });

  it('prefers the pluginId of the backstage field', () => {
    expect(identifyPackage('@acme/backstage-tools', 'acme-tools').pluginId).toBe(
      'acme.acme-tools',
    );
  });
});
