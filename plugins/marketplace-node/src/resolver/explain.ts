import {
  ResolutionProblem,
  ResolutionProblemKind,
} from '@internal/backstage-plugin-marketplace-common';
import { Candidate, Edge, PluginNode, ResolutionModel } from './model';
import { Constraint, FailureEvent } from './solver';

/** What explanations need to know beyond the failure itself. */
export interface ExplainContext {
  model: ResolutionModel;
  installed: Map<string, string>;
}

/** A plugin's name and version as an admin reads it: `Catalog 1.2.0`. */
export function labelOf(model: ResolutionModel, pluginId: string, version?: string): string {
  const name = model.nameOf(pluginId);
  return version ? `${name} ${version}` : name;
}

/**
 * How a dependency names what it needs: the plugin, or the package and its
 * plugin when the package has a version line of its own (a range on
 * `@backstage/plugin-catalog-react` is not a range on the Catalog's version).
 */
function targetOf(model: ResolutionModel, pluginId: string, packageName?: string): string {
  const node = model.node(pluginId);
  const name = model.nameOf(pluginId);
  if (!node || !packageName) return name;
  const pkg = node.plugin.packages.find(p => p.name === packageName);
  return pkg && pkg.version !== node.plugin.version ? `${packageName} (part of ${name})` : name;
}

/** One constraint in words: "Catalog 1.2.0 needs Kubernetes ^2.0.0". */
export function describeConstraint(
  model: ResolutionModel,
  pluginId: string,
  constraint: Constraint,
): string {
  const target = targetOf(model, pluginId, constraint.packageName);
  const { source } = constraint;
  switch (source.type) {
    case 'request':
      return `you asked for ${target} ${constraint.range}`;
    case 'installed':
      return `${labelOf(model, source.pluginId, source.version)} (installed) needs ${target} ${constraint.range}`;
    default:
      return `${labelOf(model, source.pluginId, source.version)} needs ${target} ${constraint.range}`;
  }
}

/** The constraint a release's dependency puts on its target. */
export function edgeConstraint(from: Candidate, edge: Edge): Constraint {
  return {
    source: { type: 'plugin', pluginId: from.pluginId, version: from.version },
    sourceVar: from.pluginId,
    packageName: edge.packageName,
    range: edge.range,
  };
}

function sentence(text: string): string {
  return text.startsWith('you ') ? `Y${text.slice(1)}` : text;
}

function problem(
  kind: ResolutionProblemKind,
  pluginId: string,
  message: string,
  involves: Iterable<string>,
  suggestion?: string,
): ResolutionProblem {
  return {
    kind,
    severity: 'error',
    pluginId,
    message: sentence(message),
    ...(suggestion ? { suggestion } : {}),
    involves: [...new Set([pluginId, ...involves])].sort(),
  };
}

function sourcesOf(constraints: Constraint[]): string[] {
  return constraints.flatMap(c => (c.source.type === 'request' ? [] : [c.source.pluginId]));
}

function meets(model: ResolutionModel, constraint: Constraint, candidate: Candidate): boolean {
  if (constraint.packageName === undefined) return model.satisfies(candidate.semver, constraint.range);
  return model.accepts({ packageName: constraint.packageName, range: constraint.range }, candidate);
}

/** Whether a version may be chosen regardless of ranges: it supports this Backstage, or is the installed one. */
function usable(ctx: ExplainContext, node: PluginNode, candidate: Candidate) {
  return candidate.compatible || ctx.installed.get(node.id) === candidate.version;
}

/**
 * Why no version of `pluginId` meets `constraints` and supports the app's
 * Backstage release; undefined when some version does (the obstacle is then
 * further down, in that version's own dependencies).
 */
export function explainUnavailable(
  ctx: ExplainContext,
  pluginId: string,
  constraints: Constraint[],
): ResolutionProblem | undefined {
  const { model } = ctx;
  const node = model.node(pluginId);
  const label = labelOf(model, pluginId);
  if (!node) {
    return problem('unknown-plugin', pluginId, `There is no plugin '${pluginId}' in the marketplace`, sourcesOf(constraints));
  }
  const all = node.candidates;
  if (all.length === 0) {
    return problem('no-matching-version', pluginId, `${label} has no released version in the marketplace`, sourcesOf(constraints));
  }
  const newest = all.find(c => !c.prerelease) ?? all[0];

  for (const constraint of constraints) {
    if (all.some(c => meets(model, constraint, c))) continue;
    const prerelease = model.includePrerelease
      ? undefined
      : all.find(c => c.prerelease && prereleaseMeets(model, constraint, c));
    const involves = sourcesOf([constraint]);
    if (prerelease) {
      const message =
        constraint.source.type === 'request'
          ? `${label} has only prereleases matching ${constraint.range} (the newest is ${prerelease.version})`
          : `${describeConstraint(model, pluginId, constraint)}; only prereleases of ${label} match (the newest is ${prerelease.version})`;
      return problem('no-matching-version', pluginId, message, involves, `Allow prereleases to use ${label} ${prerelease.version}`);
    }
    const own = node.plugin.packages.find(p => p.name === constraint.packageName && p.version !== node.plugin.version);
    const message =
      constraint.source.type === 'request'
        ? `${label} has no version matching ${constraint.range}; the newest is ${newest.version}`
        : `${describeConstraint(model, pluginId, constraint)}; there is no such version (the newest is ${own?.version ?? newest.version})`;
    return problem('no-matching-version', pluginId, message, involves);
  }

  const matching = all.filter(c => constraints.every(k => meets(model, k, c)));
  if (matching.length === 0) {
    const pair = conflictingPair(model, all, constraints);
    const parts = pair.map(k => describeConstraint(model, pluginId, k));
    const kind = pair.some(k => k.source.type === 'installed') ? 'installed-conflict' : 'conflict';
    const both = parts.length === 2 ? 'both' : 'all of them';
    const message = `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}: no version of ${label} satisfies ${both}`;
    return problem(kind, pluginId, message, sourcesOf(pair));
  }

  if (!matching.some(c => usable(ctx, node, c))) {
    const best = matching[0];
    const outside = constraints.filter(k => k.source.type !== 'request');
    const incompatible = `${labelOf(model, pluginId, best.version)} needs Backstage ${best.backstageVersion}; this app is ${model.backstageVersion}`;
    const message = outside.length > 0 ? `${describeConstraint(model, pluginId, outside[0])}; ${incompatible}` : incompatible;
    return problem('backstage-incompatible', pluginId, message, sourcesOf(constraints));
  }
  return undefined;
}

