import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  formatFieldErrors,
  IngestionIssue,
  validatePluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import {
  ListingInput,
  RegistrySnapshot,
  RegistrySource,
} from '@internal/backstage-plugin-marketplace-node';
import { mapConcurrently } from './concurrency';
import { groupPackages, PluginGroup } from './groupPackages';
import { NpmRegistryClient } from './NpmRegistryClient';
import { pointer } from './packageMetadata';
import { NpmPackage, parsePackument } from './parsePackument';
import { readTarballFiles, TarballFiles } from './readTarballFiles';
import { toListing } from './toListing';

const DEFAULT_REGISTRY = 'https://registry.npmjs.org';
const DEFAULT_CONCURRENCY = 8;
const DEFAULT_MAX_TARBALL_BYTES = 20 * 1024 * 1024;
// `backstage.pluginPackages` is written by the Backstage CLI and names a
// handful of packages; a longer list is not worth following in full.
const MAX_SIBLINGS_PER_PACKAGE = 20;
// npm's rules for new package names: lowercase, URL-safe, optional scope.
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/**
 * Plugins from an npm registry: the packages named in config, grouped into
 * plugins, with their releases from the packuments and their README and
 * config schema from the latest tarballs. Works with npmjs.com and private
 * registries (Verdaccio, Artifactory, GitHub Packages) through a bearer token.
 *
 * @public
 */
export class NpmRegistrySource implements RegistrySource {
  readonly id = 'npm' as const;
  readonly priority = 20;

