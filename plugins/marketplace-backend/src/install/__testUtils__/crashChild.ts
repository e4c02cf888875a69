/*
 * A backend replica reduced to the install engine, run as its own process by
 * the SIGKILL test: it runs the jobs it finds until none is left, printing
 * each step as it enters it, and can be killed at any moment.
 *
 *   node --require <cli>/config/nodeTransform.cjs crashChild.ts <settings.json>
 */
import {
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import knexFactory, { Knex } from 'knex';
import { readFileSync } from 'node:fs';
import { ConfigValidator } from '../../configuration/ConfigValidator';
import { DefaultConfigurationGenerator } from '../../configuration/ConfigurationGenerator';
import { DatabaseConfigRevisionStore } from '../../configuration/DatabaseConfigRevisionStore';
import { InstalledSchemaReader } from '../../configuration/InstalledSchemaReader';
import { LiveConfigMonitor } from '../../configuration/liveApply';
import { ManagedConfigFile } from '../../configuration/ManagedConfigFile';
import { DefaultManagedConfigStore } from '../../configuration/ManagedConfigStore';
import { createInstallEngine } from '../createInstallEngine';
import { fakeSandbox } from './sandbox';

/** What the parent tells the child. */
export interface CrashChildSettings {
  database: Knex.Config;
  config: Record<string, unknown>;
  managedConfigPath: string;
  appRoot: string;
}

async function main() {
  const settings: CrashChildSettings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const knex = knexFactory(settings.database);
  // Plain services: no jest in this process.
  const database = { getClient: async () => knex } as DatabaseService;
  const config = new ConfigReader(settings.config as any) as unknown as RootConfigService;
  const print = (level: string) => (message: string) => {
    process.stdout.write(`${level} ${message}\n`);
  };
  const logger: LoggerService = { info: print('LOG'), warn: print('WARN'), error: print('ERROR'), debug: () => {}, child: () => logger };
  const getSpec = async (pluginId: string) => {
    const row = await knex('plugins').where({ id: pluginId }).first('spec');
    if (!row) throw new Error(`no plugin ${pluginId}`);
    return JSON.parse(row.spec) as PluginSpecification;
  };
  const validator = ConfigValidator.create();
  const installed = await InstalledSchemaReader.create({ database });
  const store = DefaultManagedConfigStore.create({
    file: ManagedConfigFile.create({ path: settings.managedConfigPath }),
    revisions: await DatabaseConfigRevisionStore.create({ database }),
    validator,
    installedSchemas: () => installed.list(),
    live: LiveConfigMonitor.create({ config, path: settings.managedConfigPath, argv: [], timeoutMs: 1000 }),
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
    backstageRoot: settings.appRoot,
    wrapSteps: steps => ({
      run: async (step, context) => {
        process.stdout.write(`ENTER ${context.job.id} ${step}\n`);
        if (step === process.env.CRASH_PAUSE_STEP) await new Promise(resolve => setTimeout(resolve, Number(process.env.CRASH_PAUSE_MS ?? 500)));
        return steps.run(step, context);
      },
      undo: (entry, context) => steps.undo(entry, context),
      afterDone: (job, undo) => steps.afterDone!(job, undo),
      result: job => steps.result(job),
    }),
  });
  process.stdout.write('READY\n');
  let last = '';
  const report = setInterval(async () => {
    const jobs = await engine.store.listInProgress().catch(() => []);
    const now = jobs.map(j => `${j.id}:${j.state}`).join(',');
    if (now !== last) {
      for (const job of jobs) process.stdout.write(`STEP ${job.id} ${job.state}\n`);
      last = now;
    }
  }, 5);
  for (;;) {
    await engine.reconciler.tick();
    await engine.reconciler.idle();
    const pending = [...(await engine.store.listQueued(1)), ...(await engine.store.listInProgress())];
    if (pending.length === 0) break;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  // One more pass: the local sync after the last job.
  await engine.reconciler.tick();
  clearInterval(report);
  process.stdout.write('SETTLED\n');
  await knex.destroy();
  process.exit(0);
}

main().catch(error => {
  process.stdout.write(`CRASH ${error?.stack ?? error}\n`);
  process.exit(1);
});
