import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AppEnvironment,
  InstalledPlugin,
  MARKETPLACE_PLUGIN_ID,
} from '@internal/backstage-plugin-marketplace-common';
import { InstalledVersion, PluginUniverse, UniversePlugin } from './types';

/** Ids per request: keeps request bodies small however wide a level of the graph is. */
const BATCH = 500;

/**
 * The marketplace's universe read over its REST API with the calling
 * plugin's service credentials: how backend plugins other than the
 * marketplace plan installs.
 *
 * @public
 */
export class HttpPluginUniverse implements PluginUniverse {
  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly fetchFn: typeof fetch,
  ) {}

  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    /** Defaults to the global fetch. */
    fetch?: typeof fetch;
  }): HttpPluginUniverse {
    return new HttpPluginUniverse(options.discovery, options.auth, options.fetch ?? fetch);
  }

  async getPlugins(ids: string[], options: { closure?: boolean } = {}): Promise<UniversePlugin[]> {
    const result: UniversePlugin[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const body = await this.call<{ items: UniversePlugin[] }>('/planning/plugins', {
        ids: ids.slice(i, i + BATCH),
        ...(options.closure ? { closure: true } : {}),
      });
      result.push(...body.items);
    }
    return result;
  }

  async getInstalled(): Promise<InstalledVersion[]> {
    const body = await this.call<{ items: InstalledPlugin[] }>('/installed');
    return body.items.map(i => ({ pluginId: i.pluginId, version: i.version }));
  }

  async getBackstageVersion(): Promise<string | undefined> {
    return (await this.call<AppEnvironment>('/environment')).backstageVersion;
  }

  async getPackageOwners(names: string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for (let i = 0; i < names.length; i += BATCH) {
      const body = await this.call<{ owners: Record<string, string> }>('/planning/package-owners', {
        names: names.slice(i, i + BATCH),
      });
      for (const [name, owner] of Object.entries(body.owners)) result.set(name, owner);
    }
    return result;
  }

  async getDependents(pluginId: string, limit: number): Promise<string[]> {
    const body = await this.call<{ items: string[] }>(
      `/plugins/${encodeURIComponent(pluginId)}/dependents?limit=${limit}`,
    );
    return body.items;
  }

  private async call<T>(path: string, body?: unknown): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl(MARKETPLACE_PLUGIN_ID);
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: MARKETPLACE_PLUGIN_ID,
    });
    const response = await this.fetchFn(`${baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
