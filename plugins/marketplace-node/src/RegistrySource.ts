import {
  IngestionIssue,
  ListingSource,
  PackageRole,
  PluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';

/**
 * A package of a listing as a source read it.
 *
 * @public
 */
export interface ListingPackageInput {
  name: string;
  role: PackageRole;
  version: string;
  description?: string;
  downloadsMonthly?: number;
}

/**
 * A release of a listing as a source read it, with the dependencies its
 * packages declare at that release.
 *
 * @public
 */
export interface ListingVersionInput {
  version: string;
  publishedAt?: string;
  backstageVersion?: string;
  deprecated?: string;
  dependencies?: Array<{
    package: string;
    name: string;
    range: string;
    kind: 'dependency' | 'peer';
  }>;
}

/**
 * One plugin as a source delivers it. The specification is validated before
 * it is stored; an invalid one becomes an ingestion issue and is skipped.
 *
 * @public
 */
export interface ListingInput {
  /** Not yet validated: sources pass on what they read. */
  spec: PluginSpecification;
  packages: ListingPackageInput[];
  versions: ListingVersionInput[];
  /** npm downloads in the last month, summed over the packages. */
  downloadsMonthly?: number;
  /** When the newest version was published (ISO 8601). */
  publishedAt?: string;
  /** Whether the category was given by the author (else it was inferred). */
  categoryDeclared?: boolean;
  /** Whether the packages ship TypeScript types. */
  hasTypes?: boolean;
}

/**
 * Everything a source holds now. The registry replaces what it had from that
 * source with this: listings no longer present are removed.
 *
 * @public
 */
export interface RegistrySnapshot {
  listings: ListingInput[];
  /** Items the source skipped, each with the field at fault. */
  issues: IngestionIssue[];
}

/**
 * A source of marketplace listings: the bundled seed data, an npm registry,
 * the catalog. Sources only read; the registry validates and stores.
 *
 * @public
 */
export interface RegistrySource {
  /** Unique among sources; also the `source` of its listings. */
  readonly id: ListingSource;
  /**
   * Higher wins when two sources deliver the same plugin id
   * (first-party 100, catalog 30, npm 20, seed 10).
   */
  readonly priority: number;
  read(options?: { signal?: AbortSignal }): Promise<RegistrySnapshot>;
}
