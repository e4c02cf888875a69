import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { runCommand } from './runCommand';

/**
 * Which of a package's dependencies the plugin must bring itself. The
 * dynamic plugin loader resolves a plugin's imports from its own
 * `node_modules` first and then from the app's root `node_modules`, so
 * whatever the app has at the root at a fitting version is shared; the
 * Backstage framework packages (`@backstage/*`) are always taken from the
 * app, as service references and extension points must be the app's own.
 *
 * @public
 */
export function splitDependencies(
  dependencies: Record<string, string>,
  backstageRoot: string,
): { shared: Record<string, string>; own: Record<string, string>; warnings: string[] } {
  const shared: Record<string, string> = {};
  const own: Record<string, string> = {};
  const warnings: string[] = [];
  for (const [name, range] of Object.entries(dependencies)) {
    const hostVersion = readHostVersion(backstageRoot, name);
    if (hostVersion && name.startsWith('@backstage/')) {
      shared[name] = hostVersion;
      if (semver.validRange(range) && !semver.satisfies(hostVersion, range, { includePrerelease: true })) {
        warnings.push(`${name}: the plugin asks for ${range}, the app has ${hostVersion} (the app's is used)`);
      }
    } else if (hostVersion && semver.validRange(range) && semver.satisfies(hostVersion, range, { includePrerelease: true })) {
      shared[name] = hostVersion;
    } else {
      own[name] = range;
    }
  }
  return { shared, own, warnings };
}

function readHostVersion(backstageRoot: string, name: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(backstageRoot, 'node_modules', name, 'package.json'), 'utf8'));
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** The npm that came with the running node, else `npm` on the PATH. */
export function defaultNpmCommand(): string {
  const beside = join(dirname(process.execPath), 'npm');
  return existsSync(beside) ? beside : 'npm';
}

/**
 * Installs `dependencies` into `dir/node_modules` with npm, from the given
 * registry (with its token in a temporary user config, never on the command
 * line): production dependencies only, no lifecycle scripts, no lockfile.
 * The package's own package.json is put back as it was afterwards.
 *
 * @public
 */
export async function npmInstallInto(options: {
  dir: string;
  dependencies: Record<string, string>;
  registry: string;
  token?: string;
  command: string;
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<string> {
  const { dir, registry, token } = options;
  const manifestPath = join(dir, 'package.json');
  const original = await fs.readFile(manifestPath, 'utf8');
  const manifest = JSON.parse(original);
  const userConfig = join(dir, '..', `.${process.pid}.${Date.now()}.npmrc`);
  const registryUrl = new URL(registry.endsWith('/') ? registry : `${registry}/`);
  const lines = [`registry=${registryUrl.href}`];
  if (token) lines.push(`//${registryUrl.host}${registryUrl.pathname}:_authToken=${token}`);
  await fs.writeFile(userConfig, `${lines.join('\n')}\n`, { mode: 0o600 });
  try {
    await fs.writeFile(
      manifestPath,
      JSON.stringify({ name: manifest.name, version: manifest.version, private: true, dependencies: options.dependencies }, null, 2),
    );
    return await runCommand(
      options.command,
      ['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--no-save', '--userconfig', userConfig],
      {
        cwd: dir,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        env: { ...process.env, npm_config_update_notifier: 'false', npm_config_loglevel: 'warn' },
        label: 'npm install',
      },
    );
  } finally {
    await fs.writeFile(manifestPath, original);
    await fs.rm(userConfig, { force: true });
  }
}
