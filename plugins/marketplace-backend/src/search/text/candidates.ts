import { Knex } from 'knex';
import { SUMMARY_COLUMNS, toSummary } from '../../registry/rows';
import { SearchHit } from '../types';
import { CandidateRow } from './filters';
import { ScoredRow } from './ordering';

const CANDIDATE_COLUMNS = [
  'p.id',
  'p.name',
  'p.author',
  'p.category',
  'p.tags',
  'p.roles',
  'p.license',
  'p.source',
  'p.backstage_version',
  'p.downloads_monthly',
  'p.quality_score',
  'p.published_at',
  'i.plugin_id as installed_id',
];

/**
 * For queries over `plugin_search s`: the columns `toCandidate` reads, and
 * the joins that provide them.
 */
export const CANDIDATE_SQL = {
  columns: CANDIDATE_COLUMNS.join(', '),
  joins:
    'JOIN plugins p ON p.id = s.plugin_id LEFT JOIN installations i ON i.plugin_id = p.id',
};

function jsonList(value: string): string[] {
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter(v => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** A row of CANDIDATE_SQL's columns as a candidate. */
export function toCandidate(row: any): CandidateRow {
  return {
    id: row.id,
    name: row.name,
    author: row.author,
    category: row.category,
    tags: jsonList(row.tags),
    roles: jsonList(row.roles),
    license: row.license ?? undefined,
    source: row.source,
    backstageVersion: row.backstage_version ?? undefined,
    downloads: Number(row.downloads_monthly),
    quality: Number(row.quality_score),
    publishedAt: row.published_at ?? undefined,
    installed: row.installed_id !== null && row.installed_id !== undefined,
  };
}

/** What filters and facets need of every plugin: the small columns, never the spec. */
export async function loadCandidates(tx: Knex): Promise<CandidateRow[]> {
  const rows = await tx('plugins as p')
    .leftJoin('installations as i', 'i.plugin_id', 'p.id')
    .select(...CANDIDATE_COLUMNS);
  return rows.map(toCandidate);
}

/** The listings of one page, in its order, with their scores. */
export async function loadHits(tx: Knex, page: ScoredRow[]): Promise<SearchHit[]> {
  if (page.length === 0) return [];
  const rows = await tx('plugins')
    .whereIn('id', page.map(r => r.id))
    .select(...SUMMARY_COLUMNS);
  const byId = new Map(rows.map((r: any) => [r.id, r]));
  return page.flatMap(candidate => {
    const row = byId.get(candidate.id);
    return row
      ? [{ ...toSummary(row, candidate.installed), score: candidate.score }]
      : [];
  });
}
