import { ConflictError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  InstallJob,
  InstallJobEvent,
  InstallRequest,
  InstallResponse,
  PluginSpecification,
  RestartStatus,
  UninstallPlan,
} from '@internal/backstage-plugin-marketplace-common';
import { DependencyResolver, PluginUniverse } from '@internal/backstage-plugin-marketplace-node';
import { randomUUID } from 'node:crypto';
import { ConfigurationGenerator } from '../configuration/ConfigurationGenerator';
import { planInstall, validateInstallConfig } from './checkInstallRequest';
import { Installation, InstallJobStore, NewInstallJob } from './InstallJobStore';
import { InstallReconciler } from './InstallReconciler';
import { PROCESS_STARTED_AT } from './processStart';
import { describeReplicas } from './replicas/describeReplicas';
import { ReplicaCoordinator } from './replicas/ReplicaCoordinator';
import { RESTART_TARGETS } from './roles';
import { InstallConfigWriter } from './steps/InstallConfigWriter';
import { targetOf } from './steps/DefaultInstallSteps';

const MAX_DEPENDENTS = 50;

/**
 * What the install routes do: requests become jobs, jobs are read, cancelled
 * and retried, plugins are removed.
 *
 * @public
 */
export interface InstallService {
  install(request: InstallRequest, options: { requestedBy: string }): Promise<InstallResponse>;
  getJob(id: string): Promise<InstallJob>;
  listJobs(query: { batchId?: string; pluginId?: string; limit: number }): Promise<InstallJob[]>;
  listEvents(id: string, afterId?: number): Promise<InstallJobEvent[]>;
  cancel(id: string): Promise<InstallJob>;
  retry(id: string, options: { requestedBy: string }): Promise<InstallJob>;
  removalPlan(pluginId: string): Promise<UninstallPlan>;
  uninstall(pluginId: string, options: { confirm: boolean; requestedBy: string }): Promise<{ plan: UninstallPlan; job: InstallJob }>;
  /** What this process does not serve yet (it takes effect at the next restart), and what each replica runs. */
  restartStatus(): Promise<Omit<RestartStatus, 'supervised'>>;
  /** Asks every replica to restart, one at a time. */
  requestRollingRestart(options: { requestedBy: string }): Promise<Pick<RestartStatus, 'replicas' | 'rolling'>>;
}

/**
 * Turns install requests into jobs from the resolver's plan (one job per
 * plugin the plan installs or changes, each waiting for the jobs of the
 * plugins it needs) and wakes this replica's reconciler to run them.
 *
 * @public
 */
export class DefaultInstallService implements InstallService {
  private constructor(
    private readonly deps: {
      store: InstallJobStore;
      reconciler: InstallReconciler;
      resolver: DependencyResolver;
      universe: PluginUniverse;
      generator: ConfigurationGenerator;
      configWriter: InstallConfigWriter;
      getSpec: (pluginId: string) => Promise<PluginSpecification>;
      /** The replicas sharing the database; without it only this process is described. */
      replicas?: ReplicaCoordinator;
    },
  ) {}

  static create(deps: DefaultInstallService['deps']): DefaultInstallService {
    return new DefaultInstallService(deps);
  }

  async install(request: InstallRequest, options: { requestedBy: string }): Promise<InstallResponse> {
    const { store, resolver, generator } = this.deps;
    await validateInstallConfig(request, generator);
    const plan = await planInstall(request, resolver);
    const changing = plan.plugins.filter(p => p.action !== 'keep');
    const jobs: NewInstallJob[] = [];
    for (const planned of changing) {
      const spec = await this.deps.getSpec(planned.pluginId);
      const packages = plan.packages.filter(p => p.pluginId === planned.pluginId);
      jobs.push({
        pluginId: planned.pluginId,
        action: planned.action === 'install' ? 'install' : 'update',
        version: planned.version,
        fromVersion: planned.fromVersion,
        target: targetOf(spec, packages),
        packages: packages.map(p => ({ name: p.name, version: p.version, role: p.role, status: 'pending' })),
        config: request.config?.[planned.pluginId],
        // The plan lists who needs whom: a plugin waits for the plugins it needs.
        dependsOnPlugins: plan.plugins.filter(p => p.requiredBy.includes(planned.pluginId)).map(p => p.pluginId),
      });
    }
    const batchId = randomUUID();
    const created = jobs.length ? await store.createJobs({ batchId, requestedBy: options.requestedBy, jobs }) : { jobs: [], alreadyInProgress: [] };
    this.deps.reconciler.kick();
    return { batchId, plan, jobs: created.jobs, alreadyInProgress: created.alreadyInProgress };
  }

  async getJob(id: string): Promise<InstallJob> {
    const job = await this.deps.store.getJob(id);
    if (!job) throw new NotFoundError(`No install job ${id}`);
    return job;
  }

  listJobs(query: { batchId?: string; pluginId?: string; limit: number }): Promise<InstallJob[]> {
    return this.deps.store.listJobs(query);
  }

  async listEvents(id: string, afterId?: number): Promise<InstallJobEvent[]> {
    await this.getJob(id);
    return this.deps.store.listEvents(id, afterId);
  }

  async cancel(id: string): Promise<InstallJob> {
    return this.deps.store.requestCancel(id);
  }

