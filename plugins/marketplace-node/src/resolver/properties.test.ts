import fc from 'fast-check';
import semver from 'semver';
import { InstallPlan, InstallPlanRequest } from '@internal/backstage-plugin-marketplace-common';
import { DefaultDependencyResolver } from './DefaultDependencyResolver';
import { UniversePlugin } from './types';
import { plugin, universe } from './__testUtils__/universe';

const APP = '1.55.0';
const VERSIONS = ['1.0.0', '1.1.0', '2.0.0', '2.1.0', '3.0.0-next.0'];
const RANGES = ['^1.0.0', '^2.0.0', '>=1.1.0', '*', '1.0.0', '<2.0.0', '~2.1.0', '^3.0.0-next.0'];
const BACKSTAGE = [undefined, undefined, undefined, '>=1.50.0', '>=1.60.0'];

interface Scenario {
  plugins: UniversePlugin[];
  installed: Record<string, string>;
  request: InstallPlanRequest;
}

/** Small random graphs: 3–6 plugins, 1–4 releases each, cycles and self-references allowed. */
const scenarios: fc.Arbitrary<Scenario> = fc.integer({ min: 3, max: 6 }).chain(count => {
  const ids = Array.from({ length: count }, (_, i) => `p${i}`);
  const release = fc.record({
    backstage: fc.constantFrom(...BACKSTAGE),
    deprecated: fc.boolean(),
    deps: fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...RANGES)), { maxLength: 3 }),
  });
  const releases = fc.uniqueArray(fc.constantFrom(...VERSIONS), { minLength: 1, maxLength: 4 }).chain(versions =>
    fc.tuple(...versions.map(v => release.map(r => [v, r] as const))),
  );
  return fc.record({
    releases: fc.tuple(...ids.map(() => releases)),
    installedPick: fc.tuple(...ids.map(() => fc.option(fc.nat(2), { freq: 3 }))),
    requested: fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 2 }),
    ranges: fc.tuple(fc.option(fc.constantFrom(...RANGES)), fc.option(fc.constantFrom(...RANGES))),
    allowPrerelease: fc.boolean(),
  }).map(({ releases: all, installedPick, requested, ranges, allowPrerelease }) => {
    const plugins = ids.map((id, i) => {
      const sorted = [...all[i]].sort(([a], [b]) => semver.rcompare(a, b));
      return plugin(
        id,
        Object.fromEntries(
          sorted.map(([version, r]) => [
            version,
            {
              deps: Object.fromEntries(r.deps),
              ...(r.backstage ? { backstage: r.backstage } : {}),
              ...(r.deprecated ? { deprecated: 'old' } : {}),
            },
          ]),
        ),
      );
    });
    const installed: Record<string, string> = {};
    plugins.forEach((p, i) => {
      const pick = installedPick[i];
      if (pick !== null) installed[p.id] = p.versions[pick % p.versions.length].version;
    });
    return {
      plugins,
      installed,
      request: {
        plugins: requested.map((pluginId, i) => ({
          pluginId,
          ...(ranges[i] !== null ? { version: ranges[i]! } : {}),
        })),
        allowPrerelease,
      },
    };
  });
});

/**
 * One plugin that needs several others, which constrain each other by major
 * version: the shape where the newest choice of one sibling breaks another
 * and the search must go back to the right earlier choice.
 */
const siblingScenarios: fc.Arbitrary<Scenario> = fc.integer({ min: 4, max: 6 }).chain(count => {
  const ids = Array.from({ length: count }, (_, i) => `p${i}`);
  const others = ids.slice(1);
  const release = fc.array(
    fc.tuple(fc.constantFrom(...others), fc.constantFrom('^1.0.0', '^2.0.0', '^3.0.0', '<3.0.0', '>=2.0.0')),
    { maxLength: 2 },
  );
  const releases = fc.uniqueArray(fc.constantFrom('1.0.0', '2.0.0', '3.0.0'), { minLength: 1, maxLength: 3 }).chain(
    versions => fc.tuple(...versions.map(v => release.map(deps => [v, deps] as const))),
  );
  return fc.record({
    top: fc.uniqueArray(fc.constantFrom(...others), { minLength: 2, maxLength: 3 }),
    releases: fc.tuple(...others.map(() => releases)),
    installed: fc.option(fc.constantFrom(...others), { freq: 3 }),
  }).map(({ top, releases: all, installed }) => {
    const plugins = [
      plugin('p0', { '1.0.0': { deps: Object.fromEntries(top.map(id => [id, '*'])) } }),
      ...others.map((id, i) =>
        plugin(
          id,
          Object.fromEntries(
            [...all[i]].sort(([a], [b]) => semver.rcompare(a, b)).map(([version, deps]) => [
              version,
              { deps: Object.fromEntries(deps) },
            ]),
          ),
        ),
      ),
    ];
    const pinned = installed === null ? {} : { [installed]: plugins.find(p => p.id === installed)!.versions.at(-1)!.version };
    return { plugins, installed: pinned, request: { plugins: [{ pluginId: 'p0' }] } };
  });
});

