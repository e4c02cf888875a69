import { NotFoundError } from '@backstage/errors';
import { DefaultDependencyResolver } from './DefaultDependencyResolver';
import { plugin, universe } from './__testUtils__/universe';

describe('DefaultDependencyResolver.analyze', () => {
  const plugins = [
    plugin('app', { '1.0.0': { deps: { lib: '^1.0.0' }, external: { '@other/plugin-x': '^1.0.0', react: '^18.0.0' } } }),
    plugin('lib', { '1.2.0': { deps: { core: '^2.0.0' } }, '1.1.0': { deps: { core: '^1.0.0' } } }),
    plugin('core', { '2.0.0': { backstage: '>=1.60.0' }, '1.5.0': {} }),
    plugin('app-backend', { '1.0.0': {} }, {
      packages: [{ name: '@test/plugin-app-backend', role: 'backend-plugin', version: '1.0.0' }],
    }),
    plugin('app-module', { '1.0.0': { deps: { app: '*' } } }, {
      packages: [{ name: '@test/plugin-app-module', role: 'frontend-plugin-module', version: '1.0.0' }],
    }),
  ];
  plugins[0].packages = [{ name: '@test/plugin-app', role: 'frontend-plugin', version: '1.0.0' }];
  const resolver = DefaultDependencyResolver.create({ universe: universe(plugins, { installed: { core: '1.5.0' } }) });

  it('lists direct and transitive dependencies with the versions a plan chooses', async () => {
    const analysis = await resolver.analyze('app');
    expect(analysis).toEqual({
      pluginId: 'app',
      version: '1.0.0',
      direct: [{ pluginId: 'lib', range: '^1.0.0', kind: 'dependency', requiredBy: 'app', resolvedVersion: '1.1.0' }],
      transitive: [
        { pluginId: 'core', range: '^1.0.0', kind: 'dependency', requiredBy: 'lib', resolvedVersion: '1.5.0', installedVersion: '1.5.0' },
      ],
      conflicts: [
        expect.objectContaining({ kind: 'missing', severity: 'warning', message: 'APP 1.0.0 needs @other/plugin-x ^1.0.0, which is not in the marketplace' }),
      ],
      missing: ['@other/plugin-x'],
      recommendations: [
        { pluginId: 'app-backend', reason: 'APP-BACKEND is the backend of APP (@test/plugin-app-backend)' },
        { pluginId: 'app-module', reason: 'APP-MODULE is a module that extends APP' },
      ],
    });
  });

  it('analyses a version the plan would not choose, with what stands in its way', async () => {
    const analysis = await resolver.analyze('lib', { version: '1.2.0' });
    expect(analysis.version).toBe('1.2.0');
    expect(analysis.direct).toEqual([{ pluginId: 'core', range: '^2.0.0', kind: 'dependency', requiredBy: 'lib', installedVersion: '1.5.0' }]);
    expect(analysis.conflicts.map(p => p.message)).toEqual(['LIB 1.2.0 needs CORE ^2.0.0; CORE 1.5.0 is installed']);
  });

  it('refuses plugins and versions that do not exist', async () => {
    await expect(resolver.analyze('nobody')).rejects.toThrow(new NotFoundError("No plugin with id 'nobody'"));
    await expect(resolver.analyze('lib', { version: '9.9.9' })).rejects.toThrow("Plugin 'lib' has no version 9.9.9");
  });
});
