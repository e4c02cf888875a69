import { Knex } from 'knex';
import { TermField } from '../scoring';

export type { TermField };

/**
 * A plugin the full-text index matched, with what it knows about the match.
 * Its candidate row comes from memory (see CandidateCache), not from the query.
 */
export interface LexicalHit {
  id: string;
  /** The database's own rank (ts_rank, or bm25 negated); higher is better. */
  rank: number;
  /** The best field of each query term, in the order of the terms. */
  fields: TermField[];
}

/**
 * What differs between the databases: the queries over their search indexes.
 * Everything else (scoring, filters, facets, order) is shared.
 */
export interface TextSearchDialect {
  /** Runs `fn` on one consistent view of the database. */
  snapshot<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T>;
  /**
   * Plugins holding any of the terms (stems included), with where each term
   * occurs; with `all`, only those holding every term. Either way a plugin's
   * rank is the one against any of the terms, so both give it the same rank.
   */
  lexical(tx: Knex, terms: string[], holding: 'any' | 'all'): Promise<LexicalHit[]>;
}
