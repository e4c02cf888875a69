import { JsonObject, JsonValue } from '@backstage/types';
import { PackageRole } from './PluginSpecification';

/**
 * One plugin a user asks to install or update, at an optional semver range.
 *
 * @public
 */
export interface PluginRequirement {
  pluginId: string;
  /** A semver range or exact version; the newest that fits when absent. */
  version?: string;
}

/**
 * Body of `POST /install/plan`.
 *
 * @public
 */
export interface InstallPlanRequest {
  plugins: PluginRequirement[];
  /** Consider prerelease versions (`1.2.0-next.1`); off unless asked. */
  allowPrerelease?: boolean;
}

/**
 * What kind of obstacle the resolver met.
 *
 * - `backstage-incompatible`: no version of the plugin supports this app's Backstage release
 * - `no-matching-version`: nothing satisfies every range asked of the plugin
 * - `missing`: a dependency is not in the marketplace
 * - `conflict`: two plugins need versions of a third that no single version satisfies
 * - `installed-conflict`: the plan needs a version of an installed plugin other than the installed one
 * - `unknown-plugin`: a requested id does not exist
 * - `deprecated`: a chosen version is deprecated (a warning, not a failure)
 *
 * @public
 */
export type ResolutionProblemKind =
  | 'backstage-incompatible'
  | 'no-matching-version'
  | 'missing'
  | 'conflict'
  | 'installed-conflict'
  | 'unknown-plugin'
  | 'deprecated';

/**
 * An obstacle, explained in words a platform admin understands, with what
 * would fit instead when something does.
 *
 * @public
 */
export interface ResolutionProblem {
  kind: ResolutionProblemKind;
  /** `error` makes the plan unusable; `warning` does not. */
  severity: 'error' | 'warning';
  pluginId: string;
  /** e.g. "X 2.1.0 needs Backstage >=1.60.0; this app is 1.55.0". */
  message: string;
  /** e.g. "X 1.9.0 fits: install that version instead". */
  suggestion?: string;
  /** Every plugin id the problem involves (who asked for what). */
  involves: string[];
}

/**
 * One plugin in a plan.
 *
 * @public
 */
export interface PlannedPlugin {
  pluginId: string;
  name: string;
  version: string;
  /** `install`: new; `upgrade`/`downgrade`: installed at `fromVersion`; `keep`: installed and fits. */
  action: 'install' | 'upgrade' | 'downgrade' | 'keep';
  fromVersion?: string;
  /** `requested` by the user, or pulled in as a `dependency` (or peer). */
  reason: 'requested' | 'dependency';
  /** Plugin ids whose chosen versions depend on this one. */
  requiredBy: string[];
  /** The Backstage range the chosen version declares. */
  backstageVersion?: string;
  /** Whether the chosen version is a prerelease. */
  prerelease: boolean;
}

/**
 * An npm package a plan installs.
 *
 * @public
 */
export interface PlannedPackage {
  name: string;
  version: string;
  role: PackageRole;
  pluginId: string;
}

/**
 * The resolver's answer to `POST /install/plan`.
 *
 * @public
 */
export interface InstallPlan {
  /** True when the plan can be applied: no problem of severity `error`. */
  ok: boolean;
  /** The app's Backstage release the plan was made for. */
  backstageVersion?: string;
  /** In install order: dependencies before the plugins that need them. */
  plugins: PlannedPlugin[];
  packages: PlannedPackage[];
  problems: ResolutionProblem[];
  /** npm dependencies outside the marketplace (e.g. `react`), name → ranges asked. */
  external: Record<string, string[]>;
}

/**
 * A dependency as `GET /plugins/:id/analysis` reports it.
 *
 * @public
 */
export interface AnalyzedDependency {
  pluginId: string;
  range: string;
  kind: 'dependency' | 'peer';
  /** Who declares it: the plugin id. */
  requiredBy: string;
  /** The version the resolver would pick, when one fits. */
  resolvedVersion?: string;
  installedVersion?: string;
}

/**
 * What installing a plugin involves, before any choice is made.
 *
 * @public
 */
export interface DependencyAnalysis {
  pluginId: string;
  version: string;
  direct: AnalyzedDependency[];
  transitive: AnalyzedDependency[];
  conflicts: ResolutionProblem[];
  /** Dependency names not found in the marketplace. */
  missing: string[];
  /** Plugins often installed with this one, or that complete it (e.g. the backend of a frontend). */
  recommendations: Array<{ pluginId: string; reason: string }>;
}

/**
 * One step of `GET /install/updates`.
 *
 * @public
 */
export interface PlannedUpdate {
  pluginId: string;
  from: string;
  to: string;
  /** A major version change (or minor on 0.x). */
  breaking: boolean;
  /** Why the newest version cannot be taken, when `to` is not the newest. */
  heldBackBy?: string;
}

