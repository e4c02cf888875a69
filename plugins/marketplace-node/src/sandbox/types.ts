import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  PluginPermissionRequest,
  PluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import { JsonObject, JsonValue } from '@backstage/types';

/**
 * A sandboxed plugin as it is handed to the sandbox: its manifest and the one
 * JavaScript bundle named by `spec.sandbox.entry`.
 *
 * @public
 */
export interface SandboxPluginDefinition {
  /** The manifest; `spec.sandbox` must be set. Validated on start. */
  spec: PluginSpecification;
  /** The bundle's source: a script that fills `module.exports` (see the README). */
  code: string;
  /**
   * The plugin's own configuration, read through `config.read`. When left out
   * the sandbox reads `marketplace.sandbox.plugins.<id>.config`, over
   * `spec.defaultConfig`.
   */
  config?: JsonObject;
  /**
   * The host capabilities granted. Defaults to every permission the
   * manifest asks for (the install wizard is where a person agrees to them).
   */
  grants?: PluginPermissionRequest[];
}

/**
 * Where a sandboxed plugin is in its lifecycle.
 *
 * - `starting`: its isolate is being created and its bundle run.
 * - `running`: it answers calls.
 * - `backoff`: it crashed or broke a limit and restarts at `nextRestartAt`.
 * - `stopped`: stopped by a person (or never started).
 * - `failed`: stopped by the sandbox after repeated failures or after using
 *   its whole CPU budget; starts again only when asked to.
 *
 * @public
 */
export type SandboxPluginState = 'starting' | 'running' | 'backoff' | 'stopped' | 'failed';

/**
 * The kinds of limit a plugin can run into.
 *
 * @public
 */
export type SandboxViolationKind =
  | 'cpu-per-call'
  | 'cpu-total'
  | 'wall-clock'
  | 'memory'
  | 'result-size'
  | 'rate-limit'
  | 'log-rate'
  | 'kv-quota'
  | 'fetch-denied'
  | 'bandwidth'
  | 'connections'
  | 'permission'
  | 'busy'
  | 'crash';

/**
 * One time a plugin ran into a limit or was refused something.
 *
 * @public
 */
export interface SandboxViolation {
  /** ISO 8601. */
  at: string;
  kind: SandboxViolationKind;
  message: string;
}

/**
 * What a running plugin offers, read from its bundle's exports.
 *
 * @public
 */
export interface SandboxPluginSurface {
  /** `METHOD /path` patterns served under `/api/marketplace/runtime/<id>/`. */
  routes: string[];
  /** Names of the actions registered in Backstage's actions registry. */
  actions: string[];
  /** Names of the scheduled tasks. */
  tasks: string[];
  /** Event topics the plugin handles. */
  events: string[];
}

/**
 * The health of one sandboxed plugin.
 *
 * @public
 */
export interface SandboxPluginHealth {
  pluginId: string;
  version: string;
  state: SandboxPluginState;
  /** Why the plugin is in a state other than `running`, in words. */
  reason?: string;
  /** ISO 8601: when the current isolate started. */
  startedAt?: string;
  /** ISO 8601: when the next automatic restart is due (state `backoff`). */
  nextRestartAt?: string;
  /** Crashes and limit breaches that ended an isolate within the failure window. */
  failures: number;
  /** Automatic and manual restarts since the plugin was first started. */
  restarts: number;
  lastError?: string;
  /** The newest violations, newest first. */
  recentViolations: SandboxViolation[];
  /** The host capabilities granted now. */
  grants: PluginPermissionRequest[];
  surface: SandboxPluginSurface;
}

/**
 * Latency of calls into a plugin over its recent calls.
 *
 * @public
 */
export interface SandboxLatency {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Resource use of one sandboxed plugin.
 *
 * @public
 */
export interface SandboxPluginMetrics {
  pluginId: string;
  state: SandboxPluginState;
  /** The current isolate's heap; absent while no isolate runs. */
  heap?: { usedBytes: number; totalBytes: number; limitBytes: number; externalBytes: number };
  /** CPU time used by all isolates of the plugin since it was started. */
  cpuTimeMs: number;
  /** The total CPU budget from the manifest, if any. */
  cpuTimeMsBudget?: number;
  uptimeMs: number;
  /** Calls into the plugin: routes, actions, tasks, events. */
  calls: number;
  errors: number;
  latency: SandboxLatency;
  /** Calls the plugin made to host functions, by operation. */
  hostCalls: Record<string, number>;
  violations: Partial<Record<SandboxViolationKind, number>>;
  /** Bytes sent and received by `fetch` in the current minute. */
  networkBytesThisMinute: number;
  kvBytesUsed: number;
  kvQuotaBytes: number;
  logsDropped: number;
}

/**
 * Log levels, least to most severe.
 *
 * @public
 */
export const SANDBOX_LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * One of {@link SANDBOX_LOG_LEVELS}.
 *
 * @public
 */
export type SandboxLogLevel = (typeof SANDBOX_LOG_LEVELS)[number];

/**
 * A line a plugin logged, or the host logged about it (`source: host`:
 * starts, stops, crashes, limits).
 *
 * @public
 */
export interface SandboxLogEntry {
  pluginId: string;
  /** ISO 8601. */
  at: string;
  level: SandboxLogLevel;
  source: 'plugin' | 'host';
  message: string;
}

/**
 * Which log lines to return; all filters combine.
 *
 * @public
 */
export interface SandboxLogQuery {
  /** The least severe level returned. */
  level?: SandboxLogLevel;
  source?: 'plugin' | 'host';
  /** ISO 8601, inclusive. */
  since?: string;
  /** ISO 8601, exclusive. */
  until?: string;
  /** Case-insensitive substring of the message. */
  text?: string;
  /** Default 100, at most 1000. Newest first. */
  limit?: number;
}

/**
 * An HTTP request for a plugin route, reduced to what a plugin may see:
 * no headers, so no tokens, reach the sandbox.
 *
 * @public
 */
export interface SandboxHttpRequest {
  method: string;
  /** The path under `/api/marketplace/runtime/<id>`, starting with `/`. */
  path: string;
  query: Record<string, string | string[]>;
  body?: JsonValue;
}

/**
 * A plugin route's answer. The body is sent as JSON.
 *
 * @public
 */
export interface SandboxHttpResponse {
  status: number;
  body: JsonValue;
}

/**
 * Who a call into a plugin is made for. Catalog reads run with these
 * credentials; without them (tasks, events) the plugin cannot read the catalog.
 *
 * @public
 */
export interface SandboxCallOptions {
  credentials?: BackstageCredentials;
}
