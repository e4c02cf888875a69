import {
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { Knex } from 'knex';
import { ConfigValidator } from '../../configuration/ConfigValidator';
import { DefaultConfigurationGenerator } from '../../configuration/ConfigurationGenerator';
import { DatabaseConfigRevisionStore } from '../../configuration/DatabaseConfigRevisionStore';
import { InstalledSchemaReader } from '../../configuration/InstalledSchemaReader';
import { LiveConfigMonitor } from '../../configuration/liveApply';
import { ManagedConfigFile } from '../../configuration/ManagedConfigFile';
import { DefaultManagedConfigStore } from '../../configuration/ManagedConfigStore';
import { createInstallEngine } from '../createInstallEngine';
import { InstallSteps } from '../InstallSteps';
import { fakeSandbox } from './sandbox';

/** A logger writing `LEVEL message` lines to stdout, or nothing. */
export function printLogger(print: boolean): LoggerService {
  const line = (level: string) => (message: string) => {
    if (print) process.stdout.write(`${level} ${message}\n`);
  };
  const logger: LoggerService = { info: line('LOG'), warn: line('WARN'), error: line('ERROR'), debug: () => {}, child: () => logger };
  return logger;
}

/**
 * The install engine with the managed config, wired from plain services (no
 * jest, no backend): for processes the SIGKILL test starts and for benchmarks.
 * Plugin specifications are read from the registry tables.
 */
export async function createStandaloneEngine(options: {
  knex: Knex;
  config: object;
  managedConfigPath: string;
  appRoot: string;
  logger?: LoggerService;
  wrapSteps?: (steps: InstallSteps) => InstallSteps;
}) {
  const { knex } = options;
  const database = { getClient: async () => knex } as DatabaseService;
  const config = new ConfigReader(options.config as any) as unknown as RootConfigService;
  const logger = options.logger ?? printLogger(false);
  const getSpec = async (pluginId: string) => {
    const row = await knex('plugins').where({ id: pluginId }).first('spec');
    if (!row) throw new Error(`no plugin ${pluginId}`);
    return JSON.parse(row.spec) as PluginSpecification;
  };
  const validator = ConfigValidator.create();
  const installed = await InstalledSchemaReader.create({ database });
  const store = DefaultManagedConfigStore.create({
    file: ManagedConfigFile.create({ path: options.managedConfigPath }),
    revisions: await DatabaseConfigRevisionStore.create({ database }),
    validator,
    installedSchemas: () => installed.list(),
    live: LiveConfigMonitor.create({ config, path: options.managedConfigPath, argv: [], timeoutMs: 1000 }),
    logger,
  });
  await store.sync();
  const generator = DefaultConfigurationGenerator.create({ getSpec, store, validator, config, backstageVersion: '1.55.0', env: {} });
  const engine = await createInstallEngine({
    config,
    database,
    logger,
    scheduler: { scheduleTask: async () => {} } as unknown as SchedulerService,
    lifecycle: { addStartupHook: () => {}, addShutdownHook: () => {} } as unknown as LifecycleService,
    getSpec,
    configuration: { store, generator },
    sandbox: fakeSandbox(),
    sandboxDefinitions: { get: async () => undefined },
    backstageRoot: options.appRoot,
    wrapSteps: options.wrapSteps,
  });
  return { ...engine, getSpec, generator, managedConfig: store };
}
