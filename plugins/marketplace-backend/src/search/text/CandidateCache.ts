import { Knex } from 'knex';
import { loadCandidates } from './candidates';
import { CandidateRow } from './filters';

/** Every plugin's candidate row as of one generation of `plugins` and `installations`. */
export interface CandidateSet {
  generation: number;
  /** Every plugin, in no particular order. */
  rows: CandidateRow[];
  byId: Map<string, CandidateRow>;
}

/**
 * The candidate row of every plugin, held in memory: filters, facets and
 * order need them for every matching plugin, and reading them from the wide
 * `plugins` table on each search costs most of its time at scale.
 *
 * Correct across replicas through `search_generation`, which triggers bump in
 * the same transaction as any change to `plugins` or `installations` (see the
 * `search_generation` migration): a search reads the generation in its own
 * snapshot and gets the rows of that generation, reloaded in that snapshot
 * when the ones held are of another. Equal generations mean equal rows, so
 * searches that need the same generation at once share one load, whichever
 * snapshot it runs in.
 */
export class CandidateCache {
  private current: CandidateSet | undefined;
  private readonly loading = new Map<number, Promise<CandidateSet>>();

  /**
   * The rows of the latest generation, for reads that need nothing else of
   * one snapshot (suggestions): a single read of the generation when the rows
   * held are current, else a load in a snapshot that `snapshot` opens.
   */
  async latest(
    db: Knex,
    snapshot: (load: (tx: Knex) => Promise<CandidateSet>) => Promise<CandidateSet>,
  ): Promise<CandidateSet> {
    const generation = await readGeneration(db);
    if (this.current?.generation === generation) return this.current;
    return snapshot(tx => this.get(tx));
  }

  /** The rows of the snapshot `tx` reads; the transaction must stay open until this settles. */
  async get(tx: Knex): Promise<CandidateSet> {
    const generation = await readGeneration(tx);
    if (this.current?.generation === generation) return this.current;
    const shared = this.loading.get(generation);
    if (shared) {
      try {
        return await shared;
      } catch {
        // The search that loads failed, and took its transaction with it: load in ours.
      }
    }
    return this.load(tx, generation);
  }

  private async load(tx: Knex, generation: number): Promise<CandidateSet> {
    const loading = loadCandidates(tx).then(rows => ({
      generation,
      rows,
      byId: new Map(rows.map(row => [row.id, row])),
    }));
    this.loading.set(generation, loading);
    try {
      const loaded = await loading;
      // A search in an older snapshot may finish loading last; the newest rows stay.
      if (!this.current || this.current.generation < generation) this.current = loaded;
      return loaded;
    } finally {
      if (this.loading.get(generation) === loading) this.loading.delete(generation);
    }
  }
}

/**
 * A structure computed from a set of rows (an index over them), built on
 * first use and kept as long as the set is: a new generation gets its own.
 */
export function derivedFrom<T>(build: (set: CandidateSet) => T): (set: CandidateSet) => T {
  const built = new WeakMap<CandidateSet, T>();
  return set => {
    let value = built.get(set);
    if (value === undefined) {
      value = build(set);
      built.set(set, value);
    }
    return value;
  };
}

async function readGeneration(tx: Knex): Promise<number> {
  const row = await tx('search_generation').where({ id: 1 }).first('generation');
  if (!row) throw new Error('search_generation has no row; are the marketplace migrations applied?');
  return Number(row.generation);
}
