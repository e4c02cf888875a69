import { NotFoundError } from '@backstage/errors';
import {
  AnalyzedDependency,
  DependencyAnalysis,
} from '@internal/backstage-plugin-marketplace-common';
import { edgeConstraint, labelOf, newestMeeting } from './explain';
import { Candidate, looksLikePluginPackage, PluginNode } from './model';
import { planInstall, ResolutionContext } from './planInstall';

const MAX_RECOMMENDATIONS = 8;
const MAX_DEPENDENTS = 50;

/**
 * What installing one plugin involves: its dependencies with the versions a
 * plan would choose (or, when no plan exists, the newest that would fit each
 * range), the plan's problems, plugin packages outside the marketplace, and
 * plugins that complete it.
 */
export async function analyzePlugin(
  ctx: ResolutionContext,
  pluginId: string,
  version: string | undefined,
): Promise<DependencyAnalysis> {
  const { model, installed, universe } = ctx;
  await model.load(universe, [pluginId], () => false);
  const node = model.node(pluginId);
  if (!node) throw new NotFoundError(`No plugin with id '${pluginId}'`);
  if (version && !node.plugin.versions.some(v => v.version === version)) {
    throw new NotFoundError(`Plugin '${pluginId}' has no version ${version}`);
  }
  const { plan, solution } = await planInstall(ctx, {
    plugins: [{ pluginId, ...(version ? { version } : {}) }],
    allowPrerelease: model.includePrerelease,
  });
  const chosen: Candidate | undefined = version
    ? node.byVersion.get(version)
    : solution?.get(pluginId) ?? node.candidates.find(c => c.compatible) ?? node.candidates[0];

  const describe = (from: Candidate, edge: Candidate['edges'][number]): AnalyzedDependency => {
    const resolved = solution?.get(edge.pluginId)?.version;
    const current = installed.get(edge.pluginId);
    return {
      pluginId: edge.pluginId,
      range: edge.range,
      kind: edge.kind,
      requiredBy: from.pluginId,
      ...(resolved ? { resolvedVersion: resolved } : {}),
      ...(current ? { installedVersion: current } : {}),
    };
  };

  const direct: AnalyzedDependency[] = [];
  const transitive: AnalyzedDependency[] = [];
  const missing = new Set<string>();
  const seen = new Set<string>([pluginId]);
  const queue: Candidate[] = [];
  const visit = (from: Candidate, into: AnalyzedDependency[]) => {
    const described = new Set<string>();
    for (const dep of from.external) {
      if (looksLikePluginPackage(dep.name)) missing.add(dep.name);
    }
    for (const edge of from.edges) {
      const key = `${edge.pluginId}\u0000${edge.range}\u0000${edge.kind}`;
      if (edge.pluginId === from.pluginId || described.has(key)) continue;
      described.add(key);
      into.push(describe(from, edge));
      if (seen.has(edge.pluginId)) continue;
      seen.add(edge.pluginId);
      const next = solution?.get(edge.pluginId) ?? newestMeeting(ctx, edge.pluginId, [edgeConstraint(from, edge)]);
      if (next) queue.push(next);
    }
  };
  if (chosen) visit(chosen, direct);
  while (queue.length > 0) visit(queue.shift()!, transitive);

  return {
    pluginId,
    version: chosen?.version ?? node.plugin.version,
    direct,
    transitive,
    conflicts: plan.problems,
    missing: [...missing].sort(),
    recommendations: await recommend(ctx, node, new Set([...seen, ...plan.plugins.map(p => p.pluginId)])),
  };
}

/**
 * Plugins that complete this one and are neither installed nor in its plan:
 * the backend of a frontend plugin (and the other way round), found by the
 * `-backend` naming convention, and modules that extend it.
 */
async function recommend(
  ctx: ResolutionContext,
  node: PluginNode,
  planned: Set<string>,
): Promise<DependencyAnalysis['recommendations']> {
  const { model, installed, universe } = ctx;
  const skip = (id: string) => id === node.id || planned.has(id) || installed.has(id);
  const result: DependencyAnalysis['recommendations'] = [];
  const name = labelOf(model, node.id);

  const counterparts = new Map<string, 'backend' | 'frontend'>();
  for (const pkg of node.plugin.packages) {
    if (pkg.role === 'frontend-plugin') counterparts.set(`${pkg.name}-backend`, 'backend');
    if (pkg.role === 'backend-plugin' && pkg.name.endsWith('-backend')) {
      counterparts.set(pkg.name.slice(0, -'-backend'.length), 'frontend');
    }
  }
  const owners = counterparts.size > 0 ? await universe.getPackageOwners([...counterparts.keys()]) : new Map();
  const dependents = await universe.getDependents(node.id, MAX_DEPENDENTS);
  await model.load(universe, [...owners.values(), ...dependents], () => false);

  for (const [pkg, owner] of [...owners].sort(([a], [b]) => a.localeCompare(b))) {
    if (skip(owner) || result.some(r => r.pluginId === owner)) continue;
    const part = counterparts.get(pkg)!;
    result.push({
      pluginId: owner,
      reason: `${labelOf(model, owner)} is the ${part} of ${name} (${pkg})`,
    });
  }
  for (const id of [...dependents].sort()) {
    const dependent = model.node(id);
    if (!dependent || skip(id) || result.some(r => r.pluginId === id)) continue;
    const module = dependent.plugin.packages.find(p => p.role.endsWith('-module'));
    if (module) result.push({ pluginId: id, reason: `${labelOf(model, id)} is a module that extends ${name}` });
  }
  return result.slice(0, MAX_RECOMMENDATIONS);
}
