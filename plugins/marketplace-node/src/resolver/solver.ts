import semver, { SemVer } from 'semver';
import { MinHeap } from './MinHeap';
import { Candidate, ResolutionModel } from './model';
import { pruneDomains } from './prune';
import {
  Constraint,
  FailureEvent,
  RootRequirement,
  SolveOptions,
  SolveResult,
  Why,
} from './solverTypes';

export type {
  Constraint,
  FailureEvent,
  RootRequirement,
  SolveOptions,
  SolveResult,
  Source,
  Why,
} from './solverTypes';

interface Decision {
  pluginId: string;
  level: number;
  domain: Candidate[];
  next: number;
  candidate?: Candidate;
  conflict: Set<string>;
  reasons?: Array<{ candidate: Candidate; why: Why }>;
  pushed: Array<{ target: string; constrained: boolean }>;
}

const MAX_NOGOOD_SIZE = 12;
const MAX_NOGOODS = 20_000;
/** About seconds of work: an answer an admin waits for, not a search without end. */
const DEFAULT_MAX_STEPS = 250_000;
/** Checks spent finding the first obstacle when there is no answer. */
const EXPLAIN_STEPS = 20_000;

class Search {
  private readonly assigned = new Map<string, { candidate: Candidate; level: number }>();
  private readonly constraints = new Map<string, Constraint[]>();
  /** Per plugin, parallel to its constraints: the versions of its domain that meet the first k + 1 of them. */
  private readonly alive = new Map<string, Candidate[][]>();
  private readonly requiresAlways = new Map<string, boolean>();
  private readonly required = new Map<string, number>();
  private readonly order = new Map<string, number>();
  private readonly heap: MinHeap;
  private readonly trail: Decision[] = [];
  private readonly domains = new Map<string, Candidate[]>();
  private readonly roots = new Map<string, RootRequirement[]>();
  private readonly nogoods = new Map<string, Array<Array<[string, string]>>>();
  private nogoodCount = 0;
  private failure?: FailureEvent;
  private steps = 0;

  constructor(
    private readonly model: ResolutionModel,
    private readonly options: SolveOptions,
    private readonly pruneFirst: boolean,
  ) {
    this.heap = new MinHeap(id => this.order.get(id)!);
  }

  run(): SolveResult {
    const { pinned } = this.options;
    for (const root of this.options.roots) {
      const list = this.roots.get(root.pluginId) ?? [];
      list.push(root);
      this.roots.set(root.pluginId, list);
    }
    for (const [id, version] of pinned) {
      this.assigned.set(id, { candidate: this.pinnedCandidate(id, version), level: 0 });
    }
    if (
      this.pruneFirst &&
      !pruneDomains({
        model: this.model,
        roots: [...this.roots.keys()],
        fixed: id => (pinned.has(id) ? this.assigned.get(id)?.candidate : undefined),
        installedKept: [...pinned.keys()],
        domainOf: id => this.domainOf(id),
        setDomain: (id, domain) => this.domains.set(id, domain),
      })
    ) {
      return { steps: this.steps };
    }
    for (const [id] of pinned) {
      for (const edge of this.assigned.get(id)!.candidate.edges) {
        if (pinned.has(edge.pluginId) || edge.pluginId === id) continue;
        this.pushConstraint(edge.pluginId, {
          source: { type: 'installed', pluginId: id, version: pinned.get(id)! },
          packageName: edge.packageName,
          range: edge.range,
        });
      }
    }
    for (const root of this.options.roots) {
      this.required.set(root.pluginId, (this.required.get(root.pluginId) ?? 0) + 1);
      if (root.range !== undefined) {
        this.pushConstraint(root.pluginId, { source: { type: 'request' }, range: root.range });
      }
      this.discover(root.pluginId);
    }

    const maxSteps = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
    for (;;) {
      const next = this.nextVar();
      if (next === undefined) return { solution: this.solution(), steps: this.steps };
      let decision: Decision = {
        pluginId: next,
        level: this.trail.length + 1,
        domain: this.domainOf(next),
        next: 0,
        conflict: new Set(),
        reasons: this.failure ? undefined : [],
        pushed: [],
      };
      this.trail.push(decision);
      while (!this.tryNext(decision)) {
        if (this.steps > maxSteps) return { failure: this.failure, gaveUp: true, steps: this.steps };
        const conflict = decision.conflict;
        this.blameExistence(decision.pluginId, conflict, new Set());
        const event: FailureEvent = {
          pluginId: decision.pluginId,
          constraints: [...this.constraintsOf(decision.pluginId)],
          reasons: decision.reasons ?? [],
        };
        this.failure ??= event;
        if (conflict.size === 0) return { failure: this.failure, steps: this.steps };
        this.learn(conflict);

        let jumpLevel = 0;
        for (const id of conflict) jumpLevel = Math.max(jumpLevel, this.assigned.get(id)!.level);
        while (this.trail.length > jumpLevel) this.undo(this.trail.pop()!);
        const target = this.trail[jumpLevel - 1];
        const previous = target.candidate!;
        this.unassign(target);
        conflict.delete(target.pluginId);
        for (const id of conflict) target.conflict.add(id);
        target.reasons?.push({ candidate: previous, why: { type: 'deeper', event } });
        decision = target;
      }
    }
  }

