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

function jsonList(value: string): string[] {
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter(v => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * One copy of each distinct string. Every backend process holds every
 * plugin's candidate row, and authors, categories, tags, roles, licenses and
 * versions repeat across thousands of them.
 */
function interner() {
  const seen = new Map<string, string>();
  return <T extends string | null | undefined>(value: T): T => {
    if (typeof value !== 'string') return value;
    const known = seen.get(value);
    if (known !== undefined) return known as T;
    seen.set(value, value);
    return value;
  };
}

/** A row of CANDIDATE_COLUMNS as a candidate. */
function toCandidate(row: any, intern: ReturnType<typeof interner>): CandidateRow {
  return {
    id: row.id,
    name: row.name,
    author: intern(row.author),
    category: intern(row.category),
    tags: jsonList(row.tags).map(intern),
    roles: jsonList(row.roles).map(intern),
    license: intern(row.license) ?? undefined,
    source: intern(row.source),
    backstageVersion: intern(row.backstage_version) ?? undefined,
    downloads: Number(row.downloads_monthly),
    quality: Number(row.quality_score),
    publishedAt: row.published_at ?? undefined,
    installed: row.installed_id !== null && row.installed_id !== undefined,
  };
}

/**
 * What filters and facets need of every plugin: the small columns, never the
 * spec. Searches take them from CandidateCache, which loads them with this.
 */
export async function loadCandidates(tx: Knex): Promise<CandidateRow[]> {
  const rows = await tx('plugins as p')
    .leftJoin('installations as i', 'i.plugin_id', 'p.id')
    .select(...CANDIDATE_COLUMNS);
  const intern = interner();
  return rows.map(row => toCandidate(row, intern));
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