  async retry(id: string, options: { requestedBy: string }): Promise<InstallJob> {
    const job = await this.deps.store.retry(id, options.requestedBy);
    this.deps.reconciler.kick();
    return job;
  }

  async removalPlan(pluginId: string): Promise<UninstallPlan> {
    const installation = await this.deps.store.getInstallation(pluginId);
    if (!installation) throw new NotFoundError(`${pluginId} is not installed`);
    const spec = await this.deps.getSpec(pluginId).catch(() => undefined);
    const sections = spec ? await this.deps.configWriter.snapshot(pluginId) : {};
    const configKeys = Object.keys(sections).filter(k => sections[k] !== null);
    const installed = new Set((await this.deps.store.listInstallations()).map(i => i.pluginId));
    const dependents = (await this.deps.universe.getDependents(pluginId, MAX_DEPENDENTS)).filter(id => installed.has(id) && id !== pluginId);
    const dataRemoval = spec?.uninstallation?.dataRemoval ?? 'none';
    const warnings = [...(spec?.uninstallation?.warnings ?? [])];
    if (dataRemoval === 'plugin-database') warnings.push(`${pluginId} keeps data in its own database: it is deleted with the plugin`);
    if (dataRemoval === 'manual') warnings.push(`${pluginId} stores data the marketplace cannot remove: ${(spec?.uninstallation?.steps ?? []).join(' ') || 'see its documentation'}`);
    if (configKeys.length) warnings.push(`Its configuration (${configKeys.join(', ')}) is removed from the managed config`);
    if (installation.target === 'backend') warnings.push('The backend keeps running the plugin until it restarts');
    if (installation.target === 'frontend') warnings.push('The app is built again without it; the backend serves the new app after it restarts');
    return {
      pluginId,
      version: installation.version,
      target: installation.target,
      packages: installation.packages.map(({ name, version, role }) => ({ name, version, role })),
      configKeys,
      dataRemoval,
      warnings,
      dependents,
      confirmRequired: dataRemoval !== 'none',
    };
  }

  async uninstall(pluginId: string, options: { confirm: boolean; requestedBy: string }) {
    const plan = await this.removalPlan(pluginId);
    if (plan.dependents.length > 0) {
      throw new ConflictError(`${plan.dependents.join(', ')} ${plan.dependents.length === 1 ? 'needs' : 'need'} ${pluginId}: uninstall ${plan.dependents.length === 1 ? 'it' : 'them'} first`);
    }
    if (plan.confirmRequired && !options.confirm) {
      throw new ConflictError(`Uninstalling ${pluginId} removes data (${plan.warnings.join('; ')}); send confirm=true to go ahead`);
    }
    const { jobs } = await this.deps.store.createJobs({
      batchId: randomUUID(),
      requestedBy: options.requestedBy,
      jobs: [{ pluginId, action: 'uninstall', target: plan.target, packages: [], dependsOnPlugins: [] }],
    });
    this.deps.reconciler.kick();
    return { plan, job: jobs[0] };
  }

  async restartStatus(): Promise<Omit<RestartStatus, 'supervised'>> {
    const { store } = this.deps;
    const installations = await store.listInstallations();
    const waiting: RestartStatus['waiting'] = installations
      .filter(i => i.status === 'pending-restart')
      .map(i => ({
        pluginId: i.pluginId,
        action: 'install',
        target: i.target ?? 'backend',
        message: `${i.pluginId} ${i.version} ${i.target === 'frontend' ? 'shows in the app' : 'loads'} after the restart`,
      }));
    const installed = new Set(installations.map(i => i.pluginId));
    const seen = new Set(waiting.map(w => w.pluginId));
    for (const job of await store.listJobs({ limit: 200 })) {
      const finished = job.finishedAt ? new Date(job.finishedAt) : undefined;
      if (job.action !== 'uninstall' || job.state !== 'done' || !finished || finished < PROCESS_STARTED_AT) continue;
      if (!RESTART_TARGETS.has(job.target ?? '') || installed.has(job.pluginId) || seen.has(job.pluginId)) continue;
      seen.add(job.pluginId);
      waiting.push({
        pluginId: job.pluginId,
        action: 'uninstall',
        target: job.target!,
        message: `${job.pluginId} is removed; the running ${job.target === 'frontend' ? 'app shows' : 'backend runs'} it until the restart`,
      });
    }
    return { startedAt: PROCESS_STARTED_AT.toISOString(), waiting, ...(await this.describeReplicas(installations)) };
  }

  async requestRollingRestart(options: { requestedBy: string }): Promise<Pick<RestartStatus, 'replicas' | 'rolling'>> {
    const { replicas } = this.deps;
    if (!replicas) throw new ServiceUnavailableError('This backend does not coordinate replicas; restart each one yourself');
    await replicas.requestRollingRestart(options.requestedBy);
    return this.describeReplicas(await this.deps.store.listInstallations());
  }

  private async describeReplicas(installations: Installation[]): Promise<Pick<RestartStatus, 'replicas' | 'rolling'>> {
    const { replicas } = this.deps;
    if (!replicas) return { replicas: [] };
    const [records, request] = await Promise.all([replicas.replicas(), replicas.latestRestartRequest()]);
    return describeReplicas({ replicas: records, installations, selfId: replicas.id, request });
  }
}
