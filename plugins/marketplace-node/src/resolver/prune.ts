import { Candidate, Edge, ResolutionModel } from './model';

/**
 * Removes, before any choice, the versions no answer can contain: those
 * with a dependency no version of its target meets, and versions of a
 * plugin every answer contains (a requested one, or one every remaining
 * version of such a plugin needs) that none of the versions needing it
 * accept. Repeated until nothing changes; false when a plugin every answer
 * contains is left without versions, which proves there is no answer
 * without a search. Ranges hold per plugin, not per choice, so this is
 * where whole families of choices are ruled out at once.
 */
export function pruneDomains(options: {
  model: ResolutionModel;
  /** The requested plugins: every answer contains them. */
  roots: string[];
  /** The release of an installed plugin that stays, undefined for every other plugin. */
  fixed: (id: string) => Candidate | undefined;
  /** Installed plugins that stay. */
  installedKept: string[];
  domainOf: (id: string) => Candidate[];
  setDomain: (id: string, domain: Candidate[]) => void;
}): boolean {
  const { model, roots, fixed, installedKept, domainOf, setDomain } = options;
  const fits = (edge: Edge) => {
    const release = fixed(edge.pluginId);
    if (release) return model.accepts(edge, release);
    return domainOf(edge.pluginId).some(x => model.accepts(edge, x));
  };
  const vars: string[] = [];
  const dependents = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id) || fixed(id)) continue;
    seen.add(id);
    vars.push(id);
    for (const candidate of domainOf(id)) {
      for (const edge of candidate.edges) {
        if (edge.pluginId === id || fixed(edge.pluginId)) continue;
        const set = dependents.get(edge.pluginId) ?? new Set();
        set.add(id);
        dependents.set(edge.pluginId, set);
        if (!seen.has(edge.pluginId)) stack.push(edge.pluginId);
      }
    }
  }
  // Installed plugins that stay hold whatever they depend on to their ranges.
  for (const id of installedKept) {
    for (const edge of fixed(id)?.edges ?? []) {
      if (!seen.has(edge.pluginId)) continue;
      setDomain(edge.pluginId, domainOf(edge.pluginId).filter(x => model.accepts(edge, x)));
    }
  }
  const forced = new Set(roots);
  const queue = [...vars];
  const queued = new Set(vars);
  const enqueue = (id: string) => {
    if (!queued.has(id)) {
      queued.add(id);
      queue.push(id);
    }
  };
  while (queue.length > 0) {
    const id = queue.shift()!;
    queued.delete(id);
    const domain = domainOf(id);
    const kept = domain.filter(c => c.edges.every(e => e.pluginId === id || fits(e)));
    if (kept.length !== domain.length) {
      setDomain(id, kept);
      for (const parent of dependents.get(id) ?? []) enqueue(parent);
    }
    if (!forced.has(id)) continue;
    if (kept.length === 0) return false;
    const targets = new Set(kept[0].edges.map(e => e.pluginId));
    for (const target of targets) {
      if (target === id || fixed(target) || !kept.every(c => c.edges.some(e => e.pluginId === target))) continue;
      const before = domainOf(target);
      const allowed = before.filter(x =>
        kept.some(c => c.edges.every(e => e.pluginId !== target || model.accepts(e, x))),
      );
      if (allowed.length !== before.length) {
        setDomain(target, allowed);
        for (const parent of dependents.get(target) ?? []) enqueue(parent);
      }
      if (!forced.has(target) || allowed.length !== before.length) {
        forced.add(target);
        enqueue(target);
      }
    }
  }
  return true;
}
