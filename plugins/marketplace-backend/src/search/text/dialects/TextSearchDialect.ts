import { Knex } from 'knex';

/**
 * The plugins the full-text index matched, with what it knows about each
 * match, column by column (thousands of rows for a common word). Their
 * candidate rows come from memory (see CandidateCache), not from the query.
 */
export interface LexicalHits {
  ids: string[];
  /** The database's own rank (ts_rank, or bm25 negated); higher is better. */
  ranks: Float64Array;
  /** The best field (TermField) of term `t` in hit `i`: `fields[i * terms + t]`. */
  fields: Uint8Array;
}

/** LexicalHits from rows of `id`, `rank` and `t0`, `t1`… (one per term). */
export function lexicalHits(rows: any[], terms: number): LexicalHits {
  const ranks = new Float64Array(rows.length);
  const fields = new Uint8Array(rows.length * terms);
  const columns = Array.from({ length: terms }, (_, t) => `t${t}`);
  const ids = rows.map((row, i) => {
    ranks[i] = Number(row.rank);
    for (let t = 0; t < terms; t++) fields[i * terms + t] = Number(row[columns[t]]);
    return row.id as string;
  });
  return { ids, ranks, fields };
}

/**
 * What differs between the databases: the queries over their search indexes.
 * Everything else (scoring, filters, facets, order) is shared.
 */
export interface TextSearchDialect {
  /** Runs `fn` on one consistent view of the database. */
  snapshot<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T>;
  /**
   * Plugins holding at least `holding` of the terms (stems included), with
   * where each term occurs; with `among`, only those of these ids. Whichever
   * are kept, a plugin's rank is the one against any of the terms, so every
   * `holding` gives it the same rank.
   */
  lexical(tx: Knex, terms: string[], holding: number, among?: string[]): Promise<LexicalHits>;
}

/** Most subsets of terms a query for plugins holding several of them lists, one per alternative. */
export const MAX_TERM_SUBSETS = 64;

/**
 * The subsets of `size` of the indexes of `count` terms, in order; for a
 * query "holds at least `size` terms" as alternatives of all of a subset.
 */
export function termSubsets(count: number, size: number): number[][] {
  const subsets: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === size) {
      subsets.push(chosen);
      return;
    }
    for (let i = start; i <= count - (size - chosen.length); i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return subsets;
}

/** How many subsets of `size` of `count` terms there are. */
export function subsetCount(count: number, size: number): number {
  let result = 1;
  for (let i = 0; i < size; i++) result = (result * (count - i)) / (i + 1);
  return Math.round(result);
}
