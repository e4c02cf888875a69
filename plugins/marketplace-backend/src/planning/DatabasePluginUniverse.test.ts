import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseRegistryStore } from '../registry/DatabaseRegistryStore';
import { makeListing } from '../__testUtils__/listings';
import { databases } from '../__testUtils__/storage';
import { DatabasePluginUniverse } from './DatabasePluginUniverse';

jest.setTimeout(60_000);

function dep(pkg: string, name: string, range: string) {
  return { package: pkg, name, range, kind: 'dependency' as const };
}

const listings = (radarRange: string) => [
  makeListing('test.app', {
    spec: { version: '2.0.0' },
    versions: [
      { version: '2.0.0', dependencies: [dep('@test/plugin-app', '@test/plugin-radar', radarRange), dep('@test/plugin-app', 'react', '^18.0.0')] },
      { version: '1.0.0', dependencies: [] },
    ],
  }),
  makeListing('test.radar', {
    spec: { version: '1.1.0' },
    packages: [
      { name: '@test/plugin-radar', role: 'frontend-plugin', version: '1.1.0' },
      { name: '@test/plugin-radar-react', role: 'web-library', version: '3.0.0' },
    ],
    versions: [
      { version: '1.1.0', backstageVersion: '>=1.50.0', dependencies: [dep('@test/plugin-radar', '@test/plugin-core', '*')] },
      { version: '1.0.0', dependencies: [] },
    ],
  }),
  makeListing('test.core', {
    packages: [{ name: '@test/plugin-core', role: 'common-library', version: '1.0.0' }],
  }),
  makeListing('test.alone'),
];

describe.each(databases.eachSupportedId())('DatabasePluginUniverse on %s', databaseId => {
  it('reads plugins with releases, package versions and dependencies, a whole graph at once', async () => {
    const knex = await databases.init(databaseId as 'SQLITE_3');
    const database = mockServices.database({ knex });
    const store = await DatabaseRegistryStore.create({ database });
    await store.replaceSource('seed', listings('^1.0.0'));
    const universe = await DatabasePluginUniverse.create({ database, backstageVersion: '1.55.0' });

    const [radar] = await universe.getPlugins(['test.radar']);
    expect(radar).toEqual({
      id: 'test.radar',
      name: 'Plugin radar',
      version: '1.1.0',
      packages: [
        { name: '@test/plugin-radar', role: 'frontend-plugin', version: '1.1.0' },
        { name: '@test/plugin-radar-react', role: 'web-library', version: '3.0.0' },
      ],
      versions: expect.arrayContaining([
        {
          version: '1.1.0',
          prerelease: false,
          backstageVersion: '>=1.50.0',
          packageVersions: { '@test/plugin-radar': '1.1.0', '@test/plugin-radar-react': '3.0.0' },
          dependencies: [{ package: '@test/plugin-radar', name: '@test/plugin-core', range: '*', kind: 'dependency', pluginId: 'test.core' }],
        },
        // At an older release only the package on the plugin's own version line is known.
        { version: '1.0.0', prerelease: false, packageVersions: { '@test/plugin-radar': '1.0.0' }, dependencies: [] },
      ]),
    });

    const closure = await universe.getPlugins(['test.app', 'nobody.none'], { closure: true });
    expect(closure.map(p => p.id).sort()).toEqual(['test.app', 'test.core', 'test.radar']);
    const app = closure.find(p => p.id === 'test.app')!;
    expect(app.versions.find(v => v.version === '2.0.0')!.dependencies.map(d => [d.name, d.pluginId])).toEqual([
      ['@test/plugin-radar', 'test.radar'],
      ['react', undefined],
    ]);

    expect(await universe.getPackageOwners(['@test/plugin-radar-react', 'react'])).toEqual(
      new Map([['@test/plugin-radar-react', 'test.radar']]),
    );
    expect(await universe.getDependents('test.radar', 10)).toEqual(['test.app']);
    expect(await universe.getBackstageVersion()).toBe('1.55.0');
  });

  it('sees every change to listings and installations, also made by another replica', async () => {
    const knex = await databases.init(databaseId as 'SQLITE_3');
    const database = mockServices.database({ knex });
    const store = await DatabaseRegistryStore.create({ database });
    await store.replaceSource('seed', listings('^1.0.0'));
    const universe = await DatabasePluginUniverse.create({ database });
    const rangeOfApp = async () =>
      (await universe.getPlugins(['test.app']))[0].versions.find(v => v.version === '2.0.0')!.dependencies[0].range;

    expect(await rangeOfApp()).toBe('^1.0.0');
    expect(await universe.getInstalled()).toEqual([]);

    await store.replaceSource('seed', listings('^1.1.0'));
    expect(await rangeOfApp()).toBe('^1.1.0');

    const now = new Date().toISOString();
    await knex('installations').insert({ plugin_id: 'test.app', version: '2.0.0', status: 'installed', installed_at: now, updated_at: now });
    expect(await universe.getInstalled()).toEqual([
      {
        pluginId: 'test.app',
        version: '2.0.0',
        name: 'Plugin app',
        dependencies: [
          { package: '@test/plugin-app', name: '@test/plugin-radar', range: '^1.1.0', kind: 'dependency', pluginId: 'test.radar' },
          { package: '@test/plugin-app', name: 'react', range: '^18.0.0', kind: 'dependency' },
        ],
      },
    ]);
    await knex('installations').update({ version: '9.9.9' });
    expect(await universe.getInstalled()).toEqual([{ pluginId: 'test.app', version: '9.9.9', name: 'Plugin app' }]);
  });
});
