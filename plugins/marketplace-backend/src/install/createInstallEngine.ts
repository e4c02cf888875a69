import {
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { PluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { DynamicPluginsLoader, PluginSandbox, SandboxPluginDefinition } from '@internal/backstage-plugin-marketplace-node';
import { resolve } from 'node:path';
import { ConfigurationGenerator } from '../configuration/ConfigurationGenerator';
import { ManagedConfigStore } from '../configuration/ManagedConfigStore';
import { BackendLoadCheck } from './BackendLoadCheck';
import { ContentStore } from './download/ContentStore';
import { PackageDownloader } from './download/PackageDownloader';
import { ExtractLimits } from './download/safeExtract';
import { DatabaseInstallJobStore } from './DatabaseInstallJobStore';
import { DatabasePluginLock } from './DatabasePluginLock';
import { InstallJobRunner } from './InstallJobRunner';
import { InstallReconciler } from './InstallReconciler';
import { InstallSteps } from './InstallSteps';
import { LocalInstallSync } from './LocalInstallSync';
import { DefaultInstallSteps } from './steps/DefaultInstallSteps';
import { InstallConfigWriter } from './steps/InstallConfigWriter';
import { PackageSteps } from './steps/packageSteps';
import { DynamicPluginsTarget } from './targets/DynamicPluginsTarget';
import { FrontendAppTarget, FrontendBuildManifest, pluginsInBuild } from './targets/FrontendAppTarget';
import { PROCESS_STARTED_AT } from './processStart';
import { ReplicaCoordinator } from './replicas/ReplicaCoordinator';
import { ReplicaStore } from './replicas/ReplicaStore';
import { replicaIdentity } from './replicas/replicaIdentity';
import { FRONTEND_ROLES } from './roles';

const MIB = 1024 * 1024;

function positive(config: RootConfigService, key: string, fallback: number): number {
  const value = config.getOptionalNumber(`marketplace.install.${key}`) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new InputError(`marketplace.install.${key} must be a positive number, got ${value}`);
  }
  return value;
}

/**
 * Settings of the install engine from `marketplace.install`.
 *
 * @public
 */
export function readInstallSettings(config: RootConfigService, cwd = process.cwd()) {
  const limits: ExtractLimits = {
    maxBytes: positive(config, 'maxExtractedBytes', 256 * MIB),
    maxEntries: positive(config, 'maxEntries', 20_000),
    maxFileBytes: positive(config, 'maxFileBytes', 64 * MIB),
  };
  const leaseMs = positive(config, 'leaseSeconds', 30) * 1000;
  return {
    storeDir: resolve(cwd, config.getOptionalString('marketplace.install.storeDir') ?? '.marketplace-store'),
    limits,
    concurrency: Math.floor(positive(config, 'concurrency', 4)),
    reconcileSeconds: positive(config, 'reconcileSeconds', 5),
    rollingRestartTimeoutMs: positive(config, 'rollingRestartTimeoutSeconds', 180) * 1000,
    timing: {
      leaseMs,
      heartbeatMs: Math.max(50, Math.min(2000, Math.floor(leaseMs / 4))),
      maxResumes: Math.floor(positive(config, 'maxResumes', 3)),
    },
  };
}

/**
 * Wires the install engine: the job store and lock over the plugin's
 * database, the steps for every target, and a reconciler that runs on this
 * replica (started with the backend, then every `reconcileSeconds`).
 *
 * @public
 */
export async function createInstallEngine(options: {
  config: RootConfigService;
  database: DatabaseService;
  logger: LoggerService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  getSpec: (pluginId: string) => Promise<PluginSpecification>;
  configuration: { store: ManagedConfigStore; generator: ConfigurationGenerator };
  sandbox: PluginSandbox;
  sandboxDefinitions: { get(pluginId: string): Promise<SandboxPluginDefinition | undefined> };
  /**
   * What the dynamic plugins loader loaded when this backend started; without
   * it a backend plugin counts as loaded when its files are in the root.
   */
  dynamicPlugins?: DynamicPluginsLoader;
  /** Ends the process for its supervisor to start it again (rolling restarts); absent when nobody would. */
  restart?: () => void;
  /** For tests: where the monorepo root is (the dynamic plugins root is relative to it). */
  backstageRoot?: string;
  fetch?: typeof fetch;
  /** For tests: wraps the steps (the SIGKILL test pauses in them to kill the process there). */
  wrapSteps?: (steps: InstallSteps) => InstallSteps;
}) {
  const { config, logger } = options;
  const settings = readInstallSettings(config);
  const store = await DatabaseInstallJobStore.create({ database: options.database });
  const lock = await DatabasePluginLock.create({ database: options.database });
  const files = await ContentStore.create({ root: settings.storeDir });
  const downloader = PackageDownloader.fromConfig(config, { fetch: options.fetch });
  const backend = DynamicPluginsTarget.fromConfig(config, {
    logger,
    registry: downloader.registry,
    token: downloader.token,
    backstageRoot: options.backstageRoot,
  });
  const frontend = FrontendAppTarget.fromConfig(config, {
    logger,
    registry: downloader.registry,
    token: downloader.token,
    backstageRoot: options.backstageRoot,
  });

  const digestInUse = async (digest: string, jobId: string) => {
    const [installations, jobs] = await Promise.all([store.listInstallations(), store.listInProgress()]);
    return (
      installations.some(i => i.jobId !== jobId && i.packages.some(p => p.digest === digest)) ||
      jobs.some(j => j.id !== jobId && j.packages.some(p => p.digest === digest))
    );
  };
  const configWriter = InstallConfigWriter.create({ ...options.configuration, getSpec: options.getSpec });
  const steps = DefaultInstallSteps.create({
    getSpec: options.getSpec,
    getInstallation: id => store.getInstallation(id),
    digestInUse,
    packages: new PackageSteps(downloader, files, settings.limits),
    store: files,
    backend,
    frontend,
    config: configWriter,
    sandbox: options.sandbox,
    sandboxDefinitions: options.sandboxDefinitions,
    logger,
  });
  const runner = InstallJobRunner.create({
    store,
    lock,
    steps: options.wrapSteps ? options.wrapSteps(steps) : steps,
    logger,
    timing: settings.timing,
  });
  const local = LocalInstallSync.create({
    store,
    files,
    downloader,
    limits: settings.limits,
    backend,
    frontend,
    sandbox: options.sandbox,
    sandboxDefinitions: options.sandboxDefinitions,
    logger,
  });
  const reconciler = InstallReconciler.create({
    store,
    lock,
    runner,
    logger,
    maxConcurrent: settings.concurrency,
    leaseMs: settings.timing.leaseMs,
    local,
  });

  const backendLoad = await BackendLoadCheck.create({ backend, loader: options.dynamicPlugins });
  if (!backendLoad.usesLoader && config.has('dynamicPlugins')) {
    logger.info(
      'The marketplace does not see what the dynamic plugins loader loaded (add marketplaceModuleDynamicPlugins ' +
        'beside dynamicPluginsFeatureLoader): backend plugins count as loaded when their files are in the root',
    );
  }
  // What this process runs is what it found when it started: backend packages the loader loaded, the bundle it serves.
  const buildAtStart = await frontend.readBuild();
  await markLoaded(store, backendLoad, buildAtStart, logger);
  const running = { ...backendLoad.runningPlugins(), ...pluginsInBuild(buildAtStart) };
  const replicas = ReplicaCoordinator.create({
    store: await ReplicaStore.create({ database: options.database }),
    lock,
    logger,
    id: await replicaIdentity(settings.storeDir),
    startedAt: PROCESS_STARTED_AT.getTime(),
    serving: async () => running,
    restart: options.restart,
    // A replica restarts with its own machine in sync (a frontend build of another replica's install done), no job of its own running.
    ready: async () => {
      await reconciler.tick();
      return reconciler.activeJobs.length === 0;
    },
    slotLeaseMs: settings.rollingRestartTimeoutMs,
    staleMs: Math.max(30_000, settings.reconcileSeconds * 4000),
  });
  options.lifecycle.addStartupHook(async () => {
    reconciler.kick();
    // The backend serves without it; the report task tries again.
    await replicas.start().catch(error => logger.warn(`Could not report this replica: ${error}`));
  });
  options.lifecycle.addShutdownHook(async () => {
    reconciler.stop();
    await replicas.leave().catch(error => logger.warn(`Could not take this replica off the list: ${error}`));
  });
  // Local tasks: every replica makes its own machine match the desired state, reports itself,
  // and restarts when a rolling restart comes to it.
  const everyReplica = (id: string, seconds: number, fn: () => Promise<void>, timeoutMinutes: number) =>
    options.scheduler.scheduleTask({
      id,
      scope: 'local',
      frequency: { seconds },
      timeout: { minutes: timeoutMinutes },
      initialDelay: { seconds },
      fn,
    });
  await everyReplica('marketplace-install-reconciler', settings.reconcileSeconds, () => reconciler.tick(), 10);
  // Often, so that the next replica of a rolling restart goes soon after the one before is back (a report is one upsert).
  await everyReplica('marketplace-replica-report', Math.min(2, settings.reconcileSeconds), () => replicas.tick(), 15);
  return { store, lock, reconciler, files, backend, frontend, downloader, configWriter, settings, replicas };
}

/**
 * Plugins waiting for a restart that this process serves now: backend
 * packages the dynamic plugins loader loaded when it started (see
 * BackendLoadCheck), frontend packages in the bundle the app backend serves
 * (built before this process started). They are installed now. A backend
 * plugin the loader could not load has failed, with the loader's error.
 */
async function markLoaded(
  store: DatabaseInstallJobStore,
  backendLoad: BackendLoadCheck,
  build: FrontendBuildManifest | undefined,
  logger: LoggerService,
) {
  for (const installation of await store.listInstallations()) {
    if (installation.status !== 'pending-restart') continue;
    let loaded = false;
    if (installation.target === 'backend') {
      const outcome = backendLoad.check(installation);
      if (outcome.status === 'failed') {
        logger.warn(`${installation.pluginId} ${installation.version} failed: ${outcome.message}`);
        await store.updateInstallationStatus(installation.pluginId, 'pending-restart', 'failed', outcome.message);
        continue;
      }
      loaded = outcome.status === 'loaded';
    } else if (installation.target === 'frontend' && build) {
      const frontendPackages = installation.packages.filter(p => FRONTEND_ROLES.has(p.role));
      loaded = frontendPackages.every(p => build.dependencies[p.name] === p.version);
    }
    if (loaded) await store.updateInstallationStatus(installation.pluginId, 'pending-restart', 'installed');
  }
}