  private constructor(
    private readonly client: NpmRegistryClient,
    private readonly packages: string[],
    private readonly concurrency: number,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Reads `marketplace.sources.npm`; undefined when it names no packages.
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; fetch?: typeof fetch },
  ): NpmRegistrySource | undefined {
    const npm = config.getOptionalConfig('marketplace.sources.npm');
    const packages = npm?.getOptionalStringArray('packages') ?? [];
    if (!npm || packages.length === 0) return undefined;

    const registry = npm.getOptionalString('registry') ?? DEFAULT_REGISTRY;
    if (!/^https?:\/\/[^/]/.test(registry) || !URL.canParse(registry)) {
      throw new InputError(
        `marketplace.sources.npm.registry must be an http(s) URL, got "${registry}"`,
      );
    }
    const concurrency =
      npm.getOptionalNumber('concurrency') ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new InputError(
        `marketplace.sources.npm.concurrency must be a whole number of at least 1, got ${concurrency}`,
      );
    }
    const maxTarballBytes =
      npm.getOptionalNumber('maxTarballBytes') ?? DEFAULT_MAX_TARBALL_BYTES;
    if (!Number.isInteger(maxTarballBytes) || maxTarballBytes < 1) {
      throw new InputError(
        `marketplace.sources.npm.maxTarballBytes must be a positive whole number, got ${maxTarballBytes}`,
      );
    }
    const client = NpmRegistryClient.create({
      registry,
      token: npm.getOptionalString('token'),
      maxTarballBytes,
      fetch: options.fetch,
    });
    return new NpmRegistrySource(
      client,
      [...new Set(packages)],
      concurrency,
      options.logger,
    );
  }

  async read(options?: { signal?: AbortSignal }): Promise<RegistrySnapshot> {
    const signal = options?.signal;
    const issues: IngestionIssue[] = [];
    const issue: IssueReporter = (ref, message, field) =>
      issues.push(
        field
          ? { source: this.id, ref, field, message }
          : { source: this.id, ref, message },
      );

    const names = this.packages.filter(name => {
      if (PACKAGE_NAME.test(name)) return true;
      issue(name, 'is not a valid npm package name', 'packages');
      return false;
    });
    const configured = await this.fetchPackages(names, issue, signal);
    const found = await this.fetchPackages(
      siblingsOf(configured, new Set(names)),
      issue,
      signal,
    );

    const groups = groupPackages([...configured, ...found]);
    const files = await this.readTarballs(groups, issue, signal);

    const listings: ListingInput[] = [];
    for (const group of groups) {
      const listing = toListing(group, files);
      const validation = validatePluginSpecification(listing.spec);
      if (validation.valid) {
        listings.push(listing);
      } else {
        const problems = formatFieldErrors(validation.errors);
        issue(
          group.members[0].pkg.name,
          `plugin ${group.pluginId} is not a valid specification: ${problems}`,
          validation.errors[0].field,
        );
      }
    }
    this.logger.info(
      `npm source read ${configured.length + found.length} package(s) ` +
        `(${found.length} named by backstage.pluginPackages) into ${listings.length} plugin(s), ` +
        `${issues.length} issue(s)`,
    );
    return { listings, issues };
  }

  /** Packuments, read concurrently; issues come out in the order of `names`. */
  private async fetchPackages(
    names: string[],
    issue: IssueReporter,
    signal?: AbortSignal,
  ): Promise<NpmPackage[]> {
    const results = await mapConcurrently(
      names,
      this.concurrency,
      async name => {
        signal?.throwIfAborted();
        const found: Deferred = { issues: [] };
        const response = await this.client.packument(name, signal);
        if (!response.ok) {
          found.issues.push([name, response.message]);
          return found;
        }
        const parsed = parsePackument(name, response.value);
        for (const problem of parsed.problems) {
          const message = parsed.package
            ? `${problem.message}; that release is left out`
            : problem.message;
          found.issues.push([name, message, problem.field]);
        }
        return { ...found, value: parsed.package };
      },
    );
    return settle(results, issue);
  }

  /** The README and config schema of the latest release of every package. */
  private async readTarballs(
    groups: PluginGroup[],
    issue: IssueReporter,
    signal?: AbortSignal,
  ): Promise<Map<string, TarballFiles>> {
    const packages = groups.flatMap(group => group.members.map(m => m.pkg));
    const results = await mapConcurrently(
      packages,
      this.concurrency,
      async pkg => {
        signal?.throwIfAborted();
        const { version, dist } = pkg.latest;
        const tarballField = pointer('versions', version, 'dist', 'tarball');
        const found: Deferred<[string, TarballFiles]> = { issues: [] };
        const response = await this.client.tarball(dist, signal);
        if (!response.ok) {
          const field = response.field
            ? pointer('versions', version, 'dist', response.field)
            : tarballField;
          found.issues.push([pkg.name, response.message, field]);
          return found;
        }
        try {
          const files = await readTarballFiles(response.value);
          for (const problem of files.problems)
            found.issues.push([pkg.name, problem.message, problem.field]);
          return {
            ...found,
            value: [pkg.name, files] as [string, TarballFiles],
          };
        } catch (error) {
          found.issues.push([pkg.name, (error as Error).message, tarballField]);
          return found;
        }
      },
    );
    return new Map(settle(results, issue));
  }
}

/**
 * Packages of a plugin that config did not name, from the latest release's
 * `backstage.pluginPackages`: followed one round deep, never recursively.
 */
function siblingsOf(packages: NpmPackage[], requested: Set<string>): string[] {
  const siblings = new Set<string>();
  for (const pkg of packages) {
    const named = pkg.latest.backstage.pluginPackages;
    for (const sibling of named.slice(0, MAX_SIBLINGS_PER_PACKAGE)) {
      if (!requested.has(sibling) && PACKAGE_NAME.test(sibling)) {
        siblings.add(sibling);
      }
    }
  }
  return [...siblings];
}

type IssueReporter = (ref: string, message: string, field?: string) => void;

/** A result of concurrent work with the issues it found, reported later in a stable order. */
interface Deferred<T = NpmPackage> {
  value?: T;
  issues: Array<Parameters<IssueReporter>>;
}

function settle<T>(results: Array<Deferred<T>>, issue: IssueReporter): T[] {
  const values: T[] = [];
  for (const result of results) {
    for (const args of result.issues) issue(...args);
    if (result.value !== undefined) values.push(result.value);
  }
  return values;
}