  private tryNext(decision: Decision): boolean {
    const { pluginId, domain } = decision;
    for (; decision.next < domain.length; decision.next++) {
      const candidate = domain[decision.next];
      this.steps += 1;
      const rejected = this.check(pluginId, candidate, decision.reasons !== undefined && !this.failure);
      if (!rejected) {
        decision.next += 1;
        this.assign(decision, candidate);
        return true;
      }
      for (const id of rejected.blame) decision.conflict.add(id);
      if (rejected.why && decision.reasons && !this.failure) {
        decision.reasons.push({ candidate, why: rejected.why });
      }
    }
    return false;
  }

  /** Undefined when `candidate` fits what is chosen so far; else who is to blame. */
  private check(
    pluginId: string,
    candidate: Candidate,
    explain: boolean,
  ): { blame: string[]; why?: Why } | undefined {
    let worst: Constraint | undefined;
    const alive = this.aliveOf(pluginId);
    for (const constraint of alive.includes(candidate) ? [] : this.constraintsOf(pluginId)) {
      if (this.meets(constraint, candidate)) continue;
      if (!constraint.sourceVar) {
        worst = constraint;
        break;
      }
      if (!worst || this.levelOf(constraint.sourceVar) < this.levelOf(worst.sourceVar!)) {
        worst = constraint;
      }
    }
    if (worst) {
      return {
        blame: worst.sourceVar ? [worst.sourceVar] : [],
        why: explain ? { type: 'constraint', constraint: worst } : undefined,
      };
    }

    for (const edge of candidate.edges) {
      if (edge.pluginId === pluginId) continue;
      const chosen = this.assigned.get(edge.pluginId);
      if (chosen) {
        if (this.model.accepts(edge, chosen.candidate)) continue;
        const pinned = chosen.level === 0;
        return {
          blame: pinned ? [] : [edge.pluginId],
          why: explain
            ? {
                type: 'dependency-version',
                edge,
                target: chosen.candidate,
                pinned,
                targetConstraints: [...this.constraintsOf(edge.pluginId)],
              }
            : undefined,
        };
      }
      if (!this.aliveOf(edge.pluginId).some(t => this.model.accepts(edge, t))) {
        const targetConstraints = this.constraintsOf(edge.pluginId);
        // Only the constraints that rule out a version the edge would take.
        const wanted = this.domainOf(edge.pluginId).filter(t => this.model.accepts(edge, t));
        const blame = targetConstraints.flatMap(c =>
          c.sourceVar && wanted.some(t => !this.meets(c, t)) ? [c.sourceVar] : [],
        );
        return {
          blame,
          why: explain
            ? { type: 'dependency-unavailable', edge, targetConstraints: [...targetConstraints] }
            : undefined,
        };
      }
    }

    if (this.nogoodCount > 0) {
      for (const nogood of this.nogoods.get(literal(pluginId, candidate.version)) ?? []) {
        const others = nogood.filter(([id]) => id !== pluginId);
        if (others.every(([id, version]) => this.assigned.get(id)?.candidate.version === version)) {
          return {
            blame: others.map(([id]) => id),
            why: explain
              ? { type: 'combination', with: others.map(([id, version]) => ({ pluginId: id, version })) }
              : undefined,
          };
        }
      }
    }
    return undefined;
  }

