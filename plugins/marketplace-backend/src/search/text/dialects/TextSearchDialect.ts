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

/** A plugin whose name may match a text, to be scored by trigram similarity. */
export interface NameCandidate {
  id: string;
  /** The name and the id's words: what similarity is measured against. */
  nameText: string;
}

/** A plugin that may be suggested for a prefix. */
export interface NameSuggestion {
  id: string;
  name: string;
  /** The name and the id's words: what the prefix is matched against. */
  nameText: string;
  downloads: number;
}

/** How many plugin names suggestions consider at most: those matching best, then the most popular. */
export const MAX_NAME_SUGGESTIONS = 200;

/** A tag and how many plugins carry it. */
export interface TagCount {
  tag: string;
  count: number;
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
  /**
   * Plugins whose name may be within the similarity threshold of `text`: a
   * superset, found through the database's trigram index.
   */
  similarNames(tx: Knex, text: string): Promise<NameCandidate[]>;
  /**
   * Plugins whose name holds `prefix`, and with `fuzzy` also those whose name
   * may be similar to it: those starting with it first, then the most
   * popular, MAX_NAME_SUGGESTIONS at most.
   */
  nameSuggestions(tx: Knex, prefix: string, fuzzy: boolean): Promise<NameSuggestion[]>;
  /** Tags holding `prefix` (or, with `fuzzy`, possibly similar), with their plugin counts. */
  tagSuggestions(tx: Knex, prefix: string, fuzzy: boolean): Promise<TagCount[]>;
}

/** `value` for a LIKE pattern, with its wildcards escaped by a backslash. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, c => `\\${c}`);
}
