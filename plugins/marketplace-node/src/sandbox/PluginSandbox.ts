import { createServiceRef } from '@backstage/backend-plugin-api';
import { PluginPermissionRequest } from '@internal/backstage-plugin-marketplace-common';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  SandboxCallOptions,
  SandboxHttpRequest,
  SandboxHttpResponse,
  SandboxLogEntry,
  SandboxLogQuery,
  SandboxPluginDefinition,
  SandboxPluginHealth,
  SandboxPluginMetrics,
} from './types';

/**
 * Runs untrusted marketplace plugins, each in its own isolated-vm isolate
 * with no Node APIs: the only doors out are the host functions its grants
 * open (log, fetch to allowed hosts, a key-value store with a quota, its own
 * config, catalog reads as the calling user, events), under the limits of its
 * manifest. Plugins start, stop and restart live.
 *
 * Methods that name a plugin throw `NotFoundError` for one the sandbox does
 * not know, and `InputError` for a definition that is not valid.
 *
 * @public
 */
export interface PluginSandbox {
  /**
   * Starts the plugin, or replaces the running one of the same id, and
   * resolves once it answers calls (or failed to start: see `state`).
   */
  startPlugin(plugin: SandboxPluginDefinition): Promise<SandboxPluginHealth>;
  /** Stops the plugin and frees its isolate. Its data and logs stay. */
  stopPlugin(pluginId: string): Promise<SandboxPluginHealth>;
  /** Stops and starts the plugin with the definition it was started with. */
  restartPlugin(pluginId: string): Promise<SandboxPluginHealth>;
  /** Every plugin the sandbox knows, running or not. */
  listPlugins(): Promise<SandboxPluginHealth[]>;
  getHealth(pluginId: string): Promise<SandboxPluginHealth>;
  getMetrics(pluginId: string): Promise<SandboxPluginMetrics>;
  getLogs(pluginId: string, query?: SandboxLogQuery): Promise<SandboxLogEntry[]>;
  /** Opens a host capability while the plugin runs (replacing a grant of the same name). */
  grantPermission(
    pluginId: string,
    grant: PluginPermissionRequest,
  ): Promise<SandboxPluginHealth>;
  /**
   * Deletes everything the plugin stored through its host functions (its
   * key-value entries); for uninstalling a plugin whose data goes with it.
   * The plugin must be stopped first.
   */
  deletePluginData(pluginId: string): Promise<void>;
  /** Closes a host capability at once; calls in flight are refused from then on. */
  revokePermission(pluginId: string, permission: string): Promise<SandboxPluginHealth>;
  /** Calls the plugin route matching the request; `NotFoundError` when none does. */
  handleRequest(
    pluginId: string,
    request: SandboxHttpRequest,
    options?: SandboxCallOptions,
  ): Promise<SandboxHttpResponse>;
  /** Calls one of the plugin's actions. */
  invokeAction(
    pluginId: string,
    action: string,
    input: JsonObject,
    options?: SandboxCallOptions,
  ): Promise<JsonValue>;
}

/**
 * The sandbox of the plugin that depends on it. Provided by
 * `pluginSandboxServiceFactory` of `@internal/backstage-plugin-marketplace-backend`
 * (kept there so that this package does not carry isolated-vm).
 *
 * @public
 */
export const pluginSandboxServiceRef = createServiceRef<PluginSandbox>({
  id: 'marketplace.plugin-sandbox',
  scope: 'plugin',
});