  private meets(constraint: Constraint, candidate: Candidate): boolean {
    if (constraint.packageName === undefined) {
      return this.model.satisfies(candidate.semver, constraint.range);
    }
    return this.model.accepts({ packageName: constraint.packageName, range: constraint.range }, candidate);
  }

  private assign(decision: Decision, candidate: Candidate) {
    const { pluginId } = decision;
    decision.candidate = candidate;
    this.assigned.set(pluginId, { candidate, level: decision.level });
    for (const edge of candidate.edges) {
      const target = edge.pluginId;
      if (target === pluginId) continue;
      this.required.set(target, (this.required.get(target) ?? 0) + 1);
      const constrained = !this.options.pinned.has(target);
      if (constrained) {
        this.pushConstraint(target, {
          source: { type: 'plugin', pluginId, version: candidate.version },
          sourceVar: pluginId,
          packageName: edge.packageName,
          range: edge.range,
        });
        if (!this.assigned.has(target)) this.discover(target);
      }
      decision.pushed.push({ target, constrained });
    }
  }

  private unassign(decision: Decision) {
    for (let i = decision.pushed.length - 1; i >= 0; i--) {
      const { target, constrained } = decision.pushed[i];
      if (constrained) this.popConstraint(target);
      this.required.set(target, this.required.get(target)! - 1);
    }
    decision.pushed = [];
    decision.candidate = undefined;
    this.assigned.delete(decision.pluginId);
    this.heap.push(decision.pluginId);
  }

  private undo(decision: Decision) {
    if (decision.candidate) this.unassign(decision);
    else this.heap.push(decision.pluginId);
  }

  private learn(conflict: Set<string>) {
    if (conflict.size > MAX_NOGOOD_SIZE || this.nogoodCount >= MAX_NOGOODS) return;
    const nogood: Array<[string, string]> = [...conflict].map(id => [
      id,
      this.assigned.get(id)!.candidate.version,
    ]);
    for (const [id, version] of nogood) {
      const key = literal(id, version);
      const list = this.nogoods.get(key) ?? [];
      list.push(nogood);
      this.nogoods.set(key, list);
    }
    this.nogoodCount += 1;
  }

  private nextVar(): string | undefined {
    for (;;) {
      const id = this.heap.pop();
      if (id === undefined) return undefined;
      if ((this.required.get(id) ?? 0) > 0 && !this.assigned.has(id)) return id;
    }
  }

  private discover(id: string) {
    if (!this.order.has(id)) this.order.set(id, this.order.size);
    this.heap.push(id);
  }

  private levelOf(id: string): number {
    return this.assigned.get(id)?.level ?? 0;
  }

  /**
   * Adds to `conflict` what makes a plugin part of the result: the plugins
   * whose chosen versions depend on it. A plugin every one of whose versions
   * depends on it is no reason by itself (another version would need it
   * too); what makes that plugin part of the result is, in its place.
   */
  private blameExistence(id: string, conflict: Set<string>, seen: Set<string>) {
    if (seen.has(id)) return;
    seen.add(id);
    for (const c of this.constraintsOf(id)) {
      const source = c.sourceVar;
      if (!source || conflict.has(source)) continue;
      if (this.alwaysRequires(source, id)) this.blameExistence(source, conflict, seen);
      else conflict.add(source);
    }
  }

