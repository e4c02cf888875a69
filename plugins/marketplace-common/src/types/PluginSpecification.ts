import { JsonObject } from '@backstage/types';
import { PluginCategory } from '../categories';

/**
 * What a package can be to Backstage: the `backstage.role` field of its
 * package.json.
 *
 * @public
 */
export const PACKAGE_ROLES = [
  'frontend-plugin',
  'frontend-plugin-module',
  'backend-plugin',
  'backend-plugin-module',
  'common-library',
  'web-library',
  'node-library',
  'cli',
  'other',
] as const;

/**
 * One of {@link PACKAGE_ROLES}.
 *
 * @public
 */
export type PackageRole = (typeof PACKAGE_ROLES)[number];

/** @public */
export interface PluginAuthor {
  name: string;
  email?: string;
  url?: string;
}

/**
 * One npm package that belongs to a plugin.
 *
 * @public
 */
export interface PluginPackageRef {
  /** The npm package name, e.g. `@backstage-community/plugin-todo-backend`. */
  name: string;
  role: PackageRole;
  /** The version the specification describes. */
  version?: string;
}

/**
 * An environment variable the plugin reads.
 *
 * @public
 */
export interface EnvironmentVariableSpec {
  name: string;
  description?: string;
  required: boolean;
  /** Values are secrets: never shown, written as `${NAME}` references. */
  secret?: boolean;
  example?: string;
}

/**
 * Something a plugin offers to the rest of the app, or needs from it.
 *
 * @public
 */
export interface PluginCapability {
  type:
    | 'api'
    | 'route'
    | 'extension'
    | 'entity-kind'
    | 'action'
    | 'scheduled-task'
    | 'event'
    | 'service'
    | 'plugin';
  /** e.g. `/api/todo`, `catalog.entity-content`, `kind:Plugin`, `plugin:catalog`. */
  id: string;
  description?: string;
}

/**
 * How the plugin is installed.
 *
 * @public
 */
export interface InstallationSpec {
  /** `npm`: packages from a registry; `sandbox`: a bundle run in isolated-vm; `manual`: instructions only. */
  method: 'npm' | 'sandbox' | 'manual';
  packages: PluginPackageRef[];
  /** Whether the backend must restart before the plugin works. */
  requiresRestart?: boolean;
  /** Human-readable steps for what cannot be automated. */
  steps?: string[];
}

/**
 * What removing the plugin involves.
 *
 * @public
 */
export interface UninstallationSpec {
  /** What happens to data the plugin stored. */
  dataRemoval: 'none' | 'plugin-database' | 'manual';
  steps?: string[];
  warnings?: string[];
}

/**
 * A host capability a plugin asks for; sandboxed plugins get only these.
 *
 * @public
 */
export interface PluginPermissionRequest {
  /** e.g. `log`, `fetch`, `kv`, `catalog.read`, `config.read`, `events.publish`, `events.subscribe`, or a Backstage permission name. */
  permission: string;
  reason?: string;
  /** For `fetch`: the hosts the plugin may call. */
  hosts?: string[];
}

/**
 * Limits a sandboxed plugin runs under.
 *
 * @public
 */
export interface ResourceLimits {
  memoryMb: number;
  cpuTimeMsPerCall: number;
  cpuTimeMsTotal?: number;
  wallClockMsPerCall: number;
  kvQuotaBytes?: number;
  networkBytesPerMinute?: number;
  maxConnections?: number;
  apiCallsPerMinute?: number;
}

/** @public */
export interface SandboxSpec {
  /** Path of the JavaScript bundle inside the package. */
  entry: string;
  limits: ResourceLimits;
}

/**
 * A 0-100 score with the signals it was computed from.
 *
 * @public
 */
export interface QualityMetrics {
  score: number;
  grade: 'A' | 'B' | 'C' | 'D' | 'E';
  signals: Record<string, { score: number; weight: number; detail: string }>;
  computedAt: string;
}

/** @public */
export interface TestResults {
  passed: number;
  failed: number;
  skipped?: number;
  coveragePercent?: number;
  ranAt?: string;
}

/** @public */
export interface DocumentationSpec {
  homepage?: string;
  repository?: string;
  bugs?: string;
  /** Markdown. */
  readme?: string;
  /** Markdown. */
  changelog?: string;
}

/**
 * The canonical record of one marketplace plugin: everything needed to show,
 * judge, install, configure and remove it.
 *
 * @public
 */
export interface PluginSpecification {
  /** Stable id, lowercase letters, digits, dots and dashes: e.g. `backstage-community.todo`. */
  id: string;
  /** Display name. */
  name: string;
  /** Semver of the newest release. */
  version: string;
  description: string;
  author: PluginAuthor;
  /** SPDX expression. */
  license?: string;
  tags: string[];
  category: PluginCategory;
  /** npm dependencies of the plugin's packages, merged: name → semver range. */
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  /** Semver range of Backstage releases the plugin works with, e.g. `>=1.40.0`. */
  backstageVersion?: string;
  /** JSON Schema of the plugin's app-config. */
  configSchema?: JsonObject;
  defaultConfig?: JsonObject;
  environmentVariables: EnvironmentVariableSpec[];
  provides: PluginCapability[];
  requires: PluginCapability[];
  installation: InstallationSpec;
  uninstallation?: UninstallationSpec;
  permissions: PluginPermissionRequest[];
  sandbox?: SandboxSpec;
  qualityMetrics?: QualityMetrics;
  testResults?: TestResults;
  documentation: DocumentationSpec;
}
