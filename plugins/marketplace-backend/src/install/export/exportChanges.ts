import { JsonObject } from '@backstage/types';
import { EnvironmentVariableSpec, InstallTarget, PlannedPackage, PlannedPlugin } from '@internal/backstage-plugin-marketplace-common';

/** Where each file an exported change may touch is, relative to the repository root. */
export const EXPORT_PATHS = {
  backendPackage: 'packages/backend/package.json',
  backendIndex: 'packages/backend/src/index.ts',
  appPackage: 'packages/app/package.json',
  appConfig: 'app-config.yaml',
} as const;

/** A plugin's part of app-config in an exported change, and where it came from. */
export interface ExportedConfig {
  plugin: PlannedPlugin;
  config: JsonObject;
  source: 'request' | 'defaults';
  /** What is wrong with default values (a required field nobody filled in): to finish before merging. */
  problems: string[];
}

/** A plugin the patch leaves out: the marketplace runs it, or a person installs it. */
export interface ByHandPlugin {
  plugin: PlannedPlugin;
  target: Extract<InstallTarget, 'sandbox' | 'manual'>;
  steps: string[];
}

/** What an install exported as a change does, before any file is read. */
export interface ExportChanges {
  /** The plugins the patch installs or moves to another version, in install order. */
  plugins: PlannedPlugin[];
  /** Backend plugins and modules: dependencies of packages/backend, added in its src/index.ts. */
  backend: PlannedPackage[];
  /** Frontend plugins and modules: dependencies of packages/app, which discovers them. */
  frontend: PlannedPackage[];
  config: ExportedConfig[];
  byHand: ByHandPlugin[];
  /** Plugins of the plan the marketplace has installed already at the version chosen. */
  kept: PlannedPlugin[];
  environmentVariables: Array<EnvironmentVariableSpec & { pluginId: string }>;
}