/**
 * The rules a plan must keep, written out independently of the resolver:
 * `chosen` is every plugin whose version the plan decides (installed plugins
 * not requested stay as they are).
 */
function keepsEveryRule(scenario: Scenario, chosen: Map<string, string>): boolean {
  const { plugins, installed, request } = scenario;
  const pre = request.allowPrerelease === true;
  const requestedIds = new Set(request.plugins.map(p => p.pluginId));
  const pinned = new Map(Object.entries(installed).filter(([id]) => !requestedIds.has(id)));
  const present = new Map([...pinned, ...chosen]);
  const releaseOf = (id: string, version: string) =>
    plugins.find(p => p.id === id)?.versions.find(v => v.version === version);

  for (const wanted of request.plugins) {
    const version = chosen.get(wanted.pluginId);
    if (!version || !semver.satisfies(version, wanted.version ?? '*', { includePrerelease: pre })) return false;
  }
  for (const [id, version] of chosen) {
    if (pinned.has(id)) return false;
    const release = releaseOf(id, version);
    if (!release) return false;
    const fits = !release.backstageVersion || semver.satisfies(APP, release.backstageVersion, { includePrerelease: true });
    if (!fits && installed[id] !== version) return false;
    for (const dep of release.dependencies) {
      if (dep.pluginId === id) continue;
      const target = present.get(dep.pluginId!);
      if (!target || !semver.satisfies(target, dep.range, { includePrerelease: pre })) return false;
    }
  }
  for (const [id, version] of pinned) {
    for (const dep of releaseOf(id, version)?.dependencies ?? []) {
      const target = chosen.get(dep.pluginId!);
      if (target && !semver.satisfies(target, dep.range, { includePrerelease: pre })) return false;
    }
  }
  return true;
}

/** Whether any plan exists: every plugin absent or at any of its versions. */
function bruteForceSolvable(scenario: Scenario): boolean {
  const requestedIds = new Set(scenario.request.plugins.map(p => p.pluginId));
  const free = scenario.plugins.filter(p => requestedIds.has(p.id) || !(p.id in scenario.installed));
  const chosen = new Map<string, string>();
  const tryFrom = (index: number): boolean => {
    if (index === free.length) return keepsEveryRule(scenario, chosen);
    const p = free[index];
    if (tryFrom(index + 1)) return true;
    for (const release of p.versions) {
      chosen.set(p.id, release.version);
      if (tryFrom(index + 1)) return true;
      chosen.delete(p.id);
    }
    return false;
  };
  return tryFrom(0);
}

function decided(scenario: Scenario, plan: InstallPlan): Map<string, string> {
  const requestedIds = new Set(scenario.request.plugins.map(p => p.pluginId));
  return new Map(
    plan.plugins
      .filter(p => requestedIds.has(p.pluginId) || !(p.pluginId in scenario.installed))
      .map(p => [p.pluginId, p.version]),
  );
}

describe('DefaultDependencyResolver on random dependency graphs', () => {
  const planFor = (scenario: Scenario) =>
    DefaultDependencyResolver.create({
      universe: universe(scenario.plugins, { installed: scenario.installed, backstageVersion: APP }),
    }).plan(scenario.request);

  it('returns only plans that keep every range, the Backstage release and one version per plugin', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(scenarios, siblingScenarios), async scenario => {
        const plan = await planFor(scenario);
        if (!plan.ok) return;
        const ids = plan.plugins.map(p => p.pluginId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(keepsEveryRule(scenario, decided(scenario, plan))).toBe(true);
        for (const kept of plan.plugins.filter(p => p.action === 'keep')) {
          expect(scenario.installed[kept.pluginId]).toBe(kept.version);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('says there is no plan only when brute force finds none, and explains it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(scenarios, siblingScenarios), async scenario => {
        const plan = await planFor(scenario);
        expect(plan.ok).toBe(bruteForceSolvable(scenario));
        const errors = plan.problems.filter(p => p.severity === 'error');
        expect(plan.ok).toBe(errors.length === 0);
        expect(errors.every(p => p.message.length > 0 && p.involves.includes(p.pluginId))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('answers the same request the same way', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async scenario => {
        expect(await planFor(scenario)).toEqual(await planFor(scenario));
      }),
      { numRuns: 100 },
    );
  });

  it('plans updates that only move forward and say what holds a plugin back', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, fc.boolean(), async (scenario, allowPrerelease) => {
        const resolver = DefaultDependencyResolver.create({
          universe: universe(scenario.plugins, { installed: scenario.installed, backstageVersion: APP }),
        });
        const { updates } = await resolver.planUpdates({ allowPrerelease });
        for (const update of updates) {
          expect(semver.gt(update.to, update.from)).toBe(true);
          const newest = scenario.plugins
            .find(p => p.id === update.pluginId)!
            .versions.map(v => v.version)
            .filter(v => allowPrerelease || !semver.prerelease(v))
            .sort(semver.rcompare)[0];
          expect(update.heldBackBy === undefined).toBe(update.to === newest);
        }
      }),
      { numRuns: 200 },
    );
  });
});
