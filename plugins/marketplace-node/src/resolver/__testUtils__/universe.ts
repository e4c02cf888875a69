import { InMemoryPluginUniverse } from '../InMemoryPluginUniverse';
import { UniverseDependency, UniversePlugin } from '../types';

/** One release in a test universe: dependencies by plugin id, ranges on that plugin's package. */
export interface ReleaseSpec {
  deps?: Record<string, string>;
  peers?: Record<string, string>;
  /** npm dependencies outside the marketplace, name → range. */
  external?: Record<string, string>;
  externalPeers?: Record<string, string>;
  backstage?: string;
  deprecated?: string;
  packageVersions?: Record<string, string>;
}

/** The npm package of a test plugin. */
export function packageOf(id: string) {
  return `@test/plugin-${id}`;
}

/** A test plugin named after its id in capitals (`a` → `A`), with one package. */
export function plugin(
  id: string,
  releases: Record<string, ReleaseSpec>,
  extra: Partial<Pick<UniversePlugin, 'name' | 'packages'>> = {},
): UniversePlugin {
  const versions = Object.keys(releases);
  const newest = versions[0];
  return {
    id,
    name: extra.name ?? id.toUpperCase(),
    version: newest,
    packages: extra.packages ?? [{ name: packageOf(id), role: 'frontend-plugin', version: newest }],
    versions: versions.map(version => {
      const spec = releases[version];
      const dependencies: UniverseDependency[] = [
        ...Object.entries(spec.deps ?? {}).map(([target, range]) => ({
          package: packageOf(id), name: packageOf(target), range, kind: 'dependency' as const, pluginId: target,
        })),
        ...Object.entries(spec.peers ?? {}).map(([target, range]) => ({
          package: packageOf(id), name: packageOf(target), range, kind: 'peer' as const, pluginId: target,
        })),
        ...Object.entries(spec.external ?? {}).map(([name, range]) => ({
          package: packageOf(id), name, range, kind: 'dependency' as const,
        })),
        ...Object.entries(spec.externalPeers ?? {}).map(([name, range]) => ({
          package: packageOf(id), name, range, kind: 'peer' as const,
        })),
      ];
      return {
        version,
        prerelease: version.includes('-'),
        dependencies,
        ...(spec.backstage ? { backstageVersion: spec.backstage } : {}),
        ...(spec.deprecated ? { deprecated: spec.deprecated } : {}),
        ...(spec.packageVersions ? { packageVersions: spec.packageVersions } : {}),
      };
    }),
  };
}

/** An in-memory universe on Backstage 1.55.0 unless told otherwise. */
export function universe(
  plugins: UniversePlugin[],
  options: { installed?: Record<string, string>; backstageVersion?: string | null } = {},
) {
  return InMemoryPluginUniverse.create({
    plugins,
    installed: Object.entries(options.installed ?? {}).map(([pluginId, version]) => ({ pluginId, version })),
    backstageVersion: options.backstageVersion === null ? undefined : options.backstageVersion ?? '1.55.0',
  });
}