  private alwaysRequires(source: string, target: string): boolean {
    const key = `${source}\u0000${target}`;
    let always = this.requiresAlways.get(key);
    if (always === undefined) {
      always = this.domainOf(source).every(c => c.edges.some(e => e.pluginId === target));
      this.requiresAlways.set(key, always);
    }
    return always;
  }

  private pushConstraint(id: string, constraint: Constraint) {
    this.constraintsOf(id).push(constraint);
    const stack = this.alive.get(id) ?? [];
    const previous = stack.length > 0 ? stack[stack.length - 1] : this.domainOf(id);
    stack.push(previous.filter(c => this.meets(constraint, c)));
    this.alive.set(id, stack);
  }

  private popConstraint(id: string) {
    this.constraints.get(id)!.pop();
    this.alive.get(id)!.pop();
  }

  /** The versions of a plugin's domain that meet every constraint on it now. */
  private aliveOf(id: string): Candidate[] {
    const stack = this.alive.get(id);
    return stack && stack.length > 0 ? stack[stack.length - 1] : this.domainOf(id);
  }

  private constraintsOf(id: string): Constraint[] {
    let list = this.constraints.get(id);
    if (!list) {
      list = [];
      this.constraints.set(id, list);
    }
    return list;
  }

  /** The versions that may be chosen for a plugin at all, in the order they are tried. */
  private domainOf(id: string): Candidate[] {
    let domain = this.domains.get(id);
    if (domain) return domain;
    const node = this.model.node(id);
    const installed = this.options.installed.get(id);
    const roots = this.roots.get(id) ?? [];
    const fits = (c: Candidate) =>
      (c.compatible || c.version === installed) &&
      roots.every(
        root =>
          c.version === root.alsoAccept ||
          (this.model.satisfies(c.semver, root.range ?? '*') &&
            (!root.atLeast || !semver.valid(root.atLeast) || c.semver.compare(root.atLeast) >= 0)),
      );
    const candidates = (node?.candidates ?? []).filter(fits);
    const first = this.options.preferInstalled ? candidates.filter(c => c.version === installed) : [];
    const current = candidates.filter(c => !c.deprecated && !first.includes(c));
    const deprecated = candidates.filter(c => c.deprecated && !first.includes(c));
    domain = [...first, ...current, ...deprecated];
    this.domains.set(id, domain);
    return domain;
  }

  private pinnedCandidate(id: string, version: string): Candidate {
    const known = this.model.installedRelease(id, version);
    if (known) return known;
    return {
      pluginId: id,
      version,
      semver: this.model.parseVersion(version) ?? semver.coerce(version) ?? new SemVer('0.0.0'),
      prerelease: false,
      compatible: true,
      edges: [],
      external: [],
    };
  }

  private solution(): Map<string, Candidate> {
    const result = new Map<string, Candidate>();
    const ids = [...this.assigned.keys()].filter(id => (this.required.get(id) ?? 0) > 0);
    ids.sort((a, b) => a.localeCompare(b));
    for (const id of ids) result.set(id, this.assigned.get(id)!.candidate);
    return result;
  }
}

function literal(id: string, version: string) {
  return `${id}@${version}`;
}

/**
 * Chooses one release of every plugin the roots need, newest first, by
 * backtracking search with conflict-directed backjumping: when no version of
 * a plugin fits, the search goes straight back to the latest choice that
 * caused it, and remembers the combination as one that never works. The
 * search is complete: it fails only when no choice exists.
 */
export function solve(model: ResolutionModel, options: SolveOptions): SolveResult {
  const pruned = new Search(model, options, true).run();
  if (pruned.solution) return pruned;
  // No answer (or none found in time): the first obstacle on the path of
  // newest versions, searched without pruning, is what explains it.
  const plain = new Search(model, { ...options, maxSteps: EXPLAIN_STEPS }, false).run();
  return {
    failure: plain.failure ?? pruned.failure,
    ...(pruned.gaveUp ? { gaveUp: true } : {}),
    steps: pruned.steps + plain.steps,
  };
}
