import {
  PACKAGE_ROLES as ROLES,
  PackageRole,
} from '@internal/backstage-plugin-marketplace-common';
import semver from 'semver';
import { isObject, pointer } from './packageMetadata';

const PACKAGE_ROLES = new Set<PackageRole>(ROLES);

/** One release of a package as its packument describes it, checked. */
export interface NpmManifest {
  version: string;
  /** Everything else the packument holds for this release, as published. */
  raw: Record<string, unknown>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  deprecated?: string;
  /** The `backstage` field of package.json. */
  backstage: {
    role?: PackageRole;
    pluginId?: string;
    pluginPackages: string[];
    supportedVersions?: string;
  };
  dist?: NpmDist;
}

/** Where a release's tarball is and what it must hash to. */
export interface NpmDist {
  tarball: string;
  integrity?: string;
  shasum?: string;
}

/** A package read from its packument: its latest release and every valid one. */
export interface NpmPackage {
  name: string;
  latest: NpmManifest & { dist: NpmDist };
  /** Valid releases by version. */
  manifests: Map<string, NpmManifest>;
  /** Publication time (ISO 8601) by version. */
  time: Map<string, string>;
}

/** Something wrong in a packument, at a JSON pointer into it. */
export interface PackumentProblem {
  field: string;
  message: string;
}

/**
 * The outcome of reading a packument: without a package, the one problem that
 * made it unusable; with one, the releases that had to be left out.
 */
export type PackumentResult =
  | { package: NpmPackage; problems: PackumentProblem[] }
  | { package: undefined; problems: [PackumentProblem] };

// Thrown inside this module only: the field at fault and what is wrong with it.
class FieldProblem extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/**
 * Checks a packument (the registry's document of a package, `GET /<name>`)
 * and reads what the marketplace needs from it. A packument without usable
 * `dist-tags.latest` and latest release is refused; a bad older release is
 * left out with a problem and the rest is kept.
 */
export function parsePackument(name: string, body: unknown): PackumentResult {
  try {
    return readPackument(name, body);
  } catch (error) {
    if (!(error instanceof FieldProblem)) throw error;
    return {
      package: undefined,
      problems: [{ field: error.field, message: error.message }],
    };
  }
}

function readPackument(name: string, body: unknown): PackumentResult {
  if (!isObject(body)) throw new FieldProblem('/', 'must be a JSON object');
  if (body.name !== undefined && body.name !== name) {
    throw new FieldProblem(
      '/name',
      `is ${JSON.stringify(body.name)}, expected "${name}"`,
    );
  }
  const distTags = body['dist-tags'];
  if (distTags === undefined)
    throw new FieldProblem('/dist-tags', 'is required');
  if (!isObject(distTags))
    throw new FieldProblem('/dist-tags', 'must be an object');
  const latestVersion = distTags.latest;
  if (typeof latestVersion !== 'string') {
    throw new FieldProblem(
      '/dist-tags/latest',
      'is required and must be a version',
    );
  }
  const versions = body.versions;
  if (versions === undefined)
    throw new FieldProblem('/versions', 'is required');
  if (!isObject(versions))
    throw new FieldProblem('/versions', 'must be an object');
  if (!(latestVersion in versions)) {
    throw new FieldProblem(
      pointer('versions', latestVersion),
      'is missing, though dist-tags.latest names it',
    );
  }

  const latestManifest = readManifest(
    latestVersion,
    versions[latestVersion],
    true,
  );
  const latest = { ...latestManifest, dist: latestManifest.dist! };
  const problems: PackumentProblem[] = [];
  const manifests = new Map<string, NpmManifest>();
  for (const [version, entry] of Object.entries(versions)) {
    try {
      manifests.set(
        version,
        version === latestVersion
          ? latest
          : readManifest(version, entry, false),
      );
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      problems.push({ field: error.field, message: error.message });
    }
  }

  const time = new Map<string, string>();
  if (isObject(body.time)) {
    for (const [version, value] of Object.entries(body.time)) {
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
        time.set(version, new Date(value).toISOString());
      }
    }
  }
  return { package: { name, latest, manifests, time }, problems };
}

