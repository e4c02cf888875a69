import { Knex } from 'knex';
import { FUZZY_THRESHOLD } from '../scoring';
import {
  escapeLike,
  LexicalHit,
  MAX_NAME_SUGGESTIONS,
  NameCandidate,
  NameSuggestion,
  TagCount,
  TermField,
  TextSearchDialect,
} from './TextSearchDialect';

// pg_trgm compares in single precision: a little slack keeps every name the shared scoring accepts.
const TRGM_THRESHOLD = String(FUZZY_THRESHOLD - 0.01);

/**
 * Postgres: the weighted tsvector `plugin_search.document` (GIN) for words,
 * pg_trgm's `<%` on `name_text` and `plugin_tags.tag` (GIN) for typos.
 * Query text only ever travels as bound parameters.
 */
export class PostgresTextSearchDialect implements TextSearchDialect {
  constructor(private readonly db: Knex) {}

  snapshot<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(
      async tx => {
        // Scoped to this transaction, so pooled connections keep their defaults.
        await tx.raw(`SELECT set_config('pg_trgm.word_similarity_threshold', ?, true)`, [
          TRGM_THRESHOLD,
        ]);
        return fn(tx);
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }

  async lexical(tx: Knex, terms: string[], holding: 'any' | 'all'): Promise<LexicalHit[]> {
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
    const wanted = holding === 'all' ? terms.map((_, i) => `q.q${i}`).join(' && ') : anyTerm;
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
       WHERE s.document @@ (${wanted})`,
      terms.flatMap(term => [term, `${term}:A`, `${term}:B`, `${term}:C`]),
    );
    return result.rows.map((r: any) => ({
      id: r.id,
      rank: Number(r.rank),
      fields: terms.map((_, i) => Number(r[`t${i}`]) as TermField),
    }));
  }

  async similarNames(tx: Knex, text: string): Promise<NameCandidate[]> {
    const result = await tx.raw(
      `SELECT s.plugin_id AS id, s.name_text
       FROM plugin_search s
       WHERE ?::text <% s.name_text`,
      [text],
    );
    return result.rows.map(toNameCandidate);
  }

  async nameSuggestions(tx: Knex, prefix: string, fuzzy: boolean): Promise<NameSuggestion[]> {
    const starts = `${escapeLike(prefix)}%`;
    const contains = `%${escapeLike(prefix)}%`;
    const result = await tx.raw(
      `SELECT p.id, p.name, s.name_text, p.downloads_monthly
       FROM plugin_search s JOIN plugins p ON p.id = s.plugin_id
       WHERE s.name_text ILIKE ? ESCAPE '\\'${fuzzy ? ' OR ?::text <% s.name_text' : ''}
       ORDER BY s.name_text ILIKE ? ESCAPE '\\' DESC, s.name_text ILIKE ? ESCAPE '\\' DESC,
         word_similarity(?, s.name_text) DESC, p.downloads_monthly DESC, p.id
       LIMIT ${MAX_NAME_SUGGESTIONS}`,
      [contains, ...(fuzzy ? [prefix] : []), starts, contains, prefix],
    );
    return result.rows.map(toNameSuggestion);
  }

  async tagSuggestions(tx: Knex, prefix: string, fuzzy: boolean): Promise<TagCount[]> {
    const result = await tx.raw(
      `SELECT tag, count(*) AS count FROM plugin_tags
       WHERE tag LIKE ? ESCAPE '\\'${fuzzy ? ' OR ?::text <% tag' : ''}
       GROUP BY tag`,
      fuzzy ? [`%${escapeLike(prefix)}%`, prefix] : [`%${escapeLike(prefix)}%`],
    );
    return result.rows.map((r: any) => ({ tag: r.tag, count: Number(r.count) }));
  }
}

function toNameSuggestion(row: any): NameSuggestion {
  return {
    id: row.id,
    name: row.name,
    nameText: row.name_text,
    downloads: Number(row.downloads_monthly),
  };
}

function toNameCandidate(row: any): NameCandidate {
  return { id: row.id, nameText: row.name_text };
}