function prereleaseMeets(model: ResolutionModel, constraint: Constraint, candidate: Candidate) {
  const loose = new ResolutionModel(model.backstageVersion, true);
  if (constraint.packageName === undefined) return loose.satisfies(candidate.semver, constraint.range);
  return loose.accepts({ packageName: constraint.packageName, range: constraint.range }, candidate);
}

/** Two constraints no version meets together, or all of them when no two clash alone. */
function conflictingPair(model: ResolutionModel, all: Candidate[], constraints: Constraint[]): Constraint[] {
  for (let i = 0; i < constraints.length; i++) {
    for (let j = i + 1; j < constraints.length; j++) {
      const a = constraints[i];
      const b = constraints[j];
      if (!all.some(c => meets(model, a, c) && meets(model, b, c))) return [a, b];
    }
  }
  return constraints;
}

/**
 * The obstacle a failed search met first, in words: the plugin none of whose
 * versions fits, and why the one that would have been preferred does not.
 */
export function explainFailure(ctx: ExplainContext, event: FailureEvent): ResolutionProblem {
  const { model } = ctx;
  const unavailable = explainUnavailable(ctx, event.pluginId, event.constraints);
  if (unavailable) return unavailable;

  const reason = event.reasons.find(r => r.why.type !== 'constraint');
  if (!reason) {
    return problem('no-matching-version', event.pluginId, `No version of ${labelOf(model, event.pluginId)} fits this app`, sourcesOf(event.constraints));
  }
  const from = reason.candidate;
  const fromLabel = labelOf(model, from.pluginId, from.version);
  const why = reason.why;
  switch (why.type) {
    case 'dependency-version': {
      const target = why.edge.pluginId;
      const needs = `${fromLabel} needs ${targetOf(model, target, why.edge.packageName)} ${why.edge.range}`;
      if (why.pinned) {
        const fit = newestMeeting(ctx, target, [edgeConstraint(from, why.edge)]);
        const suggestion = fit
          ? `${labelOf(model, target, fit.version)} fits: add ${labelOf(model, target)} to the plan to ${fit.semver.compare(why.target.version) > 0 ? 'upgrade' : 'downgrade'} it`
          : undefined;
        return problem('installed-conflict', target, `${needs}; ${labelOf(model, target, why.target.version)} is installed`, [from.pluginId], suggestion);
      }
      return (
        explainUnavailable(ctx, target, [...why.targetConstraints, edgeConstraint(from, why.edge)]) ??
        problem('conflict', target, `${needs}, but the plan has ${labelOf(model, target, why.target.version)}`, [from.pluginId, ...sourcesOf(why.targetConstraints)])
      );
    }
    case 'dependency-unavailable': {
      const target = why.edge.pluginId;
      return (
        explainUnavailable(ctx, target, [...why.targetConstraints, edgeConstraint(from, why.edge)]) ??
        problem(
          'conflict',
          target,
          `${fromLabel} needs ${targetOf(model, target, why.edge.packageName)} ${why.edge.range}, and no version in that range works with the rest of the plan`,
          [from.pluginId, ...sourcesOf(why.targetConstraints)],
        )
      );
    }
    case 'combination': {
      const others = why.with.map(w => labelOf(model, w.pluginId, w.version));
      return problem('conflict', from.pluginId, `${fromLabel} does not work together with ${others.join(' and ')}`, why.with.map(w => w.pluginId));
    }
    case 'deeper':
      return explainFailure(ctx, why.event);
    default:
      return problem('conflict', from.pluginId, `${fromLabel} does not fit this app`, []);
  }
}

/** The newest version of a plugin that meets the constraints and supports this Backstage release. */
export function newestMeeting(
  ctx: ExplainContext,
  pluginId: string,
  constraints: Constraint[],
): Candidate | undefined {
  const node = ctx.model.node(pluginId);
  return node?.candidates.find(
    c => usable(ctx, node, c) && constraints.every(k => meets(ctx.model, k, c)),
  );
}
