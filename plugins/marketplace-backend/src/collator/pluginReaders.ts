import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  MARKETPLACE_PLUGIN_ID,
  PluginListResponse,
  PluginSummary,
} from '@internal/backstage-plugin-marketplace-common';
import { RegistryStore } from '../registry/RegistryStore';

/** The largest page the REST API serves. */
const PAGE_SIZE = 100;

/**
 * All marketplace plugins, a page at a time.
 *
 * @public
 */
export interface MarketplacePluginReader {
  readPages(): AsyncIterable<PluginSummary[]>;
}

/**
 * Reads plugins from the registry store, for code inside the marketplace plugin.
 *
 * @public
 */
export class StorePluginReader implements MarketplacePluginReader {
  private constructor(
    private readonly store: RegistryStore,
    private readonly pageSize: number,
  ) {}

  static create(options: { store: RegistryStore; pageSize?: number }): StorePluginReader {
    return new StorePluginReader(options.store, options.pageSize ?? PAGE_SIZE);
  }

  async *readPages(): AsyncGenerator<PluginSummary[]> {
    for (let offset = 0; ; offset += this.pageSize) {
      const { items } = await this.store.listPlugins({
        offset,
        limit: this.pageSize,
        sort: 'name',
        order: 'asc',
      });
      if (items.length > 0) yield items;
      if (items.length < this.pageSize) return;
    }
  }
}

/**
 * Reads plugins through the marketplace REST API with the calling plugin's
 * service credentials: for other plugins' modules, such as the search
 * collator, which cannot reach the marketplace's database.
 *
 * @public
 */
export class ApiPluginReader implements MarketplacePluginReader {
  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly fetchFn: typeof fetch,
    private readonly pageSize: number,
  ) {}

  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    /** Defaults to the global fetch. */
    fetch?: typeof fetch;
    /** At most 100, the API's limit. */
    pageSize?: number;
  }): ApiPluginReader {
    return new ApiPluginReader(
      options.discovery,
      options.auth,
      options.fetch ?? fetch,
      Math.min(options.pageSize ?? PAGE_SIZE, PAGE_SIZE),
    );
  }

  async *readPages(): AsyncGenerator<PluginSummary[]> {
    const baseUrl = await this.discovery.getBaseUrl(MARKETPLACE_PLUGIN_ID);
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: MARKETPLACE_PLUGIN_ID,
    });
    for (let offset = 0; ; offset += this.pageSize) {
      const params = new URLSearchParams({
        sort: 'name',
        order: 'asc',
        offset: String(offset),
        limit: String(this.pageSize),
      });
      const response = await this.fetchFn(`${baseUrl}/plugins?${params}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const page = (await response.json()) as PluginListResponse;
      if (page.items.length > 0) yield page.items;
      if (page.items.length < this.pageSize || offset + this.pageSize >= page.totalCount) return;
    }
  }
}