/**
 * The update plan for the installed set.
 *
 * @public
 */
export interface UpdatePlan {
  updates: PlannedUpdate[];
  problems: ResolutionProblem[];
}

/**
 * What the marketplace detected about the app it runs in, to pre-fill forms.
 *
 * @public
 */
export interface DetectedEnvironment {
  backstageVersion?: string;
  /** `pg`, `better-sqlite3`, … from `backend.database.client`. */
  database?: string;
  /** `memory`, `redis`, … from `backend.cache.store`. */
  cache?: string;
  /** Integration kinds configured (`github`, `gitlab`, …) with their hosts. */
  integrations: Array<{ kind: string; host: string }>;
  /** Of the env vars plugins ask for, which the backend process has (names only, never values). */
  environmentVariables: Record<string, boolean>;
  baseUrl?: string;
}

/**
 * One field of a wizard step.
 *
 * @public
 */
export interface WizardField {
  /** JSON pointer into the plugin's config, e.g. `/todo/defaultPageSize`. */
  path: string;
  title: string;
  description?: string;
  required: boolean;
  secret: boolean;
  /** A secret field holds the name of an environment variable, written as `${NAME}`. */
  envVar?: string;
  example?: JsonValue;
  default?: JsonValue;
  /** Show the field only when another field has a value: `{ path, equals }`. */
  condition?: { path: string; equals: JsonValue };
}

/**
 * A wizard step derived from the plugin's schema.
 *
 * @public
 */
export interface WizardStep {
  id: string;
  title: string;
  help?: string;
  fields: WizardField[];
}

/**
 * `GET /plugins/:id/configuration`: everything the configure step needs.
 *
 * @public
 */
export interface ConfigurationForm {
  pluginId: string;
  /** JSON Schema of the plugin's part of app-config (for `@rjsf/core`). */
  schema: JsonObject;
  /** `@rjsf/core` uiSchema: widgets, help, order, secret fields as env-var references. */
  uiSchema: JsonObject;
  /** Auto-configured values: current managed config, else environment, else defaults. */
  formData: JsonObject;
  steps: WizardStep[];
  environment: DetectedEnvironment;
  /** Whether the plugin needs any configuration at all. */
  required: boolean;
}

/**
 * A validation error mapped to a field.
 *
 * @public
 */
export interface ConfigFieldError {
  /** JSON pointer of the field (`/todo/pageSize`), `` for the whole document. */
  path: string;
  message: string;
  /** 1-based line in YAML text, when the input was YAML. */
  line?: number;
}

/**
 * Answer of the validate endpoints.
 *
 * @public
 */
export interface ConfigValidation {
  valid: boolean;
  errors: ConfigFieldError[];
}

/**
 * `POST /plugins/:id/configuration/preview`: what the managed file would become.
 *
 * @public
 */
export interface ConfigPreview {
  /** The whole managed file after the change, YAML; secrets as `${NAME}`. */
  yaml: string;
  /** Unified diff against the current managed file. */
  diff: string;
  validation: ConfigValidation;
}

/**
 * The managed config file (`GET /config`).
 *
 * @public
 */
export interface ManagedConfig {
  /** File path relative to the backend's working directory. */
  path: string;
  yaml: string;
  /** The revision the file is at; send it back when saving (optimistic lock). */
  revision: number;
  /**
   * Whether the running backend loads this file (it was started with
   * `--config` for it). When false, saved changes take effect only once it does.
   */
  loaded?: boolean;
}

/**
 * One change of the managed config.
 *
 * @public
 */
export interface ConfigRevision {
  revision: number;
  author: string;
  message: string;
  createdAt: string;
  /** Unified diff against the previous revision. */
  diff: string;
  /** Set when this revision rolled back to an earlier one. */
  rollbackOf?: number;
  /** Whether the change took effect without a restart. */
  appliedLive: boolean;
  /** The whole file at this revision (`GET /config/revisions/:revision` only). */
  yaml?: string;
}

/**
 * Body of `PUT /config/plugins`: several plugins' parts of app-config, saved
 * together as one revision of the managed config.
 *
 * @public
 */
export interface BulkConfigRequest {
  /** The revision the change was made on (409 when the file has moved on); the latest when absent. */
  baseRevision?: number;
  message?: string;
  /** Each plugin's part of app-config, by plugin id, e.g. `{ "x.todo": { "todo": { … } } }`. */
  plugins: Record<string, JsonObject>;
}

/**
 * Answer of `PUT /config/plugins`.
 *
 * @public
 */
export interface BulkConfigResponse {
  /** The revision the file is at now: a new one, or the current one when nothing changed. */
  revision: number;
  /** Whether the change took effect without a restart. */
  appliedLive: boolean;
  /** Each plugin of the request, and whether its part of the file changed. */
  plugins: Array<{ pluginId: string; changed: boolean }>;
}
