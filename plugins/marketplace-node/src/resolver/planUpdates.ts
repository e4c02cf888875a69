import {
  PlannedUpdate,
  ResolutionProblem,
  UpdatePlan,
} from '@internal/backstage-plugin-marketplace-common';
import semver from 'semver';
import { describeConstraint, edgeConstraint, explainFailure, labelOf } from './explain';
import { Candidate } from './model';
import { ResolutionContext } from './planInstall';
import { RootRequirement, solve } from './solver';

/** A major version change, or a minor one before 1.0 (where minors may break). */
export function isBreaking(from: string, to: string): boolean {
  const a = semver.parse(from);
  const b = semver.parse(to);
  if (!a || !b) return false;
  if (a.major !== b.major) return true;
  return a.major === 0 && a.minor !== b.minor;
}

/**
 * The newest versions the installed plugins can move to together, never
 * older than what is installed, with what holds each one back from its
 * newest release. Plugins that cannot move although a newer release exists
 * are reported as warnings.
 */
export async function planUpdates(ctx: ResolutionContext): Promise<UpdatePlan> {
  const { model, installed, universe } = ctx;
  await model.load(universe, installed.keys());
  const roots: RootRequirement[] = [];
  const pinned = new Map<string, string>();
  for (const [pluginId, version] of [...installed].sort(([a], [b]) => a.localeCompare(b))) {
    if (model.node(pluginId)?.byVersion.has(version)) {
      roots.push({ pluginId, alsoAccept: version, atLeast: version });
    } else {
      // A release the marketplace no longer lists: kept as it is.
      pinned.set(pluginId, version);
    }
  }

  const result = solve(model, { roots, pinned, installed });
  if (!result.solution) {
    const problems = result.failure ? [explainFailure(ctx, result.failure)] : [];
    return { updates: [], problems };
  }
  const solution = result.solution;
  const updates: PlannedUpdate[] = [];
  const problems: ResolutionProblem[] = [];
  for (const root of roots) {
    const from = root.alsoAccept!;
    const chosen = solution.get(root.pluginId)!;
    const node = model.node(root.pluginId)!;
    const newest = node.candidates.find(c => model.includePrerelease || !c.prerelease);
    const held = newest && newest.semver.compare(chosen.semver) > 0 ? heldBackBy(ctx, solution, newest, roots) : undefined;
    if (chosen.version !== from) {
      updates.push({
        pluginId: root.pluginId,
        from,
        to: chosen.version,
        breaking: isBreaking(from, chosen.version),
        ...(held ? { heldBackBy: held } : {}),
      });
    } else if (held && newest) {
      problems.push({
        kind: newest.compatible ? 'conflict' : 'backstage-incompatible',
        severity: 'warning',
        pluginId: root.pluginId,
        message: `${labelOf(model, root.pluginId, newest.version)} is out, but ${labelOf(model, root.pluginId, from)} stays: ${held}`,
        involves: [root.pluginId],
      });
    }
    const current = node.byVersion.get(chosen.version)!;
    if (current.deprecated) {
      problems.push({
        kind: 'deprecated',
        severity: 'warning',
        pluginId: root.pluginId,
        message: `${labelOf(model, root.pluginId, current.version)} is deprecated: ${current.deprecated}`,
        involves: [root.pluginId],
      });
    }
  }
  return { updates, problems };
}

/** Why `newest` was not chosen, in words. */
function heldBackBy(
  ctx: ResolutionContext,
  solution: Map<string, Candidate>,
  newest: Candidate,
  roots: RootRequirement[],
): string {
  const { model, installed } = ctx;
  const id = newest.pluginId;
  const label = labelOf(model, id, newest.version);
  if (!newest.compatible) {
    return `${label} needs Backstage ${newest.backstageVersion}; this app is ${model.backstageVersion}`;
  }
  for (const other of solution.values()) {
    if (other.pluginId === id) continue;
    const edge = other.edges.find(e => e.pluginId === id && !model.accepts(e, newest));
    if (edge) return describeConstraint(model, id, edgeConstraint(other, edge));
  }
  for (const edge of newest.edges) {
    const target = solution.get(edge.pluginId);
    if (target && edge.pluginId !== id && !model.accepts(edge, target)) {
      return `${label} needs ${labelOf(model, edge.pluginId)} ${edge.range}, which does not fit with ${labelOf(model, edge.pluginId, target.version)}`;
    }
  }
  const probe = solve(model, {
    roots: roots.map(r => (r.pluginId === id ? { pluginId: id, range: newest.version } : r)),
    pinned: new Map([...installed].filter(([pluginId, version]) => !model.node(pluginId)?.byVersion.has(version))),
    installed,
    maxSteps: 200_000,
  });
  if (!probe.solution && probe.failure) return explainFailure(ctx, probe.failure).message;
  return `${label} fits only with other plugins at older versions`;
}
