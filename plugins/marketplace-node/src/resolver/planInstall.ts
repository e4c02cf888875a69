import {
  InstallPlan,
  InstallPlanRequest,
  ResolutionProblem,
} from '@internal/backstage-plugin-marketplace-common';
import { buildPlan } from './buildPlan';
import {
  describeConstraint,
  explainFailure,
  explainUnavailable,
  labelOf,
} from './explain';
import { Candidate, ResolutionModel } from './model';
import { RootRequirement, solve, SolveResult } from './solver';
import { PluginUniverse } from './types';

/** What one resolution reads once: the parsed universe, what is installed. */
export interface ResolutionContext {
  universe: PluginUniverse;
  model: ResolutionModel;
  installed: Map<string, string>;
  /** Installed plugins whose installed release came with the installation (need not be read). */
  installedWithReleases: Set<string>;
}

/** Reads what is installed and the app's Backstage release. */
export async function createContext(
  universe: PluginUniverse,
  allowPrerelease: boolean,
): Promise<ResolutionContext> {
  const [installed, backstageVersion] = await Promise.all([
    universe.getInstalled(),
    universe.getBackstageVersion(),
  ]);
  const model = new ResolutionModel(backstageVersion, allowPrerelease);
  model.addInstalled(installed);
  return {
    universe,
    model,
    installed: new Map(installed.map(i => [i.pluginId, i.version])),
    installedWithReleases: new Set(installed.filter(i => i.dependencies).map(i => i.pluginId)),
  };
}

/** How many older versions of a requested plugin are tried when looking for one that fits. */
const MAX_ALTERNATIVES = 20;

/** A plan and the releases it chose. */
export interface PlanOutcome {
  plan: InstallPlan;
  solution?: Map<string, Candidate>;
}

/**
 * Plans installing the requested plugins: installed plugins that were not
 * requested stay at their version. When that has no answer, the plan that
 * would work if installed plugins changed is shown with each change as an
 * `installed-conflict`; when nothing works, the obstacles are explained.
 */
export async function planInstall(
  ctx: ResolutionContext,
  request: InstallPlanRequest,
): Promise<PlanOutcome> {
  const { model, installed, universe } = ctx;
  const requestedIds = [...new Set(request.plugins.map(p => p.pluginId))];
  const pinned = new Map([...installed].filter(([id]) => !requestedIds.includes(id)));
  // The requested plugins' whole graph, and each installed plugin as it is (what it needs is installed already).
  await model.load(universe, requestedIds);
  await model.load(universe, [...pinned.keys()].filter(id => !ctx.installedWithReleases.has(id)), () => false);

  const problems: ResolutionProblem[] = [];
  const roots: RootRequirement[] = [];
  const failedRoots: RootRequirement[] = [];
  for (const requirement of request.plugins) {
    const root: RootRequirement = { pluginId: requirement.pluginId, range: requirement.version };
    const obstacle = explainUnavailable(ctx, root.pluginId, [
      { source: { type: 'request' }, range: root.range ?? '*' },
    ]);
    if (obstacle) {
      problems.push(obstacle);
      failedRoots.push(root);
    } else {
      roots.push(root);
    }
  }
  for (const root of failedRoots) {
    const problem = problems.find(p => p.pluginId === root.pluginId && !p.suggestion);
    if (problem && model.node(root.pluginId)) {
      const fit = alternativeVersion(ctx, root, roots, pinned);
      if (fit) problem.suggestion = `${labelOf(model, root.pluginId, fit)} fits: install that version instead`;
    }
  }

  const result = solve(model, { roots, pinned, installed });
  if (result.solution) {
    return {
      plan: buildPlan({ model, solution: result.solution, requested: requestedIds, installed, problems }),
      solution: result.solution,
    };
  }

  if (pinned.size > 0 && !result.gaveUp) {
    await model.load(universe, pinned.keys());
    const relaxed = solve(model, {
      roots: [
        ...roots,
        ...[...pinned].map(([pluginId, version]) => ({ pluginId, alsoAccept: version })),
      ],
      pinned: new Map(),
      installed,
      preferInstalled: true,
    });
    if (relaxed.solution) {
      const solution = relevantPart(relaxed.solution, requestedIds, pinned);
      problems.push(...installedConflicts(ctx, solution, pinned));
      return {
        plan: buildPlan({ model, solution, requested: requestedIds, installed, problems }),
        solution,
      };
    }
  }

  problems.push(...diagnose(ctx, roots, pinned, result));
  return {
    plan: {
      ok: false,
      ...(model.backstageVersion ? { backstageVersion: model.backstageVersion } : {}),
      plugins: [],
      packages: [],
      problems,
      external: {},
    },
  };
}

