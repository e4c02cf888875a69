import { Knex } from 'knex';
import { LexicalHits, lexicalHits, termSubsets, TextSearchDialect } from './TextSearchDialect';

/**
 * Postgres: the weighted tsvector `plugin_search.document` (GIN) for words.
 * Query text only ever travels as bound parameters. (Typos are found in
 * memory, see `similarNames`.)
 */
export class PostgresTextSearchDialect implements TextSearchDialect {
  constructor(private readonly db: Knex) {}

  snapshot<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn, { isolationLevel: 'repeatable read', readOnly: true });
  }

  async lexical(tx: Knex, terms: string[], holding: number, among?: string[]): Promise<LexicalHits> {
    // Per term: the query, and the same restricted to the weights of name (A), tags (B), description (C).
    // Terms are letters and digits only, so `term:A` is a lexeme with a weight, never other syntax.
    const queries = terms
      .map(
        (_, i) => `plainto_tsquery('english', ?) AS q${i},
          to_tsquery('english', ?) AS a${i}, to_tsquery('english', ?) AS b${i},
          to_tsquery('english', ?) AS c${i}`,
      )
      .join(',\n');
    const anyTerm = terms.map((_, i) => `q.q${i}`).join(' || ');
    const wanted =
      holding <= 1
        ? anyTerm
        : termSubsets(terms.length, holding)
            .map(subset => `(${subset.map(i => `q.q${i}`).join(' && ')})`)
            .join(' || ');
    const fields = terms
      .map(
        (_, i) => `CASE
          WHEN s.document @@ q.a${i} THEN 1 WHEN s.document @@ q.b${i} THEN 2
          WHEN s.document @@ q.c${i} THEN 3 WHEN s.document @@ q.q${i} THEN 4
          ELSE 0 END AS t${i}`,
      )
      .join(',\n');
    const result = await tx.raw(
      `WITH q AS (SELECT ${queries})
       SELECT s.plugin_id AS id, ts_rank(s.document, ${anyTerm}) AS rank, ${fields}
       FROM q, plugin_search s
       WHERE s.document @@ (${wanted})${among ? ' AND s.plugin_id = ANY(?)' : ''}`,
      [...terms.flatMap(term => [term, `${term}:A`, `${term}:B`, `${term}:C`]), ...(among ? [among] : [])],
    );
    return lexicalHits(result.rows, terms.length);
  }
}
