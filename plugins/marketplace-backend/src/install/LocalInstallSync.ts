import { LoggerService } from '@backstage/backend-plugin-api';
import { InstallJobPackage } from '@internal/backstage-plugin-marketplace-common';
import { PluginSandbox, SandboxPluginDefinition } from '@internal/backstage-plugin-marketplace-node';
import { promises as fs } from 'node:fs';
import { ContentStore, sha512File } from './download/ContentStore';
import { PackageDownloader, verifyIntegrity } from './download/PackageDownloader';
import { ExtractLimits } from './download/safeExtract';
import { InstallJobStore } from './InstallJobStore';
import { LocalStateSync } from './InstallReconciler';
import { DynamicPackageMarker, DynamicPluginsTarget } from './targets/DynamicPluginsTarget';
import { FrontendAppSync } from './FrontendAppSync';
import { FrontendAppTarget } from './targets/FrontendAppTarget';
import { BACKEND_ROLES } from './roles';


/** A package the desired state wants in the dynamic plugins root. */
interface Wanted {
  pluginId: string;
  pluginVersion: string;
  version: string;
  role: string;
  digest: string;
  tarball?: string;
  integrity?: string;
}
const SETTLED = new Set(['installed', 'pending-restart']);

/**
 * Makes this replica's disk match the desired state that jobs (here or on
 * another replica) settled: backend packages missing from the local dynamic
 * plugins root are fetched, verified and put there; packages the
 * marketplace put there for plugins no longer installed are removed; the
 * app gets the frontend plugins installed elsewhere (see
 * {@link FrontendAppSync}); what killed jobs left half-done in temporary
 * directories is cleared. Plugins with a job in progress are left to their
 * job.
 *
 * @public
 */
export class LocalInstallSync implements LocalStateSync {
  private readonly frontendSync: FrontendAppSync;

  private constructor(
    private readonly deps: {
      store: InstallJobStore;
      files: ContentStore;
      downloader: PackageDownloader;
      limits: ExtractLimits;
      backend: DynamicPluginsTarget;
      frontend: FrontendAppTarget;
      sandbox: PluginSandbox;
      sandboxDefinitions: { get(pluginId: string): Promise<SandboxPluginDefinition | undefined> };
      logger: LoggerService;
    },
  ) {
    this.frontendSync = FrontendAppSync.create({ store: deps.store, frontend: deps.frontend, logger: deps.logger });
  }

  static create(deps: LocalInstallSync['deps']): LocalInstallSync {
    return new LocalInstallSync(deps);
  }

  async sync(options: { busyPlugins: Set<string> }): Promise<void> {
    const { store, backend, logger } = this.deps;
    const installations = await store.listInstallations();
    const desired = new Map<string, Wanted>();
    for (const installation of installations) {
      if (!SETTLED.has(installation.status) || options.busyPlugins.has(installation.pluginId)) continue;
      if (installation.target === 'sandbox') await this.ensureRunning(installation.pluginId);
      if (installation.target !== 'backend') continue;
      for (const pkg of installation.packages.filter(p => BACKEND_ROLES.has(p.role) && p.digest)) {
        desired.set(pkg.name, {
          pluginId: installation.pluginId,
          pluginVersion: installation.version,
          version: pkg.version,
          role: pkg.role,
          digest: pkg.digest!,
          tarball: pkg.tarball,
          integrity: pkg.integrity,
        });
      }
    }
    const busyOrInstalling = new Set([...options.busyPlugins, ...installations.filter(i => !SETTLED.has(i.status)).map(i => i.pluginId)]);
    const known = new Set(installations.map(i => i.pluginId));
    const unknown = new Map<string, DynamicPackageMarker[]>();
    for (const { marker } of await backend.listInstalled()) {
      if (desired.has(marker.name) || busyOrInstalling.has(marker.pluginId)) continue;
      if (!known.has(marker.pluginId) && (await store.listJobs({ pluginId: marker.pluginId, limit: 1 })).length === 0) {
        unknown.set(marker.pluginId, [...(unknown.get(marker.pluginId) ?? []), marker]);
        continue;
      }
      logger.info(`${marker.name} is in the dynamic plugins root but ${marker.pluginId} is not installed: removing it`);
      await backend.remove(marker.name);
    }
    await this.adopt(unknown);
    for (const [name, want] of desired) {
      const marker = await backend.readMarker(backend.dirFor(name));
      if (marker?.digest === want.digest) continue;
      try {
        await this.materialize(name, want);
        logger.info(`Put ${name}@${want.version} into this replica's dynamic plugins root, as installed elsewhere`);
      } catch (error) {
        logger.warn(`Could not put ${name}@${want.version} into the dynamic plugins root: ${error}`);
      }
    }
    await this.frontendSync.sync({ installations, busy: busyOrInstalling });
  }

