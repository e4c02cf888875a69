import { LoggerService } from '@backstage/backend-plugin-api';
import {
  InstallJob,
  InstallJobPackage,
  InstallStep,
  InstallTarget,
  PluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import { PluginSandbox, SandboxPluginDefinition } from '@internal/backstage-plugin-marketplace-node';
import { ContentStore } from '../download/ContentStore';
import { Installation, UndoEntry } from '../InstallJobStore';
import { InstallSteps, PackageStepError, StepContext, StepOutcome } from '../InstallSteps';
import { DynamicPluginsTarget } from '../targets/DynamicPluginsTarget';
import { FrontendAppTarget } from '../targets/FrontendAppTarget';
import { InstallConfigWriter, SectionSnapshot } from './InstallConfigWriter';
import { PackageSteps } from './packageSteps';
import { BACKEND_ROLES, FRONTEND_ROLES } from '../roles';

/** What a removal leaves until the backend restarts, by target. */
const REMOVED_UNTIL_RESTART: Record<string, string> = {
  backend: '; restart the backend to unload it',
  frontend: ' from the app; restart the backend to serve the app without it',
};

/** The install target of a plugin, from how its specification says it installs and its packages' roles. */
export function targetOf(spec: PluginSpecification, packages: Array<{ role: string }>): InstallTarget {
  if (spec.installation.method === 'sandbox') return 'sandbox';
  if (spec.installation.method === 'manual') return 'manual';
  if (packages.some(p => BACKEND_ROLES.has(p.role))) return 'backend';
  if (packages.some(p => FRONTEND_ROLES.has(p.role))) return 'frontend';
  return 'manual';
}

/**
 * Everything the steps work with.
 *
 * @public
 */
export interface InstallStepsDeps {
  getSpec(pluginId: string): Promise<PluginSpecification>;
  getInstallation(pluginId: string): Promise<Installation | undefined>;
  /** Whether an installation or an unfinished job other than `jobId` uses a package of the store. */
  digestInUse(digest: string, jobId: string): Promise<boolean>;
  packages: PackageSteps;
  store: ContentStore;
  backend: DynamicPluginsTarget;
  frontend: FrontendAppTarget;
  config: InstallConfigWriter;
  sandbox: PluginSandbox;
  sandboxDefinitions: { get(pluginId: string): Promise<SandboxPluginDefinition | undefined> };
  logger: LoggerService;
}

/**
 * The steps of installing, updating and removing plugins, for every target:
 * npm packages into the store, backend packages into the dynamic plugins
 * root (live after a restart), frontend packages into the app's package set
 * and a new bundle (served after a restart), sandboxed plugins started at
 * once, and the plugin's config through the managed config.
 *
 * @public
 */
export class DefaultInstallSteps implements InstallSteps {
  private constructor(private readonly deps: InstallStepsDeps) {}

  static create(deps: InstallStepsDeps): DefaultInstallSteps {
    return new DefaultInstallSteps(deps);
  }

  async run(step: InstallStep, context: StepContext): Promise<StepOutcome> {
    const { job } = context;
    if (job.action === 'uninstall') return this.runUninstall(step, context);
    const npm = job.target === undefined || job.target === 'backend' || job.target === 'frontend';
    switch (step) {
      case 'resolving':
        return this.resolve(context);
      case 'downloading':
        return npm && job.packages.length ? this.deps.packages.download(context) : nothingFor(job, step);
      case 'verifying':
        return npm && job.packages.length ? this.deps.packages.verify(context) : nothingFor(job, step);
      case 'extracting':
        return npm && job.packages.length ? this.deps.packages.extract(context) : nothingFor(job, step);
      case 'configuring':
        return this.configure(context);
      case 'activating':
        return this.activate(context);
      default:
        throw new Error(`Unknown step ${step}`);
    }
  }

  private async resolve(context: StepContext): Promise<StepOutcome> {
    const { job } = context;
    const spec = await this.deps.getSpec(job.pluginId);
    const target = targetOf(spec, job.packages);
    await context.setTarget(target);
    if (target === 'sandbox') {
      if (!(await this.deps.sandboxDefinitions.get(job.pluginId))) {
        throw new Error(`${job.pluginId} installs into the sandbox, but its bundle is not available to this backend`);
      }
      await context.setPackages([]);
      return { message: `${spec.name} runs in the sandbox: nothing to download` };
    }
    if (target === 'manual') {
      await context.setPackages([]);
      return { message: `${spec.name} is installed by hand`, output: (spec.installation.steps ?? []).join('\n') || undefined };
    }
    if (target === 'frontend') {
      const reason = await this.deps.frontend.unavailableReason();
      if (reason) throw new Error(`${spec.name} is a frontend plugin, and this backend cannot rebuild the app: ${reason}`);
    }
    const outcome = await this.deps.packages.resolve(context);
    return { ...outcome, message: `${outcome.message}; target: ${target}` };
  }

  private async configure(context: StepContext): Promise<StepOutcome> {
    const { job, config } = context;
    if (!config) return { message: 'No configuration given', skipped: true };
    const before = await this.deps.config.snapshot(job.pluginId);
    await context.recordUndo({ kind: 'config', pluginId: job.pluginId, sections: before });
    const saved = await this.deps.config.apply(job.pluginId, config, job.requestedBy, `Configured ${job.pluginId} ${job.version} (install job ${job.id})`);
    return saved.changed
      ? { message: `Wrote the configuration of ${job.pluginId}: managed config revision ${saved.revision}` }
      : { message: `The managed config already holds this configuration (revision ${saved.revision})`, skipped: true };
  }

  private async activate(context: StepContext): Promise<StepOutcome> {
    const { job } = context;
    switch (job.target) {
      case 'sandbox': {
        const definition = (await this.deps.sandboxDefinitions.get(job.pluginId))!;
        await context.recordUndo({ kind: 'sandbox-start', pluginId: job.pluginId });
        const health = await this.deps.sandbox.startPlugin(definition);
        if (health.state !== 'running') throw new Error(`${job.pluginId} did not start in the sandbox: ${health.reason ?? health.state}`);
        return { message: `${job.pluginId} is running in the sandbox` };
      }
      case 'backend':
        return this.activateBackend(context);
      case 'frontend':
        return this.activateFrontend(context);
      default:
        return { message: 'Recorded as installed; nothing to activate', skipped: true };
    }
  }

  private async activateBackend(context: StepContext): Promise<StepOutcome> {
    const { job } = context;
    const packages = [...job.packages];
    const outputs: string[] = [];
    for (const [index, pkg] of packages.entries()) {
      if (!BACKEND_ROLES.has(pkg.role)) {
        packages[index] = { ...pkg, status: 'stored' };
        continue;
      }
      const marker = {
        pluginId: job.pluginId,
        pluginVersion: job.version,
        name: pkg.name,
        version: pkg.version,
        role: pkg.role,
        digest: pkg.digest!,
        integrity: pkg.integrity,
        tarball: pkg.tarball,
        jobId: job.id,
      };
      try {
        const { staged, output } = await this.deps.backend.prepare({ packageDir: this.deps.store.packageDir(pkg.digest!), marker, signal: context.signal });
        outputs.push(`${pkg.name}:\n${output}`);
        await context.recordUndo({ kind: 'dynamic-plugin', name: pkg.name, jobId: job.id });
        const result = await this.deps.backend.activate(staged, marker);
        await context.progress({ message: `${pkg.name}@${pkg.version} ${result === 'activated' ? 'put into' : 'already in'} the dynamic plugins root`, package: pkg.name });
        packages[index] = { ...pkg, status: 'active' };
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason;
        packages[index] = { ...pkg, status: 'failed', error: String((error as Error).message ?? error) };
        await context.setPackages(packages);
        throw new PackageStepError(pkg.name, `${pkg.name}@${pkg.version}: ${(error as Error).message ?? error}`);
      }
    }
    await context.setPackages(packages);
    return { message: `${job.pluginId} ${job.version} is in the dynamic plugins root: it loads when the backend restarts`, output: outputs.join('\n\n') };
  }

  /** Adds the plugin's frontend packages to the app and builds it; the other packages come along as their dependencies. */
  private async activateFrontend(context: StepContext): Promise<StepOutcome> {
    const { job } = context;
    const frontendPackages = job.packages.filter(p => FRONTEND_ROLES.has(p.role));
    const add = Object.fromEntries(frontendPackages.map(p => [p.name, p.version]));
    const owners = Object.fromEntries(
      frontendPackages.map(p => [
        p.name,
        { pluginId: job.pluginId, pluginVersion: job.version ?? p.version, version: p.version, role: p.role, jobId: job.id, digest: p.digest, integrity: p.integrity, tarball: p.tarball },
      ]),
    );
    await context.recordUndo({ kind: 'frontend-app', jobId: job.id });
    await this.deps.frontend.backup(job.id);
    let output: string;
    try {
      output = await this.deps.frontend.apply({ add, remove: [], owners }, job.id, context.signal, message => context.progress({ message }));
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason;
      const names = frontendPackages.map(p => p.name);
      await context.setPackages(job.packages.map(p => (names.includes(p.name) ? { ...p, status: 'failed' as const, error: String((error as Error).message) } : p)));
      throw new PackageStepError(names.join(', '), `Adding ${names.join(', ')} to the app failed: ${(error as Error).message}`);
    }
    await context.setPackages(job.packages.map(p => ({ ...p, status: FRONTEND_ROLES.has(p.role) ? ('active' as const) : ('stored' as const) })));
    return {
      message: `${Object.keys(add).join(', ')} added to the app and the app built again: the backend serves it after its next restart`,
      output,
    };
  }

  private async runUninstall(step: InstallStep, context: StepContext): Promise<StepOutcome> {
    const { job } = context;
    if (step === 'resolving') {
      const installation = await this.deps.getInstallation(job.pluginId);
      if (!installation) throw new Error(`${job.pluginId} is not installed`);
      await context.setTarget(installation.target ?? 'manual');
      await context.setPackages(installation.packages.map((p): InstallJobPackage => ({ ...p, error: undefined })));
      const names = installation.packages.map(p => p.name);
      return { message: `Removing ${job.pluginId} ${installation.version}${names.length ? `: ${names.join(', ')}` : ''}` };
    }
    if (step === 'configuring') {
      const before = await this.deps.config.snapshot(job.pluginId);
      const present = Object.keys(before).filter(k => before[k] !== null);
      if (present.length === 0) return { message: `${job.pluginId} has nothing in the managed config`, skipped: true };
      await context.recordUndo({ kind: 'config', pluginId: job.pluginId, sections: before });
      const empty = Object.fromEntries(present.map(k => [k, null]));
      const saved = await this.deps.config.restore(empty, job.requestedBy, `Removed the configuration of ${job.pluginId} (uninstall job ${job.id})`);
      return { message: `Removed ${present.join(', ')} from the managed config (revision ${saved.revision})` };
    }
    if (step === 'activating') {
      if (job.target === 'sandbox') {
        await context.recordUndo({ kind: 'sandbox-stop', pluginId: job.pluginId });
        await this.deps.sandbox.stopPlugin(job.pluginId).catch(() => undefined);
        // Last and not undone: the person removing it confirmed that its data goes.
        const definition = await this.deps.sandboxDefinitions.get(job.pluginId);
        if (definition?.spec.uninstallation?.dataRemoval === 'plugin-database') {
          await this.deps.sandbox.deletePluginData(job.pluginId);
          return { message: `${job.pluginId} stopped in the sandbox and its stored data deleted` };
        }
        return { message: `${job.pluginId} stopped in the sandbox` };
      }
      if (job.target === 'backend') {
        const removed: string[] = [];
        for (const pkg of job.packages.filter(p => BACKEND_ROLES.has(p.role))) {
          await context.recordUndo({ kind: 'dynamic-plugin', name: pkg.name, jobId: job.id });
          if (await this.deps.backend.deactivate(pkg.name, job.id)) removed.push(pkg.name);
        }
        await context.setPackages(job.packages.map(p => ({ ...p, status: 'removed' as const })));
        return { message: `Removed ${removed.join(', ') || 'nothing'} from the dynamic plugins root; the plugin unloads when the backend restarts` };
      }
      if (job.target === 'frontend') {
        const names = job.packages.filter(p => FRONTEND_ROLES.has(p.role)).map(p => p.name);
        await context.recordUndo({ kind: 'frontend-app', jobId: job.id });
        await this.deps.frontend.backup(job.id);
        const output = await this.deps.frontend.apply({ add: {}, remove: names }, job.id, context.signal, message => context.progress({ message }));
        await context.setPackages(job.packages.map(p => ({ ...p, status: 'removed' as const })));
        return { message: `Removed ${names.join(', ')} from the app and built it again: the backend serves it without them after its next restart`, output };
      }
      return { message: 'Nothing to deactivate', skipped: true };
    }
    return nothingFor(job, step);
  }

  async undo(entry: UndoEntry, context: { job: InstallJob }): Promise<string> {
    const { job } = context;
    switch (entry.kind) {
      case 'store-package': {
        const digest = String(entry.digest);
        if (await this.deps.digestInUse(digest, job.id)) return `Kept ${digest.slice(0, 12)}… in the store: another installation uses it`;
        await this.deps.store.removePackage(digest);
        return `Removed ${digest.slice(0, 12)}… from the store`;
      }
      case 'config': {
        const saved = await this.deps.config.restore(
          entry.sections as SectionSnapshot,
          job.requestedBy,
          `Rolled back the configuration of ${job.pluginId} (${job.action} job ${job.id})`,
        );
        return saved.changed ? `Put the configuration of ${job.pluginId} back (revision ${saved.revision})` : `The configuration of ${job.pluginId} was unchanged`;
      }
      case 'dynamic-plugin':
        return this.deps.backend.restore(String(entry.name), String(entry.jobId));
      case 'frontend-app':
        return this.deps.frontend.restore(String(entry.jobId));
      case 'sandbox-start':
        await this.deps.sandbox.stopPlugin(job.pluginId).catch(() => undefined);
        return `Stopped ${job.pluginId} in the sandbox`;
      case 'sandbox-stop': {
        const definition = await this.deps.sandboxDefinitions.get(job.pluginId);
        if (definition) await this.deps.sandbox.startPlugin(definition);
        return `Started ${job.pluginId} in the sandbox again`;
      }
      default:
        throw new Error(`Unknown undo record ${entry.kind}`);
    }
  }

  async afterDone(_job: InstallJob, undo: UndoEntry[]): Promise<void> {
    for (const entry of undo) {
      if (entry.kind === 'dynamic-plugin') await this.deps.backend.dropBackup(String(entry.name), String(entry.jobId));
      if (entry.kind === 'frontend-app') await this.deps.frontend.dropBackup(String(entry.jobId));
    }
  }

  result(job: InstallJob): { status: NonNullable<InstallJob['result']>['status']; message: string } {
    if (job.action === 'uninstall') {
      return {
        status: 'removed',
        message: `${job.pluginId} is removed${REMOVED_UNTIL_RESTART[job.target ?? ''] ?? ''}`,
      };
    }
    switch (job.target) {
      case 'backend':
        return { status: 'pending-restart', message: `${job.pluginId} ${job.version} is installed; it loads when the backend restarts` };
      case 'frontend':
        return { status: 'pending-restart', message: `${job.pluginId} ${job.version} is built into the app; it shows after the backend restarts` };
      case 'sandbox':
        return { status: 'installed', message: `${job.pluginId} ${job.version} is running` };
      default:
        return { status: 'installed', message: `${job.pluginId} ${job.version} is recorded as installed` };
    }
  }
}

function nothingFor(job: InstallJob, step: InstallStep): StepOutcome {
  return { message: `Nothing to do in ${step} for ${job.action === 'uninstall' ? 'an uninstall' : `a ${job.target ?? 'plugin'} target`}`, skipped: true };
}
