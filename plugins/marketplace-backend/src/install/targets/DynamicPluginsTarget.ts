import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { promises as fs } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { defaultNpmCommand, npmInstallInto, splitDependencies } from './npmInstall';
import { monorepoRoot } from '../monorepoRoot';

/** The file the marketplace writes into each package it puts in the dynamic plugins root. */
export const MARKER_FILE = '.marketplace-install.json';

/**
 * What the marketplace knows of a package in the dynamic plugins root.
 *
 * @public
 */
export interface DynamicPackageMarker {
  pluginId: string;
  name: string;
  version: string;
  /** Hex sha512 of the tarball it came from. */
  digest: string;
  jobId: string;
  /** The plugin's version (the package's may differ). */
  pluginVersion?: string;
  role?: string;
  integrity?: string;
  tarball?: string;
}

function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  );
}

/** `@backstage-community/plugin-todo-backend` → `backstage-community-plugin-todo-backend`. */
export function packageDirName(name: string): string {
  return name.replace(/^@/, '').replace(/\//g, '-');
}

/**
 * Backend plugins and modules as packages in the dynamic plugins root
 * (`dynamicPlugins.rootDirectory`, read by
 * `@backstage/backend-dynamic-feature-service` when the backend starts).
 *
 * A package is prepared beside the root (a copy from the store, its own
 * dependencies installed with npm) and renamed into it in one step, so the
 * loader never sees half a package; the version it replaces is kept until
 * the job is done, for a rollback.
 *
 * @public
 */
export class DynamicPluginsTarget {
  private constructor(
    /** The dynamic plugins root; undefined when the app has none configured. */
    readonly root: string | undefined,
    private readonly backstageRoot: string,
    private readonly npm: { command: string; timeoutMs: number; registry: string; token?: string },
    private readonly logger: LoggerService,
  ) {}

  static fromConfig(
    config: Config,
    options: { logger: LoggerService; registry: string; token?: string; backstageRoot?: string },
  ): DynamicPluginsTarget {
    // Resolved the way the dynamic feature service resolves it: against the monorepo root.
    const backstageRoot = options.backstageRoot ?? monorepoRoot();
    const configured = config.getOptionalString('dynamicPlugins.rootDirectory');
    let root: string | undefined;
    if (configured) root = isAbsolute(configured) ? resolve(configured) : resolve(backstageRoot, configured);
    return new DynamicPluginsTarget(
      root,
      backstageRoot,
      {
        command: config.getOptionalString('marketplace.install.npm.command') ?? defaultNpmCommand(),
        timeoutMs: (config.getOptionalNumber('marketplace.install.npm.timeoutSeconds') ?? 600) * 1000,
        registry: options.registry,
        token: options.token,
      },
      options.logger,
    );
  }

  private requireRoot(): string {
    if (!this.root) {
      throw new Error('dynamicPlugins.rootDirectory is not configured: this app cannot load backend plugins installed at run time');
    }
    return this.root;
  }

  /** Beside the root, on the same file system, and never scanned by the loader. */
  get stagingDir(): string {
    const root = this.requireRoot();
    return join(dirname(root), `.${basename(root)}-staging`);
  }

  /** Creates the staging directory, kept out of git like the root itself. */
  private async ensureStaging(): Promise<string> {
    const dir = this.stagingDir;
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(join(dir, '.gitignore'), '*\n');
    return dir;
  }

  dirFor(name: string): string {
    return join(this.requireRoot(), packageDirName(name));
  }

  async readMarker(dir: string): Promise<DynamicPackageMarker | undefined> {
    try {
      return JSON.parse(await fs.readFile(join(dir, MARKER_FILE), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Every package in the root that the marketplace put there. */
  async listInstalled(): Promise<Array<{ dir: string; marker: DynamicPackageMarker }>> {
    if (!this.root) return [];
    const result = [];
    for (const name of await fs.readdir(this.root).catch(() => [] as string[])) {
      const dir = join(this.root, name);
      const marker = await this.readMarker(dir);
      if (marker) result.push({ dir, marker });
    }
    return result;
  }

  /**
   * Copies a package from the store into the staging directory and installs
   * the dependencies the app does not provide. Returns the staged directory
   * and npm's output.
   */
  async prepare(options: { packageDir: string; marker: DynamicPackageMarker; signal: AbortSignal }): Promise<{ staged: string; output: string }> {
    const { marker } = options;
    await this.ensureStaging();
    const staged = join(this.stagingDir, `${marker.jobId}.${packageDirName(marker.name)}`);
    await fs.rm(staged, { recursive: true, force: true });
    await fs.cp(options.packageDir, staged, { recursive: true, verbatimSymlinks: true });
    const manifest = JSON.parse(await fs.readFile(join(staged, 'package.json'), 'utf8'));
    if (!manifest.main) throw new Error(`${marker.name} has no "main" in package.json: the dynamic plugin loader cannot load it`);
    const { own, shared, warnings } = splitDependencies(manifest.dependencies ?? {}, this.backstageRoot);
    const lines = [
      `Shared with the app: ${Object.keys(shared).join(', ') || 'none'}`,
      `Own dependencies: ${Object.entries(own).map(([n, r]) => `${n}@${r}`).join(', ') || 'none'}`,
      ...warnings,
    ];
    if (Object.keys(own).length > 0) {
      const npmOutput = await npmInstallInto({ dir: staged, dependencies: own, ...this.npm, signal: options.signal });
      if (npmOutput) lines.push(npmOutput);
    }
    await fs.writeFile(join(staged, MARKER_FILE), JSON.stringify(marker, null, 2));
    return { staged, output: lines.join('\n') };
  }

  /** Where the version a job replaces (or removes) waits until the job is done. */
  backupDir(jobId: string, name: string): string {
    return join(this.stagingDir, `${jobId}.${packageDirName(name)}.previous`);
  }

  /**
   * Renames a staged package into the root, the package it replaces out to
   * its backup. Safe to call again after a crash: a package of this job
   * already in place is left as it is.
   */
  async activate(staged: string, marker: DynamicPackageMarker): Promise<'activated' | 'already-active'> {
    const target = this.dirFor(marker.name);
    const current = await this.readMarker(target);
    if (current?.jobId === marker.jobId && current.digest === marker.digest) {
      await fs.rm(staged, { recursive: true, force: true });
      return 'already-active';
    }
    const backup = this.backupDir(marker.jobId, marker.name);
    if (await exists(target)) {
      await this.ensureStaging();
      await fs.rm(backup, { recursive: true, force: true });
      await fs.rename(target, backup);
    }
    await fs.rename(staged, target);
    return 'activated';
  }

  /** Moves a package out of the root to its backup (an uninstall); undone by {@link DynamicPluginsTarget.restore}. */
  async deactivate(name: string, jobId: string): Promise<boolean> {
    const target = this.dirFor(name);
    if (!(await exists(target))) return false;
    await this.ensureStaging();
    const backup = this.backupDir(jobId, name);
    await fs.rm(backup, { recursive: true, force: true });
    await fs.rename(target, backup);
    return true;
  }

  /**
   * Undoes {@link DynamicPluginsTarget.activate} or
   * {@link DynamicPluginsTarget.deactivate} of a job: removes what the job
   * put in the root and puts back what it moved out.
   */
  async restore(name: string, jobId: string): Promise<string> {
    const target = this.dirFor(name);
    const backup = this.backupDir(jobId, name);
    const current = await this.readMarker(target);
    let removed = false;
    if (current?.jobId === jobId) {
      await this.removeDir(target);
      removed = true;
    }
    if (await exists(backup)) {
      if (await exists(target)) await this.removeDir(target);
      await fs.rename(backup, target);
      return `${name}: put back the version that was there before`;
    }
    return removed ? `${name}: removed from the dynamic plugins root` : `${name}: nothing to undo`;
  }

  /** Removes a package of the root (for a replica catching up with an uninstall made elsewhere). */
  async remove(name: string): Promise<void> {
    await this.removeDir(this.dirFor(name));
  }

  /** Drops a job's backups once it is done. */
  async dropBackup(name: string, jobId: string): Promise<void> {
    await fs.rm(this.backupDir(jobId, name), { recursive: true, force: true });
  }

  /**
   * Removes staged copies that no running job is working on: what a killed
   * job left. Backups are kept while their job may still roll back.
   */
  async cleanStaging(isJobFinished: (jobId: string) => Promise<boolean>, running: Set<string>): Promise<string[]> {
    if (!this.root) return [];
    const removed: string[] = [];
    for (const name of await fs.readdir(this.stagingDir).catch(() => [] as string[])) {
      const jobId = name.split('.')[0];
      if (!jobId || running.has(jobId)) continue;
      const isBackup = name.endsWith('.previous');
      if (isBackup && !(await isJobFinished(jobId))) continue;
      await fs.rm(join(this.stagingDir, name), { recursive: true, force: true });
      removed.push(name);
    }
    return removed;
  }

  private async removeDir(dir: string) {
    if (!(await exists(dir))) return;
    // Out of the root first, so the loader never scans half-deleted packages.
    await this.ensureStaging();
    const doomed = join(this.stagingDir, `removed-${Date.now()}-${basename(dir)}`);
    await fs.rename(dir, doomed);
    await fs.rm(doomed, { recursive: true, force: true });
    this.logger.debug(`Removed ${dir}`);
  }
}
