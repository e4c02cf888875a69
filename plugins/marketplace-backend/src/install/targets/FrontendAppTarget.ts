import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { promises as fs, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { runCommand } from './runCommand';
import { monorepoRoot } from '../monorepoRoot';

/** Written into the app's `dist/` after each build the marketplace makes: which packages the bundle holds. */
export const BUILD_MANIFEST = '.marketplace-build.json';

/** In a job's backup while its `yarn install` and build run: they have not finished. */
const UNFINISHED = 'unfinished';
/** In a job's backup: the process group of the yarn it runs, so that a later start can stop what a killed one left running. */
const YARN_PID = 'yarn.pid';

/**
 * What a bundle the marketplace built holds.
 *
 * @public
 */
export interface FrontendBuildManifest {
  builtAt: string;
  jobId: string;
  /** The app's dependencies when it was built (name → range as in package.json). */
  dependencies: Record<string, string>;
  /**
   * The packages the marketplace put into the app, and for which plugin: the
   * record a backend whose database was lost (SQLite in memory) adopts them from.
   */
  managed?: Record<string, FrontendPackageOwner>;
}

/**
 * The plugins a build holds, by id, at their plugin version: those with
 * every package of theirs in the build at the version installed for them.
 */
export function pluginsInBuild(build: FrontendBuildManifest | undefined): Record<string, string> {
  const plugins: Record<string, string> = {};
  const incomplete = new Set<string>();
  for (const [name, owner] of Object.entries(build?.managed ?? {})) {
    if (build?.dependencies[name] === owner.version) plugins[owner.pluginId] = owner.pluginVersion;
    else incomplete.add(owner.pluginId);
  }
  for (const pluginId of incomplete) delete plugins[pluginId];
  return plugins;
}

/**
 * Which plugin a package of the app was installed for.
 *
 * @public
 */
export interface FrontendPackageOwner {
  pluginId: string;
  pluginVersion: string;
  version: string;
  role: string;
  jobId: string;
  digest?: string;
  integrity?: string;
  tarball?: string;
}

/**
 * A change to the app's package set: packages to add (or move to another
 * version) and packages to take out.
 *
 * @public
 */
export interface AppPackageChange {
  add: Record<string, string>;
  remove: string[];
  /** Whom the added packages belong to, for the build manifest. */
  owners?: Record<string, FrontendPackageOwner>;
}

async function exists(path: string): Promise<boolean> {
  return fs.stat(path).then(
    () => true,
    () => false,
  );
}

/** Writes a file whole or not at all: a temporary file beside it, flushed, renamed over it. */
async function writeAtomically(path: string, content: string) {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, path);
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  // Keys are unique: no two compare equal.
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Frontend plugins as packages of the app (`packages/app/package.json`),
 * picked up by the app's feature discovery (`app.packages: all`) when the
 * bundle is built. A change edits the app's dependencies, runs `yarn
 * install` against the marketplace's registry and builds the app again; the
 * backend serves the new bundle after its next restart (until then the app
 * backend keeps serving the bundle it started with, and its static asset
 * cache keeps the old chunks available).
 *
 * Before a job changes anything, the app's package.json and yarn.lock are
 * copied aside; a rollback (also after a crash) puts them back and builds
 * again. One change at a time runs on a machine.
 *
 * @public
 */
export class FrontendAppTarget {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    /** The app package's directory (holds package.json; the bundle goes to dist/). */
    readonly appDir: string,
    private readonly root: string,
    private readonly yarn: { command: string; timeoutMs: number; registry: string; token?: string },
    private readonly logger: LoggerService,
  ) {}

  static fromConfig(
    config: Config,
    options: { logger: LoggerService; registry: string; token?: string; backstageRoot?: string },
  ): FrontendAppTarget {
    const root = options.backstageRoot ?? monorepoRoot();
    const configured = config.getOptionalString('marketplace.install.frontend.appDirectory') ?? 'packages/app';
    return new FrontendAppTarget(
      isAbsolute(configured) ? configured : resolve(root, configured),
      root,
      {
        command: config.getOptionalString('marketplace.install.frontend.yarnCommand') ?? 'yarn',
        timeoutMs: (config.getOptionalNumber('marketplace.install.frontend.timeoutSeconds') ?? 900) * 1000,
        registry: options.registry,
        token: options.token,
      },
      options.logger,
    );
  }

  private get manifestPath() {
    return join(this.appDir, 'package.json');
  }

  private get lockfilePath() {
    return join(this.root, 'yarn.lock');
  }

  /** Beside the sources, kept out of git; holds each job's copy of package.json and yarn.lock. */
  get stagingDir(): string {
    return join(this.root, '.marketplace-frontend-staging');
  }

  private backupDir(jobId: string) {
    return join(this.stagingDir, jobId);
  }

  /** Why this machine cannot rebuild the app (a deployed image without the sources), or undefined when it can. */
  async unavailableReason(): Promise<string | undefined> {
    if (!(await exists(this.manifestPath))) {
      return `the app's sources are not on this machine (no ${this.manifestPath}): export the install as a change and deploy it instead`;
    }
    if (!(await exists(join(this.appDir, 'src')))) {
      // A deployed image holds the app's package.json (for its dependencies) but not its sources.
      return `the app's sources are not on this machine (no ${join(this.appDir, 'src')}): export the install as a change and deploy it instead`;
    }
    if (!(await exists(this.lockfilePath))) return `no yarn.lock at ${this.root}: the app is not a yarn monorepo`;
    return undefined;
  }

  async readDependencies(): Promise<Record<string, string>> {
    const manifest = JSON.parse(await fs.readFile(this.manifestPath, 'utf8'));
    return manifest.dependencies ?? {};
  }

  /** The packages of the bundle in `dist/`, when the marketplace built it. */
  async readBuild(): Promise<FrontendBuildManifest | undefined> {
    try {
      return JSON.parse(await fs.readFile(join(this.appDir, 'dist', BUILD_MANIFEST), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /**
   * Copies package.json, yarn.lock and the build manifest aside for a job,
   * once: running it again (a resumed job) keeps the copy taken before the
   * job changed anything.
   */
  async backup(jobId: string): Promise<void> {
    const dir = this.backupDir(jobId);
    if (await exists(join(dir, 'complete'))) return;
    await fs.mkdir(this.stagingDir, { recursive: true });
    await fs.writeFile(join(this.stagingDir, '.gitignore'), '*\n');
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    await fs.copyFile(this.manifestPath, join(dir, 'package.json'));
    await fs.copyFile(this.lockfilePath, join(dir, 'yarn.lock'));
    const build = await this.readBuild();
    if (build) await fs.writeFile(join(dir, 'build.json'), JSON.stringify(build));
    await fs.writeFile(join(dir, 'complete'), '');
  }

  /** The build manifest as it was before the job (see backup), when there was one. */
  private async readSavedBuild(jobId: string): Promise<FrontendBuildManifest | undefined> {
    try {
      return JSON.parse(await fs.readFile(join(this.backupDir(jobId), 'build.json'), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /**
   * Changes the app's package set, installs and builds. Safe to run again
   * after a crash: the edit is idempotent and install and build start over.
   */
  apply(change: AppPackageChange, jobId: string, signal: AbortSignal, progress?: (message: string) => Promise<void>): Promise<string> {
    return this.serialized(async () => {
      const original = await fs.readFile(this.manifestPath, 'utf8');
      const manifest = JSON.parse(original);
      const dependencies: Record<string, string> = { ...(manifest.dependencies ?? {}), ...change.add };
      for (const name of change.remove) delete dependencies[name];
      manifest.dependencies = sortKeys(dependencies);
      const next = `${JSON.stringify(manifest, null, 2)}\n`;
      if (next !== original) await writeAtomically(this.manifestPath, next);
      const described = [
        ...Object.entries(change.add).map(([name, version]) => `+ ${name}@${version}`),
        ...change.remove.map(name => `- ${name}`),
      ].join(', ');
      await progress?.(`The app's package.json: ${described}`);
      // A build that failed or was killed emptied dist/ and its manifest with it: the copy from before the job says whose packages the app held.
      const previous = (await this.readBuild()) ?? (await this.readSavedBuild(jobId));
      return this.installAndBuild(jobId, signal, previous, progress, change);
    });
  }

  /**
   * Puts back the app's package.json and yarn.lock as they were before the
   * job, and installs and builds again if they had changed.
   */
  restore(jobId: string, signal: AbortSignal = new AbortController().signal): Promise<string> {
    return this.serialized(async () => {
      const dir = this.backupDir(jobId);
      if (!(await exists(join(dir, 'complete')))) return 'The app was not changed: nothing to undo';
      const [savedManifest, savedLock, manifest, lock] = await Promise.all([
        fs.readFile(join(dir, 'package.json'), 'utf8'),
        fs.readFile(join(dir, 'yarn.lock'), 'utf8'),
        fs.readFile(this.manifestPath, 'utf8'),
        fs.readFile(this.lockfilePath, 'utf8'),
      ]);
      const build = await this.readBuild();
      const builtBefore = build && JSON.stringify(build.dependencies) === JSON.stringify(JSON.parse(savedManifest).dependencies ?? {});
      // Files as they were do not mean a whole app: an install and build of this job (a rollback's own, killed) may have stopped halfway.
      const unfinished = await exists(join(dir, UNFINISHED));
      if (savedManifest === manifest && savedLock === lock && builtBefore !== false && !unfinished) {
        return "The app's package.json and yarn.lock are as they were: nothing to undo";
      }
      await writeAtomically(this.lockfilePath, savedLock);
      await writeAtomically(this.manifestPath, savedManifest);
      // Whose packages the app held is also as before the job.
      const output = await this.installAndBuild(jobId, signal, (await this.readSavedBuild(jobId)) ?? build);
      return `Put back the app's package.json and yarn.lock and built the app again\n${output}`;
    });
  }

  async dropBackup(jobId: string): Promise<void> {
    await fs.rm(this.backupDir(jobId), { recursive: true, force: true });
  }

  /** Removes the copies of jobs that are finished (what killed jobs left). */
  async cleanStaging(isJobFinished: (jobId: string) => Promise<boolean>, running: Set<string>): Promise<string[]> {
    const removed: string[] = [];
    for (const name of await fs.readdir(this.stagingDir).catch(() => [] as string[])) {
      if (name.startsWith('.') || running.has(name) || !(await isJobFinished(name))) continue;
      await fs.rm(join(this.stagingDir, name), { recursive: true, force: true });
      removed.push(`frontend backup ${name}`);
    }
    return removed;
  }

  /** `previous` is the build manifest before this change: whose packages the app held. */
  private async installAndBuild(
    jobId: string,
    signal: AbortSignal,
    previous: FrontendBuildManifest | undefined,
    progress?: (message: string) => Promise<void>,
    change?: AppPackageChange,
  ): Promise<string> {
    // Until the new build manifest is written, node_modules and dist/ may be half done; a rollback reads this.
    const unfinished = join(this.backupDir(jobId), UNFINISHED);
    if (await exists(join(this.backupDir(jobId), 'complete'))) await fs.writeFile(unfinished, '');
    // A yarn that a killed backend left running would race this one over node_modules and dist/.
    await this.stopLeftoverYarn();
    await fs.mkdir(this.backupDir(jobId), { recursive: true });
    const pidFile = join(this.backupDir(jobId), YARN_PID);
    const running = { processGroup: true, onSpawn: (pid: number) => writeFileSync(pidFile, String(pid)) };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // The lockfile changes on purpose (CI=true would make yarn refuse that).
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
      YARN_ENABLE_PROGRESS_BARS: 'false',
      YARN_NPM_REGISTRY_SERVER: this.yarn.registry.replace(/\/$/, ''),
      ...(this.yarn.token ? { YARN_NPM_AUTH_TOKEN: this.yarn.token } : {}),
    };
    const started = Date.now();
    const install = await runCommand(this.yarn.command, ['install'], {
      cwd: this.root,
      env,
      signal,
      timeoutMs: this.yarn.timeoutMs,
      label: 'yarn install',
      ...running,
    });
    const installed = Date.now();
    await progress?.(`yarn install finished in ${((installed - started) / 1000).toFixed(1)} s`);
    const build = await runCommand(this.yarn.command, ['run', 'build'], {
      cwd: this.appDir,
      env: { ...env, NODE_ENV: 'production' },
      signal,
      timeoutMs: this.yarn.timeoutMs,
      label: 'the app build',
      ...running,
    });
    await fs.rm(pidFile, { force: true });
    const dependencies = await this.readDependencies();
    // What the marketplace put there: kept while the package is in the app, plus this change's.
    const managed = Object.fromEntries(
      Object.entries({ ...previous?.managed, ...change?.owners }).filter(
        ([name]) => name in dependencies && !change?.remove.includes(name),
      ),
    );
    const manifest: FrontendBuildManifest = { builtAt: new Date().toISOString(), jobId, dependencies, managed };
    await writeAtomically(join(this.appDir, 'dist', BUILD_MANIFEST), JSON.stringify(manifest, null, 2));
    await fs.rm(unfinished, { force: true });
    await progress?.(`The app was built in ${((Date.now() - installed) / 1000).toFixed(1)} s`);
    this.logger.info(`Rebuilt the app for install job ${jobId}`);
    return [tail(install, 'yarn install'), tail(build, 'build')].join('\n\n');
  }

  /**
   * Stops the yarn (with everything it started) of any job whose pid file is
   * left: in this process changes run one at a time, so a yarn still running
   * was started by a backend that was killed. A pid is only trusted while
   * its process still works in this app's directories (pids are reused).
   */
  private async stopLeftoverYarn(): Promise<void> {
    for (const name of await fs.readdir(this.stagingDir).catch(() => [] as string[])) {
      const pidFile = join(this.stagingDir, name, YARN_PID);
      const pid = Number(await fs.readFile(pidFile, 'utf8').catch(() => ''));
      if (!pid) continue;
      if (await this.worksHere(pid)) {
        this.logger.warn(`Stopping yarn (process group ${pid}) left running by an earlier start of the backend`);
        await stopGroup(pid);
      }
      await fs.rm(pidFile, { force: true });
    }
  }

  private async worksHere(pid: number): Promise<boolean> {
    const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => undefined);
    return cwd === this.root || cwd === this.appDir;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to a process group, SIGKILL after 10 s if it is still there. */
async function stopGroup(pid: number) {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise(r => setTimeout(r, 100));
  if (alive(pid)) process.kill(-pid, 'SIGKILL');
}

function tail(output: string, label: string): string {
  const lines = output.split('\n').filter(Boolean);
  return `${label}:\n${lines.slice(-15).join('\n')}`;
}
