import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IngestionIssue } from '@internal/backstage-plugin-marketplace-common';
import {
  ListingInput,
  RegistrySnapshot,
  RegistrySource,
} from '@internal/backstage-plugin-marketplace-node';
import { buildListing } from './buildListing';
import {
  ANNOTATION_PLUGIN_ID,
  isReadable,
  MARKETPLACE_API_VERSION,
  PackageIndex,
} from './catalogEntities';
import { draftFromExtensionsPlugin } from './draftFromExtensionsPlugin';
import { draftFromMarketplacePlugin } from './draftFromMarketplacePlugin';

/**
 * The plugins that authors publish through `catalog-info.yaml`: `Plugin`
 * entities of `marketplace.backstage.io/v1alpha1` and of Red Hat Developer
 * Hub's `extensions.backstage.io/v1alpha1`, with the `Package` entities that
 * belong to them.
 *
 * A plugin keeps the marketplace id the npm source gives its main package
 * (see {@link buildListing}), so the catalog's description of a plugin
 * outranks npm's. A plugin that cannot be listed becomes an issue naming its
 * entity ref and the entity field at fault; the others load.
 *
 * @public
 */
export class CatalogRegistrySource implements RegistrySource {
  readonly id = 'catalog' as const;
  readonly priority = 30;

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
  }): CatalogRegistrySource {
    return new CatalogRegistrySource(options.catalog, options.auth);
  }

  async read(options?: { signal?: AbortSignal }): Promise<RegistrySnapshot> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const plugins: Entity[] = [];
    const packages: Entity[] = [];
    // apiVersion is checked here rather than in the filter: other kinds named
    // Plugin or Package are simply not ours.
    for await (const page of this.catalog.streamEntities(
      { filter: { kind: ['Plugin', 'Package'] } },
      { credentials },
    )) {
      options?.signal?.throwIfAborted();
      for (const entity of page) {
        if (isReadable(entity, 'Plugin')) plugins.push(entity);
        else if (isReadable(entity, 'Package')) packages.push(entity);
      }
    }

    const index = new PackageIndex(packages);
    const listings: ListingInput[] = [];
    const issues: IngestionIssue[] = [];
    const refById = new Map<string, string>();
    for (const entity of plugins) {
      const ref = stringifyEntityRef(entity);
      const result = this.toListing(entity, index);
      if (!('spec' in result)) {
        issues.push({ source: this.id, ref, ...result });
        continue;
      }
      const first = refById.get(result.spec.id);
      if (first) {
        issues.push({
          source: this.id,
          ref,
          field: '/metadata/name',
          message: `maps to the marketplace id ${result.spec.id}, as ${first} does; set the ${ANNOTATION_PLUGIN_ID} annotation to tell them apart`,
        });
        continue;
      }
      refById.set(result.spec.id, ref);
      listings.push(result);
    }
    return { listings, issues };
  }

  private toListing(entity: Entity, index: PackageIndex) {
    try {
      const draft =
        entity.apiVersion === MARKETPLACE_API_VERSION
          ? draftFromMarketplacePlugin(entity, index)
          : draftFromExtensionsPlugin(entity, index);
      return buildListing(entity, draft);
    } catch (error) {
      // One unreadable entity must not keep the others out.
      return { field: '/spec', message: `could not be read: ${String(error)}` };
    }
  }
}
