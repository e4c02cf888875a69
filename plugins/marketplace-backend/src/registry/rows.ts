import { createHash } from 'node:crypto';
import {
  PackageRole,
  PluginSpecification,
  PluginSummary,
  QualityMetrics,
} from '@internal/backstage-plugin-marketplace-common';
import { StoredListing } from './RegistryStore';

/** A row of the `plugins` table. */
export interface PluginRow {
  id: string;
  name: string;
  description: string;
  author: string;
  category: string;
  tags: string;
  roles: string;
  license: string | null;
  source: string;
  source_priority: number;
  first_party: boolean | number;
  version: string;
  backstage_version: string | null;
  downloads_monthly: number | string;
  quality_score: number;
  published_at: string | null;
  updated_at: string;
  content_hash: string;
  spec: string;
}

/** The columns list queries read: everything but the (large) spec. */
export const SUMMARY_COLUMNS = [
  'id',
  'name',
  'description',
  'author',
  'category',
  'tags',
  'roles',
  'license',
  'source',
  'first_party',
  'version',
  'backstage_version',
  'downloads_monthly',
  'quality_score',
  'published_at',
  'updated_at',
] as const;

/** Fingerprint of everything stored for a listing, to skip writes that change nothing. */
export function contentHash(listing: StoredListing): string {
  const { qualityMetrics, ...spec } = listing.spec;
  return createHash('sha256')
    .update(
      JSON.stringify([
        spec,
        qualityMetrics?.score,
        listing.source,
        listing.packages,
        listing.versions,
        listing.downloadsMonthly,
        listing.publishedAt,
      ]),
    )
    .digest('hex');
}

export function rolesOf(listing: StoredListing): PackageRole[] {
  return [...new Set(listing.packages.map(p => p.role))].sort();
}

export function toPluginRow(
  listing: StoredListing,
  hash: string,
  now: string,
): PluginRow {
  const { spec } = listing;
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    author: spec.author.name,
    category: spec.category,
    tags: JSON.stringify(spec.tags),
    roles: JSON.stringify(rolesOf(listing)),
    license: spec.license ?? null,
    source: listing.source,
    source_priority: listing.priority,
    first_party: listing.source === 'first-party',
    version: spec.version,
    backstage_version: spec.backstageVersion ?? null,
    downloads_monthly: listing.downloadsMonthly,
    quality_score: spec.qualityMetrics?.score ?? 0,
    published_at: listing.publishedAt ?? null,
    updated_at: now,
    content_hash: hash,
    spec: JSON.stringify(spec),
  };
}

export function toSummary(
  row: Omit<PluginRow, 'spec' | 'content_hash' | 'source_priority'>,
  installed: boolean,
): PluginSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    version: row.version,
    author: row.author,
    category: row.category as PluginSummary['category'],
    tags: JSON.parse(row.tags),
    license: row.license ?? undefined,
    source: row.source as PluginSummary['source'],
    firstParty: Boolean(row.first_party),
    downloadsMonthly: Number(row.downloads_monthly),
    qualityScore: row.quality_score,
    roles: JSON.parse(row.roles),
    backstageVersion: row.backstage_version ?? undefined,
    publishedAt: row.published_at ?? undefined,
    updatedAt: row.updated_at,
    installed,
  };
}

export function parseSpec(row: Pick<PluginRow, 'spec'>): PluginSpecification {
  return JSON.parse(row.spec);
}

export function qualityOf(spec: PluginSpecification): QualityMetrics {
  return (
    spec.qualityMetrics ?? {
      score: 0,
      grade: 'E',
      signals: {},
      computedAt: new Date(0).toISOString(),
    }
  );
}
