import { LoggerService } from '@backstage/backend-plugin-api';
import {
  formatFieldErrors,
  IngestionIssue,
  validatePluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import {
  ListingInput,
  RegistrySource,
} from '@internal/backstage-plugin-marketplace-node';
import { computeQuality } from './quality/computeQuality';
import { RegistryStore, ReplaceResult, StoredListing } from './RegistryStore';

/**
 * What one run of a source did.
 *
 * @public
 */
export interface IngestionReport {
  source: string;
  durationMs: number;
  listings: number;
  issues: IngestionIssue[];
  result?: ReplaceResult;
  error?: string;
}

/**
 * Runs a source and stores what it read: scores each listing, validates it
 * against the PluginSpecification schema (an invalid listing becomes an issue
 * naming the field and is skipped), and replaces the source's listings.
 * A source that fails as a whole leaves its previous listings in place.
 *
 * @public
 */
export class RegistryIngester {
  private constructor(
    private readonly store: RegistryStore,
    private readonly logger: LoggerService,
    private readonly onChange: () => Promise<void>,
  ) {}

  static create(options: {
    store: RegistryStore;
    logger: LoggerService;
    /** Called after a run that changed what is stored. */
    onChange?: () => Promise<void>;
  }): RegistryIngester {
    return new RegistryIngester(
      options.store,
      options.logger,
      options.onChange ?? (async () => {}),
    );
  }

  async run(
    source: RegistrySource,
    options?: { signal?: AbortSignal },
  ): Promise<IngestionReport> {
    const startedAt = new Date();
    const started = performance.now();
    const report: IngestionReport = {
      source: source.id,
      durationMs: 0,
      listings: 0,
      issues: [],
    };
    try {
      const snapshot = await source.read({ signal: options?.signal });
      report.issues.push(...snapshot.issues);
      const listings = this.prepare(source, snapshot.listings, report.issues);
      report.listings = listings.length;
      report.result = await this.store.replaceSource(source.id, listings);
      const { inserted, updated, removed } = report.result;
      if (inserted + updated + removed > 0) {
        await this.onChange();
      }
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
    }
    report.durationMs = Math.round(performance.now() - started);
    await this.store.recordSourceRun({
      id: source.id,
      startedAt: startedAt.toISOString(),
      durationMs: report.durationMs,
      error: report.error,
      issues: report.issues,
    });
    this.log(report);
    return report;
  }

  private prepare(
    source: RegistrySource,
    inputs: ListingInput[],
    issues: IngestionIssue[],
  ): StoredListing[] {
    const seen = new Set<string>();
    const listings: StoredListing[] = [];
    for (const input of inputs) {
      const ref = typeof input?.spec?.id === 'string' ? input.spec.id : '(no id)';
      if (!input || typeof input.spec !== 'object' || input.spec === null) {
        issues.push({ source: source.id, ref, field: '/spec', message: 'is required' });
        continue;
      }
      const spec = {
        ...input.spec,
        qualityMetrics: computeQuality({
          readme: input.spec.documentation?.readme,
          description: input.spec.description,
          license: input.spec.license,
          publishedAt: input.publishedAt,
          downloadsMonthly: input.downloadsMonthly,
          hasTypes: input.hasTypes,
          hasConfigSchema: Boolean(input.spec.configSchema),
          repository: input.spec.documentation?.repository,
        }),
      };
      const validation = validatePluginSpecification(spec);
      if (!validation.valid) {
        issues.push({
          source: source.id,
          ref,
          field: validation.errors[0].field,
          message: formatFieldErrors(validation.errors),
        });
        continue;
      }
      if (seen.has(spec.id)) {
        issues.push({ source: source.id, ref, field: '/id', message: 'is delivered twice by this source; the first one is kept' });
        continue;
      }
      seen.add(spec.id);
      listings.push({
        spec: validation.value,
        source: source.id,
        priority: source.priority,
        packages: Array.isArray(input.packages) ? input.packages : [],
        versions: Array.isArray(input.versions) ? input.versions : [],
        downloadsMonthly: input.downloadsMonthly ?? 0,
        publishedAt: input.publishedAt,
      });
    }
    return listings;
  }

  private log(report: IngestionReport) {
    const { source, durationMs, listings, issues, result, error } = report;
    if (error) {
      this.logger.error(`Registry source ${source} failed after ${durationMs} ms: ${error}`);
      return;
    }
    this.logger.info(
      `Registry source ${source}: ${listings} listings in ${durationMs} ms ` +
        `(${result?.inserted} new, ${result?.updated} updated, ${result?.removed} removed, ` +
        `${result?.shadowed.length} owned by another source), ${issues.length} issue(s)`,
    );
    for (const issue of issues.slice(0, 20)) {
      this.logger.warn(
        `Registry source ${source} skipped ${issue.ref}${issue.field ? ` (${issue.field})` : ''}: ${issue.message}`,
      );
    }
  }
}
