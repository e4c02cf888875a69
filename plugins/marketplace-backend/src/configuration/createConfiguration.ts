import {
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { RegistryService } from '../registry/RegistryService';
import { DefaultBulkConfigurator } from './BulkConfigurator';
import { ConfigValidator } from './ConfigValidator';
import { DefaultConfigurationGenerator } from './ConfigurationGenerator';
import { DatabaseConfigRevisionStore } from './DatabaseConfigRevisionStore';
import { InstalledSchemaReader } from './InstalledSchemaReader';
import { loadedConfigFiles, LiveConfigMonitor } from './liveApply';
import { ManagedConfigFile } from './ManagedConfigFile';
import { DefaultManagedConfigStore } from './ManagedConfigStore';

/** The name of the managed file, at the repository root unless configured. */
export const MANAGED_CONFIG_FILE = 'app-config.marketplace.yaml';

// packages/backend → the repository root, where backstage.json is.
const MAX_PARENT_DIRS = 4;

function repositoryRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (let i = 0; i <= MAX_PARENT_DIRS; i++) {
    if (existsSync(join(dir, 'backstage.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve(cwd);
}

/**
 * Where the managed file is: `marketplace.managedConfig.path` (relative to the
 * working directory); else the `--config` file the backend was started with
 * that is named app-config.marketplace.yaml; else that name at the
 * repository root.
 */
export function resolveManagedConfigPath(options: { config: RootConfigService; argv?: string[]; cwd?: string }): string {
  const cwd = options.cwd ?? process.cwd();
  const configured = options.config.getOptionalString('marketplace.managedConfig.path');
  if (configured) return resolve(cwd, configured);
  const loaded = loadedConfigFiles(options.argv, cwd).find(p => basename(p) === MANAGED_CONFIG_FILE);
  return loaded ?? join(repositoryRoot(cwd), MANAGED_CONFIG_FILE);
}

/**
 * Wires the configuration generator, the managed config store and the bulk
 * configurator, brings the file and its revisions in line, and keeps them so
 * on this replica.
 *
 * @public
 */
export async function createConfiguration(options: {
  config: RootConfigService;
  database: DatabaseService;
  logger: LoggerService;
  scheduler: SchedulerService;
  registry: RegistryService;
  backstageVersion?: string;
}) {
  const { config, logger, registry } = options;
  const path = resolveManagedConfigPath({ config });
  const validator = ConfigValidator.create({ logger });
  const live = LiveConfigMonitor.create({ config, path });
  const installed = await InstalledSchemaReader.create({ database: options.database });
  const store = DefaultManagedConfigStore.create({
    file: ManagedConfigFile.create({ path }),
    revisions: await DatabaseConfigRevisionStore.create({ database: options.database }),
    validator,
    installedSchemas: () => installed.list(),
    live,
    logger,
  });
  const getSpec = async (pluginId: string) => (await registry.getPlugin(pluginId)).spec;
  const generator = DefaultConfigurationGenerator.create({
    getSpec,
    store,
    validator,
    config,
    backstageVersion: options.backstageVersion,
  });

  if (!live.loaded) {
    logger.info(`The managed config ${path} is not loaded by this backend: start it with --config for that file to apply changes`);
  }
  const sync = () => store.sync().catch(error => logger.warn(`Could not reconcile ${path} with its revisions: ${error}`));
  await sync();
  // Every replica keeps its own copy of the file: each one catches up with revisions made elsewhere.
  await options.scheduler.scheduleTask({
    id: 'marketplace-managed-config-sync',
    scope: 'local',
    frequency: { seconds: 30 },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      await sync();
    },
  });
  return { store, generator, configurator: DefaultBulkConfigurator.create({ generator, store, getSpec }) };
}
