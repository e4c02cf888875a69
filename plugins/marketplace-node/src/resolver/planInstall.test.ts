import { DefaultDependencyResolver } from './DefaultDependencyResolver';
import { plugin, universe } from './__testUtils__/universe';

function resolverOver(...args: Parameters<typeof universe>) {
  return DefaultDependencyResolver.create({ universe: universe(...args) });
}

const versionsOf = (plan: { plugins: Array<{ pluginId: string; version: string }> }) =>
  Object.fromEntries(plan.plugins.map(p => [p.pluginId, p.version]));

describe('DefaultDependencyResolver.plan', () => {
  it('explains a release that needs a newer Backstage and names the older one that fits', async () => {
    const resolver = resolverOver([
      plugin('x', {
        '2.1.0': { backstage: '>=1.60.0' },
        '1.9.0': { backstage: '>=1.50.0' },
      }),
    ]);
    const plan = await resolver.plan({ plugins: [{ pluginId: 'x', version: '2.1.0' }] });
    expect(plan.ok).toBe(false);
    expect(plan.backstageVersion).toBe('1.55.0');
    expect(plan.problems).toEqual([
      {
        kind: 'backstage-incompatible',
        severity: 'error',
        pluginId: 'x',
        message: 'X 2.1.0 needs Backstage >=1.60.0; this app is 1.55.0',
        suggestion: 'X 1.9.0 fits: install that version instead',
        involves: ['x'],
      },
    ]);

    // Asked for no particular version, the newest that fits is chosen.
    const open = await resolver.plan({ plugins: [{ pluginId: 'x' }] });
    expect(open.ok).toBe(true);
    expect(versionsOf(open)).toEqual({ x: '1.9.0' });
  });

  it('says which dependency needs a newer Backstage when no version of it fits', async () => {
    const resolver = resolverOver([
      plugin('a', { '1.0.0': { deps: { b: '^2.0.0' } } }),
      plugin('b', { '2.1.0': { backstage: '>=1.60.0' }, '1.0.0': {} }),
    ]);
    const plan = await resolver.plan({ plugins: [{ pluginId: 'a' }] });
    expect(plan.ok).toBe(false);
    expect(plan.problems.map(p => [p.kind, p.pluginId, p.message])).toEqual([
      ['backstage-incompatible', 'b', 'A 1.0.0 needs B ^2.0.0; B 2.1.0 needs Backstage >=1.60.0; this app is 1.55.0'],
    ]);
    expect(plan.problems[0].involves).toEqual(['a', 'b']);
  });

  it('backtracks to an older version when the newest leads to a conflict further down', async () => {
    const resolver = resolverOver([
      plugin('app', { '1.0.0': { deps: { a: '*', b: '*' } } }),
      plugin('a', { '2.0.0': { deps: { c: '^2.0.0' } }, '1.0.0': { deps: { c: '^1.0.0' } } }),
      plugin('b', { '1.0.0': { deps: { d: '^1.0.0' } } }),
      plugin('d', { '1.0.0': { deps: { c: '^1.0.0' } } }),
      plugin('c', { '2.0.0': {}, '1.2.0': {}, '1.0.0': {} }),
    ]);
    const plan = await resolver.plan({ plugins: [{ pluginId: 'app' }] });
    expect(plan.ok).toBe(true);
    expect(versionsOf(plan)).toEqual({ app: '1.0.0', a: '1.0.0', b: '1.0.0', c: '1.2.0', d: '1.0.0' });
  });

  it('backtracks across several levels when only an old combination works', async () => {
    const resolver = resolverOver([
      plugin('a', { '3.0.0': { deps: { b: '^3.0.0' } }, '2.0.0': { deps: { b: '^2.0.0' } }, '1.0.0': { deps: { b: '^1.0.0' } } }),
      plugin('b', { '3.0.0': { deps: { c: '^3.0.0' } }, '2.0.0': { deps: { c: '^2.0.0' } }, '1.0.0': { deps: { c: '^1.0.0' } } }),
      plugin('c', { '3.0.0': { backstage: '>=1.60.0' }, '2.0.0': { deps: { d: '^2.0.0' } }, '1.0.0': {} }),
      plugin('d', { '1.0.0': {} }),
    ]);
    const plan = await resolver.plan({ plugins: [{ pluginId: 'a' }] });
    expect(plan.ok).toBe(true);
    expect(versionsOf(plan)).toEqual({ a: '1.0.0', b: '1.0.0', c: '1.0.0' });
  });

  it('lists plugins dependencies first, with who needs each and why it is there', async () => {
    const resolver = resolverOver([
      plugin('top', { '1.0.0': { deps: { mid: '^1.0.0', base: '^1.0.0' } } }),
      plugin('mid', { '1.0.0': { deps: { base: '^1.0.0' } } }),
      plugin('base', { '1.1.0': {} }),
    ]);
    const plan = await resolver.plan({ plugins: [{ pluginId: 'top' }] });
    expect(plan.plugins.map(p => [p.pluginId, p.action, p.reason, p.requiredBy])).toEqual([
      ['base', 'install', 'dependency', ['mid', 'top']],
      ['mid', 'install', 'dependency', ['top']],
      ['top', 'install', 'requested', []],
    ]);
    expect(plan.packages.map(p => `${p.name}@${p.version}`)).toEqual([
      '@test/plugin-base@1.1.0',
      '@test/plugin-mid@1.0.0',
      '@test/plugin-top@1.0.0',
    ]);
  });

  it('plans plugins that depend on each other in a cycle, in a stable order', async () => {
    const resolver = resolverOver([
      plugin('a', { '1.0.0': { deps: { b: '^1.0.0' } } }),
      plugin('b', { '1.0.0': { deps: { a: '^1.0.0' } } }),
    ]);
    const first = await resolver.plan({ plugins: [{ pluginId: 'a' }] });
    expect(first.ok).toBe(true);
    expect(first.plugins.map(p => p.pluginId)).toEqual(['b', 'a']);
    expect(first.plugins.map(p => p.requiredBy)).toEqual([['a'], ['b']]);
    expect(await resolver.plan({ plugins: [{ pluginId: 'a' }] })).toEqual(first);
  });

  it('explains two plugins that need versions of a third no single version satisfies', async () => {
    const resolver = resolverOver([
      plugin('a', { '1.0.0': { deps: { c: '^1.0.0' } } }),
      plugin('b', { '1.0.0': { deps: { c: '^2.0.0' } } }),
      plugin('c', { '2.0.0': {}, '1.0.0': {} }),
    ]);
    const plan = await resolver.plan({ plugins: [{ pluginId: 'a' }, { pluginId: 'b' }] });
    expect(plan.ok).toBe(false);
    expect(plan.problems.map(p => [p.kind, p.message, p.involves])).toEqual([
      ['conflict', 'A 1.0.0 needs C ^1.0.0, and B 1.0.0 needs C ^2.0.0: no version of C satisfies both', ['a', 'b', 'c']],
    ]);
    expect(await resolver.detectConflicts({ plugins: [{ pluginId: 'a' }, { pluginId: 'b' }] })).toEqual(plan.problems);
  });

  it('uses prereleases only when asked', async () => {
    const resolver = resolverOver([
      plugin('a', { '2.0.0-next.1': {}, '1.0.0': {} }),
      plugin('edge', { '0.1.0-next.0': {} }),
    ]);
    expect(versionsOf(await resolver.plan({ plugins: [{ pluginId: 'a' }] }))).toEqual({ a: '1.0.0' });
    expect(versionsOf(await resolver.plan({ plugins: [{ pluginId: 'a' }], allowPrerelease: true }))).toEqual({
      a: '2.0.0-next.1',
    });
    const plan = await resolver.plan({ plugins: [{ pluginId: 'edge' }] });
    expect(plan.problems.map(p => [p.kind, p.message, p.suggestion])).toEqual([
      ['no-matching-version', 'EDGE has only prereleases matching * (the newest is 0.1.0-next.0)', 'Allow prereleases to use EDGE 0.1.0-next.0'],
    ]);
    const allowed = await resolver.plan({ plugins: [{ pluginId: 'edge' }], allowPrerelease: true });
    expect(allowed.plugins.map(p => [p.version, p.prerelease])).toEqual([['0.1.0-next.0', true]]);
  });

  it('keeps an installed dependency at its version and reports the installed plugin it would have to change', async () => {
    const plugins = [
      plugin('a', { '2.0.0': { deps: { b: '^2.0.0' } } }),
      plugin('b', { '2.0.0': {}, '1.5.0': {}, '1.0.0': {} }),
      plugin('c', { '1.0.0': { deps: { b: '^1.0.0' } } }),
    ];
    const resolver = resolverOver(plugins, { installed: { b: '1.0.0' } });

    const keep = await resolver.plan({ plugins: [{ pluginId: 'c' }] });
    expect(keep.plugins.map(p => [p.pluginId, p.action, p.version])).toEqual([
      ['b', 'keep', '1.0.0'],
      ['c', 'install', '1.0.0'],
    ]);
    expect(keep.packages.map(p => p.name)).toEqual(['@test/plugin-c']);

    const blocked = await resolver.plan({ plugins: [{ pluginId: 'a' }] });
    expect(blocked.ok).toBe(false);
    expect(blocked.problems).toEqual([
      {
        kind: 'installed-conflict',
        severity: 'error',
        pluginId: 'b',
        message: 'A 2.0.0 needs B ^2.0.0; B 1.0.0 is installed',
        suggestion: 'B 2.0.0 fits: add B to the plan to upgrade it',
        involves: ['a', 'b'],
      },
    ]);
    expect(blocked.plugins.map(p => [p.pluginId, p.action, p.fromVersion])).toEqual([
      ['b', 'upgrade', '1.0.0'],
      ['a', 'install', undefined],
    ]);

    const both = await resolver.plan({ plugins: [{ pluginId: 'a' }, { pluginId: 'b' }] });
    expect(both.ok).toBe(true);
    expect(both.plugins.map(p => [p.pluginId, p.action, p.reason])).toEqual([
      ['b', 'upgrade', 'requested'],
      ['a', 'install', 'requested'],
    ]);
  });

  it('refuses to move a plugin that an installed plugin needs at its current version', async () => {
    const resolver = resolverOver(
      [
        plugin('a', { '1.0.0': { deps: { b: '^1.0.0' } }, '1.1.0': { deps: { b: '>=1.0.0' } } }),
        plugin('b', { '2.0.0': {}, '1.0.0': {} }),
      ],
      { installed: { a: '1.0.0', b: '1.0.0' } },
    );
    const plan = await resolver.plan({ plugins: [{ pluginId: 'b', version: '2.0.0' }] });
    expect(plan.ok).toBe(false);
    expect(plan.problems.map(p => [p.kind, p.pluginId, p.message, p.suggestion])).toEqual([
      ['installed-conflict', 'a', 'A 1.0.0 is installed and needs B ^1.0.0; the plan needs B 2.0.0', 'A 1.1.0 fits: add A to the plan to upgrade it'],
    ]);
  });

  it('reports plugins it does not know, and requests no version matches', async () => {
    const resolver = resolverOver([plugin('a', { '1.2.0': {}, '1.0.0': {} })]);
    const plan = await resolver.plan({
      plugins: [{ pluginId: 'nobody' }, { pluginId: 'a', version: '^3.0.0' }],
    });
    expect(plan.problems.map(p => [p.kind, p.message, p.suggestion])).toEqual([
      ['unknown-plugin', "There is no plugin 'nobody' in the marketplace", undefined],
      ['no-matching-version', 'A has no version matching ^3.0.0; the newest is 1.2.0', 'A 1.2.0 fits: install that version instead'],
    ]);
  });

  it('lists npm dependencies outside the marketplace and flags plugin packages it cannot provide', async () => {
    const resolver = resolverOver([
      plugin('a', {
        '1.0.0': {
          external: { react: '^18.0.0', '@other/plugin-helper': '^1.0.0' },
          externalPeers: { '@other/plugin-core-react': '^2.0.0', 'react-dom': '^18.0.0' },
        },
      }),
    ]);
    const plan = await resolver.plan({ plugins: [{ pluginId: 'a' }] });
    expect(plan.external).toEqual({
      '@other/plugin-core-react': ['^2.0.0'],
      '@other/plugin-helper': ['^1.0.0'],
      react: ['^18.0.0'],
      'react-dom': ['^18.0.0'],
    });
    expect(plan.problems.map(p => [p.kind, p.severity, p.message])).toEqual([
      ['missing', 'warning', 'A 1.0.0 needs @other/plugin-helper ^1.0.0, which is not in the marketplace'],
      ['missing', 'error', 'A 1.0.0 needs @other/plugin-core-react ^2.0.0 as a peer, which is not in the marketplace'],
    ]);
    expect(plan.ok).toBe(false);
  });

  it('prefers a release that is not deprecated, and warns when only a deprecated one fits', async () => {
    const resolver = resolverOver([
      plugin('a', { '2.0.0': { deprecated: 'Broken, use 1.x' }, '1.0.0': {} }),
      plugin('b', { '1.0.0': { deps: { a: '^2.0.0' } } }),
    ]);
    expect(versionsOf(await resolver.plan({ plugins: [{ pluginId: 'a' }] }))).toEqual({ a: '1.0.0' });
    const plan = await resolver.plan({ plugins: [{ pluginId: 'b' }] });
    expect(plan.ok).toBe(true);
    expect(plan.problems.map(p => [p.kind, p.severity, p.message])).toEqual([
      ['deprecated', 'warning', 'A 2.0.0 is deprecated: Broken, use 1.x'],
    ]);
  });

  it("checks a range on a package against that package's own version line", async () => {
    const catalog = plugin(
      'catalog',
      {
        '1.28.0': { packageVersions: { '@test/plugin-catalog': '1.28.0', '@test/plugin-catalog-react': '3.2.0' } },
        '1.20.0': { packageVersions: { '@test/plugin-catalog': '1.20.0' } },
      },
      {
        packages: [
          { name: '@test/plugin-catalog', role: 'frontend-plugin', version: '1.28.0' },
          { name: '@test/plugin-catalog-react', role: 'web-library', version: '3.2.0' },
        ],
      },
    );
    const user = plugin('user', { '1.0.0': {} });
    user.versions[0].dependencies.push({
      package: '@test/plugin-user',
      name: '@test/plugin-catalog-react',
      range: '^3.0.0',
      kind: 'dependency',
      pluginId: 'catalog',
    });
    const strict = plugin('strict', { '1.0.0': {} });
    strict.versions[0].dependencies.push({
      package: '@test/plugin-strict',
      name: '@test/plugin-catalog-react',
      range: '^4.0.0',
      kind: 'dependency',
      pluginId: 'catalog',
    });
    const resolver = resolverOver([catalog, user, strict]);
    const plan = await resolver.plan({ plugins: [{ pluginId: 'user' }] });
    expect(versionsOf(plan)).toEqual({ catalog: '1.28.0', user: '1.0.0' });
    expect(plan.packages.find(p => p.name === '@test/plugin-catalog-react')?.version).toBe('3.2.0');

    // 1.20.0's catalog-react version is unknown, but at most 3.2.0: too old for ^4.
    const newer = await resolver.plan({ plugins: [{ pluginId: 'strict' }] });
    expect(newer.problems.map(p => [p.kind, p.message])).toEqual([
      [
        'no-matching-version',
        'STRICT 1.0.0 needs @test/plugin-catalog-react (part of CATALOG) ^4.0.0; there is no such version (the newest is 3.2.0)',
      ],
    ]);
  });
});
