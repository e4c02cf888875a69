import {
  InstallPlan,
  PlannedPackage,
  PlannedPlugin,
  ResolutionProblem,
} from '@internal/backstage-plugin-marketplace-common';
import { Candidate, looksLikePluginPackage, ResolutionModel } from './model';
import { labelOf } from './explain';

/**
 * Plugins in install order: every plugin after the plugins it depends on,
 * walking from the requested plugins in the order asked. A cycle is broken
 * where the walk first meets it; the order is the same for the same input.
 */
export function installOrder(solution: Map<string, Candidate>, rootIds: string[]): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (start: string) => {
    // Iterative depth-first walk: dependency chains may be thousands long.
    const stack: Array<{ id: string; deps: string[]; next: number }> = [];
    const enter = (id: string) => {
      state.set(id, 'visiting');
      const deps = [...new Set(solution.get(id)!.edges.map(e => e.pluginId))]
        .filter(dep => dep !== id && solution.has(dep))
        .sort();
      stack.push({ id, deps, next: 0 });
    };
    if (state.has(start) || !solution.has(start)) return;
    enter(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next++];
        if (!state.has(dep)) enter(dep);
      } else {
        stack.pop();
        state.set(top.id, 'done');
        order.push(top.id);
      }
    }
  };
  for (const id of rootIds) visit(id);
  for (const id of solution.keys()) visit(id);
  return order;
}

/** Which plugins of the result need each plugin, sorted. */
export function dependentsIn(solution: Map<string, Candidate>): Map<string, string[]> {
  const result = new Map<string, Set<string>>();
  for (const [id, candidate] of solution) {
    for (const edge of candidate.edges) {
      if (edge.pluginId === id || !solution.has(edge.pluginId)) continue;
      const set = result.get(edge.pluginId) ?? new Set();
      set.add(id);
      result.set(edge.pluginId, set);
    }
  }
  return new Map([...result].map(([id, set]) => [id, [...set].sort()]));
}

function actionOf(candidate: Candidate, installed: string | undefined): PlannedPlugin['action'] {
  if (installed === undefined) return 'install';
  if (candidate.version === installed) return 'keep';
  const cmp = candidate.semver.compare(installed);
  return cmp > 0 ? 'upgrade' : 'downgrade';
}

/**
 * An install plan from the chosen releases: plugins in install order with
 * what happens to each, the npm packages to install, what they need from
 * outside the marketplace, and warnings (deprecated releases, plugin
 * packages the marketplace does not know).
 */
export function buildPlan(options: {
  model: ResolutionModel;
  solution: Map<string, Candidate>;
  requested: string[];
  installed: Map<string, string>;
  problems: ResolutionProblem[];
}): InstallPlan {
  const { model, solution, requested, installed } = options;
  const requestedSet = new Set(requested);
  const dependents = dependentsIn(solution);
  const plugins: PlannedPlugin[] = [];
  const packages: PlannedPackage[] = [];
  const external = new Map<string, Set<string>>();
  const problems = [...options.problems];

  for (const id of installOrder(solution, requested)) {
    const candidate = solution.get(id)!;
    const node = model.node(id);
    const from = installed.get(id);
    const action = actionOf(candidate, from);
    plugins.push({
      pluginId: id,
      name: model.nameOf(id),
      version: candidate.version,
      action,
      ...(action === 'upgrade' || action === 'downgrade' ? { fromVersion: from } : {}),
      reason: requestedSet.has(id) ? 'requested' : 'dependency',
      requiredBy: dependents.get(id) ?? [],
      ...(candidate.backstageVersion ? { backstageVersion: candidate.backstageVersion } : {}),
      prerelease: candidate.prerelease,
    });
    if (action === 'keep') continue;

    for (const pkg of node?.plugin.packages ?? []) {
      packages.push({
        name: pkg.name,
        version: candidate.packageVersions?.[pkg.name] ?? candidate.version,
        role: pkg.role,
        pluginId: id,
      });
    }
    const label = labelOf(model, id, candidate.version);
    for (const dep of candidate.external) {
      const ranges = external.get(dep.name) ?? new Set();
      ranges.add(dep.range);
      external.set(dep.name, ranges);
      if (looksLikePluginPackage(dep.name)) {
        const peer = dep.kind === 'peer';
        problems.push({
          kind: 'missing',
          severity: peer ? 'error' : 'warning',
          pluginId: id,
          message: `${label} needs ${dep.name} ${dep.range}${peer ? ' as a peer' : ''}, which is not in the marketplace`,
          suggestion: peer
            ? `Add ${dep.name} to the app yourself, or publish it to the marketplace`
            : `The package manager installs it with ${model.nameOf(id)}, but the marketplace cannot check that it fits this app`,
          involves: [id],
        });
      }
    }
    if (candidate.deprecated) {
      const newer = node?.candidates.find(c => !c.deprecated && c.compatible && c.semver.compare(candidate.semver) > 0);
      problems.push({
        kind: 'deprecated',
        severity: 'warning',
        pluginId: id,
        message: `${label} is deprecated: ${candidate.deprecated}`,
        ...(newer ? { suggestion: `${labelOf(model, id, newer.version)} is not deprecated` } : {}),
        involves: [id],
      });
    }
  }

  return {
    ok: !problems.some(p => p.severity === 'error'),
    ...(model.backstageVersion ? { backstageVersion: model.backstageVersion } : {}),
    plugins,
    packages,
    problems,
    external: Object.fromEntries(
      [...external].sort(([a], [b]) => a.localeCompare(b)).map(([name, ranges]) => [name, [...ranges].sort()]),
    ),
  };
}