/** Why the requested plugins have no plan: each one that fails alone, else what fails when they meet. */
function diagnose(
  ctx: ResolutionContext,
  roots: RootRequirement[],
  pinned: Map<string, string>,
  joint: SolveResult,
): ResolutionProblem[] {
  const { model, installed } = ctx;
  if (joint.gaveUp) {
    return [
      {
        kind: 'conflict',
        severity: 'error',
        pluginId: roots[0]?.pluginId ?? '',
        message: `The dependencies of ${roots.map(r => labelOf(model, r.pluginId)).join(', ')} allow too many combinations to settle within ${joint.steps} steps`,
        suggestion: 'Ask for specific versions to narrow the choice',
        involves: roots.map(r => r.pluginId),
      },
    ];
  }
  const failures: Array<{ root?: RootRequirement; result: SolveResult }> = [];
  if (roots.length > 1) {
    for (const root of roots) {
      const alone = solve(model, { roots: [root], pinned, installed });
      if (!alone.solution) failures.push({ root, result: alone });
    }
  }
  if (failures.length === 0) failures.push({ result: joint });

  return failures.map(({ root, result }) => {
    const problem = result.failure
      ? explainFailure(ctx, result.failure)
      : {
          kind: 'conflict' as const,
          severity: 'error' as const,
          pluginId: root?.pluginId ?? roots[0].pluginId,
          message: 'No combination of versions fits',
          involves: roots.map(r => r.pluginId),
        };
    if (!problem.suggestion) {
      for (const candidate of root ? [root] : roots) {
        const others = roots.filter(r => r !== candidate);
        const fit = alternativeVersion(ctx, candidate, root ? [] : others, pinned);
        if (fit) {
          problem.suggestion = `${labelOf(model, candidate.pluginId, fit)} fits: install that version instead`;
          break;
        }
      }
    }
    return problem;
  });
}

/**
 * The newest version of a requested plugin, outside the range asked, with
 * which the request can be planned; undefined when none of the newest few can.
 */
function alternativeVersion(
  ctx: ResolutionContext,
  root: RootRequirement,
  others: RootRequirement[],
  pinned: Map<string, string>,
): string | undefined {
  const { model, installed } = ctx;
  const node = model.node(root.pluginId);
  // Without a range every version was open to the search already.
  if (!node || root.range === undefined) return undefined;
  const range = root.range;
  const tried = node.candidates.filter(
    c =>
      (c.compatible || installed.get(node.id) === c.version) &&
      (model.includePrerelease || !c.prerelease) &&
      !model.satisfies(c.semver, range),
  );
  for (const candidate of tried.slice(0, MAX_ALTERNATIVES)) {
    const result = solve(model, {
      roots: [...others, { pluginId: root.pluginId, range: candidate.version }],
      pinned,
      installed,
      maxSteps: 200_000,
    });
    if (result.solution) return candidate.version;
  }
  return undefined;
}

/**
 * The part of a solution that concerns the request: the requested plugins,
 * the installed plugins that had to change, and what those need.
 */
function relevantPart(
  solution: Map<string, Candidate>,
  requested: string[],
  pinned: Map<string, string>,
): Map<string, Candidate> {
  const start = [
    ...requested,
    ...[...pinned].filter(([id, version]) => solution.get(id) && solution.get(id)!.version !== version).map(([id]) => id),
  ];
  const keep = new Set<string>();
  const queue = start.filter(id => solution.has(id));
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    for (const edge of solution.get(id)!.edges) if (solution.has(edge.pluginId)) queue.push(edge.pluginId);
  }
  return new Map([...solution].filter(([id]) => keep.has(id)));
}

/** One `installed-conflict` for each installed plugin a plan could only work by changing. */
function installedConflicts(
  ctx: ResolutionContext,
  solution: Map<string, Candidate>,
  pinned: Map<string, string>,
): ResolutionProblem[] {
  const { model } = ctx;
  const problems: ResolutionProblem[] = [];
  for (const [id, version] of pinned) {
    const chosen = solution.get(id);
    if (!chosen || chosen.version === version) continue;
    const installedLabel = labelOf(model, id, version);
    const current = model.installedRelease(id, version);
    let message = `The plan needs ${labelOf(model, id, chosen.version)}; ${installedLabel} is installed`;
    let involves: string[] = [];
    const blocker = [...solution.values()].find(other =>
      other.edges.some(e => e.pluginId === id && current && !model.accepts(e, current)),
    );
    if (blocker) {
      const edge = blocker.edges.find(e => e.pluginId === id && current && !model.accepts(e, current))!;
      const constraint = {
        source: { type: 'plugin' as const, pluginId: blocker.pluginId, version: blocker.version },
        packageName: edge.packageName,
        range: edge.range,
      };
      message = `${describeConstraint(model, id, constraint)}; ${installedLabel} is installed`;
      involves = [blocker.pluginId];
    } else if (current) {
      const edge = current.edges.find(e => solution.has(e.pluginId) && !model.accepts(e, solution.get(e.pluginId)!));
      if (edge) {
        const target = solution.get(edge.pluginId)!;
        message = `${installedLabel} is installed and needs ${labelOf(model, edge.pluginId)} ${edge.range}; the plan needs ${labelOf(model, edge.pluginId, target.version)}`;
        involves = [edge.pluginId];
      }
    }
    const direction = chosen.semver.compare(version) > 0 ? 'upgrade' : 'downgrade';
    problems.push({
      kind: 'installed-conflict',
      severity: 'error',
      pluginId: id,
      message,
      suggestion: `${labelOf(model, id, chosen.version)} fits: add ${labelOf(model, id)} to the plan to ${direction} it`,
      involves: [...new Set([id, ...involves])].sort(),
    });
  }
  return problems;
}
