import { LoggerService } from '@backstage/backend-plugin-api';
import { InstallJobPackage } from '@internal/backstage-plugin-marketplace-common';
import { createHash } from 'node:crypto';
import { Installation, InstallJobStore } from './InstallJobStore';
import { FrontendAppTarget, FrontendBuildManifest, FrontendPackageOwner } from './targets/FrontendAppTarget';
import { FRONTEND_ROLES } from './roles';

const SETTLED = new Set(['installed', 'pending-restart']);

/**
 * Makes this replica's app hold the frontend plugins the desired state
 * says are installed, for changes a job made on another replica (each
 * replica builds its own app): packages missing or at another version are
 * added, packages the marketplace put there for plugins no longer installed
 * are taken out, and the app is built again; the replica serves it after
 * its next restart. A backend whose database is new (SQLite in memory
 * after a restart) first adopts what the app's build manifest records.
 *
 * @public
 */
export class FrontendAppSync {
  /** A change that failed here is not tried again by this process (it would fail each tick). */
  private readonly failed = new Set<string>();

  private constructor(private readonly deps: { store: InstallJobStore; frontend: FrontendAppTarget; logger: LoggerService }) {}

  static create(deps: FrontendAppSync['deps']): FrontendAppSync {
    return new FrontendAppSync(deps);
  }

  /**
   * `installations`: the desired state as the caller read it this tick. `busy`: plugins with a job
   * in progress or an installation not settled; their job does the work.
   */
  async sync(options: { installations: Installation[]; busy: Set<string> }): Promise<void> {
    const { frontend } = this.deps;
    if (await frontend.unavailableReason()) return;
    const build = await frontend.readBuild();
    const installations = (await this.adopt(build, options.installations, options.busy))
      ? await this.deps.store.listInstallations()
      : options.installations;
    const busy = new Set([...options.busy, ...installations.filter(i => !SETTLED.has(i.status)).map(i => i.pluginId)]);
    // A frontend job under way (here, or resumed after a kill that left dist/ half built) owns the
    // app until it is done; the sync looks again on a later tick.
    if (installations.some(i => i.target === 'frontend' && busy.has(i.pluginId))) return;
    if ((await this.deps.store.listInProgress()).some(j => j.target === 'frontend')) return;
    const wanted = wantedPackages(installations, busy);
    const dependencies = await frontend.readDependencies();
    const managed = build?.managed ?? {};
    const add: Record<string, string> = {};
    const owners: Record<string, FrontendPackageOwner> = {};
    for (const [name, owner] of wanted) {
      if (dependencies[name] === owner.version && managed[name]) continue;
      add[name] = owner.version;
      owners[name] = owner;
    }
    const remove = Object.entries(managed)
      .filter(([name, owner]) => !wanted.has(name) && !busy.has(owner.pluginId) && name in dependencies)
      .map(([name]) => name);
    if (Object.keys(add).length === 0 && remove.length === 0) return;

    const change = JSON.stringify({ add, remove });
    if (this.failed.has(change)) return;
    const jobId = `sync-${createHash('sha256').update(change).digest('hex').slice(0, 16)}`;
    const described = [...Object.entries(add).map(([n, v]) => `+ ${n}@${v}`), ...remove.map(n => `- ${n}`)].join(', ');
    try {
      await frontend.backup(jobId);
      await frontend.apply({ add, remove, owners }, jobId, new AbortController().signal);
      await frontend.dropBackup(jobId);
      this.deps.logger.info(`Built this replica's app with the frontend plugins installed elsewhere (${described}); it serves them after its next restart`);
    } catch (error) {
      this.failed.add(change);
      this.deps.logger.warn(`Could not build this replica's app with the frontend plugins installed elsewhere (${described}): ${error}`);
      await frontend.restore(jobId).catch(e => this.deps.logger.warn(`Could not put this replica's app back: ${e}`));
      await frontend.dropBackup(jobId);
    }
  }

  /**
   * Frontend packages the marketplace built into the app for plugins the
   * database has never heard of: the app's build manifest is the record.
   * Says whether it recorded any.
   */
  private async adopt(build: FrontendBuildManifest | undefined, installations: Installation[], busy: Set<string>): Promise<boolean> {
    const { store, logger } = this.deps;
    const known = new Set(installations.map(i => i.pluginId));
    const byPlugin = new Map<string, Array<[string, FrontendPackageOwner]>>();
    let adoptedAny = false;
    for (const [name, owner] of Object.entries(build?.managed ?? {})) {
      if (known.has(owner.pluginId) || busy.has(owner.pluginId)) continue;
      byPlugin.set(owner.pluginId, [...(byPlugin.get(owner.pluginId) ?? []), [name, owner]]);
    }
    for (const [pluginId, packages] of byPlugin) {
      // A plugin with jobs was uninstalled here: the sync takes it out instead.
      if ((await store.listJobs({ pluginId, limit: 1 })).length > 0) continue;
      const adopted = await store.adoptInstallation({
        pluginId,
        version: packages[0][1].pluginVersion,
        target: 'frontend',
        jobId: packages[0][1].jobId,
        packages: packages.map(([name, owner]) => ({
          name,
          version: owner.version,
          role: owner.role as InstallJobPackage['role'],
          status: 'active',
          digest: owner.digest,
          integrity: owner.integrity,
          tarball: owner.tarball,
        })),
      });
      if (adopted) logger.info(`${pluginId} is built into the app but not in the database: recorded it as installed`);
      adoptedAny ||= adopted;
    }
    return adoptedAny;
  }
}

/** The frontend packages settled installations want in the app, by package name. */
function wantedPackages(installations: Installation[], busy: Set<string>): Map<string, FrontendPackageOwner> {
  const wanted = new Map<string, FrontendPackageOwner>();
  for (const installation of installations) {
    if (installation.target !== 'frontend' || !SETTLED.has(installation.status) || busy.has(installation.pluginId)) continue;
    for (const pkg of installation.packages.filter(p => FRONTEND_ROLES.has(p.role))) {
      wanted.set(pkg.name, {
        pluginId: installation.pluginId,
        pluginVersion: installation.version,
        version: pkg.version,
        role: pkg.role,
        jobId: installation.jobId ?? 'sync',
        digest: pkg.digest,
        integrity: pkg.integrity,
        tarball: pkg.tarball,
      });
    }
  }
  return wanted;
}