function readManifest(
  version: string,
  entry: unknown,
  isLatest: boolean,
): NpmManifest {
  const at = (...path: string[]) => pointer('versions', version, ...path);
  // semver.valid() also takes `v1.0.0` and `=1.0.0`, which are no release's version.
  if (!/^\d/.test(version) || !semver.valid(version)) {
    throw new FieldProblem(at(), 'is not a semver version');
  }
  if (!isObject(entry)) throw new FieldProblem(at(), 'must be an object');
  if (entry.version !== version) {
    throw new FieldProblem(
      at('version'),
      `must be "${version}", is ${JSON.stringify(entry.version)}`,
    );
  }
  return {
    version,
    raw: entry,
    dependencies: readRanges(entry, 'dependencies', at),
    peerDependencies: readRanges(entry, 'peerDependencies', at),
    // npm writes `deprecated: ""` when a deprecation is lifted.
    deprecated:
      typeof entry.deprecated === 'string' && entry.deprecated
        ? entry.deprecated
        : undefined,
    backstage: readBackstage(entry.backstage, at),
    // Only the latest tarball is downloaded, so only its dist must be sound.
    dist: isLatest ? readDist(entry.dist, at) : undefined,
  };
}

function readDist(value: unknown, at: (...path: string[]) => string): NpmDist {
  if (!isObject(value))
    throw new FieldProblem(at('dist'), 'is required and must be an object');
  const { tarball, integrity, shasum } = value;
  if (typeof tarball !== 'string' || !/^https?:\/\//.test(tarball)) {
    throw new FieldProblem(at('dist', 'tarball'), 'must be an http(s) URL');
  }
  if (integrity !== undefined && typeof integrity !== 'string') {
    throw new FieldProblem(at('dist', 'integrity'), 'must be a string');
  }
  if (shasum !== undefined && typeof shasum !== 'string') {
    throw new FieldProblem(at('dist', 'shasum'), 'must be a string');
  }
  return { tarball, integrity, shasum };
}

function readRanges(
  entry: Record<string, unknown>,
  key: 'dependencies' | 'peerDependencies',
  at: (...path: string[]) => string,
): Record<string, string> {
  const value = entry[key];
  if (value === undefined) return {};
  if (!isObject(value))
    throw new FieldProblem(at(key), 'must map package names to version ranges');
  const ranges: Record<string, string> = {};
  for (const [name, range] of Object.entries(value)) {
    if (typeof range !== 'string' || !range.trim()) {
      throw new FieldProblem(at(key, name), 'must be a version range');
    }
    ranges[name] = range;
  }
  return ranges;
}

function readBackstage(
  value: unknown,
  at: (...path: string[]) => string,
): NpmManifest['backstage'] {
  if (value === undefined) return { pluginPackages: [] };
  if (!isObject(value))
    throw new FieldProblem(at('backstage'), 'must be an object');
  const { role, pluginId, pluginPackages } = value;
  if (role !== undefined && !PACKAGE_ROLES.has(role as PackageRole)) {
    throw new FieldProblem(
      at('backstage', 'role'),
      `must be one of: ${[...PACKAGE_ROLES].join(', ')}`,
    );
  }
  if (
    pluginId !== undefined &&
    (typeof pluginId !== 'string' || !pluginId.trim())
  ) {
    throw new FieldProblem(
      at('backstage', 'pluginId'),
      'must be a non-empty string',
    );
  }
  if (
    pluginPackages !== undefined &&
    !(
      Array.isArray(pluginPackages) &&
      pluginPackages.every(p => typeof p === 'string')
    )
  ) {
    throw new FieldProblem(
      at('backstage', 'pluginPackages'),
      'must be a list of package names',
    );
  }
  const supported = value['supported-versions'];
  return {
    role: role as PackageRole | undefined,
    pluginId: pluginId as string | undefined,
    pluginPackages: (pluginPackages as string[] | undefined) ?? [],
    supportedVersions:
      typeof supported === 'string' && semver.validRange(supported)
        ? supported
        : undefined,
  };
}
