import { DefaultDependencyResolver } from './DefaultDependencyResolver';
import { isBreaking } from './planUpdates';
import { plugin, universe } from './__testUtils__/universe';

describe('DefaultDependencyResolver.planUpdates', () => {
  it('moves installed plugins to the newest versions that fit together, and says what holds one back', async () => {
    const resolver = DefaultDependencyResolver.create({
      universe: universe(
        [
          plugin('a', { '3.0.0': { backstage: '>=1.60.0' }, '2.0.0': {}, '1.0.0': {} }),
          plugin('b', { '1.4.0': { deps: { c: '^1.0.0' } }, '1.2.0': { deps: { c: '^1.0.0' } } }),
          plugin('c', { '2.0.0': {}, '1.1.0': {}, '1.0.0': {} }),
          plugin('d', { '0.3.0': {}, '0.2.1': {}, '0.2.0-next.1': {} }),
        ],
        { installed: { a: '1.0.0', b: '1.2.0', c: '1.0.0', d: '0.2.1' } },
      ),
    });
    const plan = await resolver.planUpdates();
    expect(plan.updates).toEqual([
      { pluginId: 'a', from: '1.0.0', to: '2.0.0', breaking: true, heldBackBy: 'A 3.0.0 needs Backstage >=1.60.0; this app is 1.55.0' },
      { pluginId: 'b', from: '1.2.0', to: '1.4.0', breaking: false },
      { pluginId: 'c', from: '1.0.0', to: '1.1.0', breaking: false, heldBackBy: 'B 1.4.0 needs C ^1.0.0' },
      { pluginId: 'd', from: '0.2.1', to: '0.3.0', breaking: true },
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('never moves an installed plugin back, and warns when a newer release cannot be taken at all', async () => {
    const resolver = DefaultDependencyResolver.create({
      universe: universe(
        [
          plugin('a', { '2.0.0': { deps: { b: '^2.0.0' } }, '1.0.0': { deps: { b: '^1.0.0' } } }),
          plugin('b', { '2.0.0': { backstage: '>=1.60.0' }, '1.0.0': {} }),
        ],
        { installed: { a: '1.0.0', b: '1.0.0' } },
      ),
    });
    const plan = await resolver.planUpdates();
    expect(plan.updates).toEqual([]);
    expect(plan.problems.map(p => [p.kind, p.severity, p.pluginId, p.message])).toEqual([
      ['conflict', 'warning', 'a', 'A 2.0.0 is out, but A 1.0.0 stays: A 2.0.0 needs B ^2.0.0, which does not fit with B 1.0.0'],
      ['backstage-incompatible', 'warning', 'b', 'B 2.0.0 is out, but B 1.0.0 stays: B 2.0.0 needs Backstage >=1.60.0; this app is 1.55.0'],
    ]);
  });

  it('calls a major change, or a minor one before 1.0, breaking', () => {
    expect(isBreaking('1.2.0', '2.0.0')).toBe(true);
    expect(isBreaking('0.2.0', '0.3.0')).toBe(true);
    expect(isBreaking('1.2.0', '1.9.0')).toBe(false);
    expect(isBreaking('0.2.0', '0.2.5')).toBe(false);
  });
});