  /**
   * Packages on disk for plugins the database has never heard of: the
   * database is new (an in-memory one after a restart), the disk is the
   * record. They become installations, as the managed config file is
   * imported in the same case.
   */
  private async adopt(unknown: Map<string, DynamicPackageMarker[]>) {
    for (const [pluginId, markers] of unknown) {
      const adopted = await this.deps.store.adoptInstallation({
        pluginId,
        version: markers[0].pluginVersion ?? markers[0].version,
        target: 'backend',
        jobId: markers[0].jobId,
        packages: markers.map(m => ({
          name: m.name,
          version: m.version,
          role: (m.role ?? 'backend-plugin') as InstallJobPackage['role'],
          status: 'active',
          digest: m.digest,
          integrity: m.integrity,
          tarball: m.tarball,
        })),
      });
      if (adopted) this.deps.logger.info(`${pluginId} is in the dynamic plugins root but not in the database: recorded it as installed`);
    }
  }

  /** What a killed runner left in tmp/ and in the staging directory (once per process, before jobs run). */
  async cleanup(options: { runningJobs: Set<string> }) {
    const running = options.runningJobs;
    const { files, backend, frontend, store, logger } = this.deps;
    const inProgress = new Set((await store.listInProgress()).map(j => j.id));
    const removed = [
      ...(await files.cleanTemp(running)),
      ...(await backend.cleanStaging(async jobId => !inProgress.has(jobId), running)),
      ...(await frontend.cleanStaging(async jobId => !inProgress.has(jobId), running)),
    ];
    if (removed.length) logger.info(`Removed what interrupted installs left: ${removed.join(', ')}`);
  }

  private async materialize(name: string, want: Wanted) {
    const { files, downloader, backend, limits } = this.deps;
    const owner = `sync-${want.digest.slice(0, 16)}`;
    if (!(await files.hasPackage(want.digest))) {
      if (!(await files.hasTarball(want.digest))) {
        if (!want.tarball || !want.integrity) throw new Error('the installation records no tarball to fetch it from');
        const temp = files.tempPath(owner, '.tgz');
        try {
          await downloader.download({ tarball: want.tarball, integrity: want.integrity }, temp);
          const digest = await verifyIntegrity(temp, want.integrity);
          if (digest !== want.digest) throw new Error(`the tarball is ${digest.slice(0, 12)}…, the installation recorded ${want.digest.slice(0, 12)}…`);
          await files.putTarball(temp, digest);
        } finally {
          await fs.rm(temp, { force: true });
        }
      } else if ((await sha512File(files.tarballPath(want.digest))) !== want.digest) {
        throw new Error('the stored tarball does not match its name');
      }
      await files.extract(want.digest, owner, limits);
    }
    const marker = { ...want, name, jobId: owner };
    const controller = new AbortController();
    const { staged } = await backend.prepare({ packageDir: files.packageDir(want.digest), marker, signal: controller.signal });
    await backend.activate(staged, marker);
    await backend.dropBackup(name, owner);
  }

  private async ensureRunning(pluginId: string) {
    const { sandbox, sandboxDefinitions, logger } = this.deps;
    // Known to the sandbox (running, or stopped by an admin): left as it is.
    const health = await sandbox.getHealth(pluginId).catch(() => undefined);
    if (health) return;
    const definition = await sandboxDefinitions.get(pluginId);
    if (!definition) return;
    try {
      await sandbox.startPlugin(definition);
    } catch (error) {
      logger.warn(`Could not start the installed sandboxed plugin ${pluginId}: ${error}`);
    }
  }
}
