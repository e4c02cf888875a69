import { JsonObject } from '@backstage/types';
import {
  PluginCapability,
  PluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import {
  ListingInput,
  ListingVersionInput,
} from '@internal/backstage-plugin-marketplace-node';
import semver from 'semver';
import { classifyPlugin } from '../../registry/classify/classify';
import {
  publisherFromScope,
  titleFromPluginName,
} from '../../registry/identity';
import { PluginGroup, PluginMember, releaseOf } from './groupPackages';
import {
  bugsUrl,
  normalizeRepositoryUrl,
  parseAuthor,
  readKeywords,
  tagsFromKeywords,
} from './packageMetadata';
import { TarballFiles } from './readTarballFiles';

// Dependencies are kept for the newest releases only: older ones are rarely asked about.
const VERSIONS_WITH_DEPENDENCIES = 20;
const MAX_DESCRIPTION = 2000;

/**
 * Maps a plugin's packages, and what their latest tarballs hold, to a
 * listing. Identity, versions and install instructions come from the
 * packuments; the README and config schema from the tarballs.
 */
export function toListing(
  group: PluginGroup,
  files: Map<string, TarballFiles>,
): ListingInput {
  const { pluginId, pluginName, members } = group;
  const main = members[0];
  const latest = members.map(m => m.pkg.latest.raw);
  const pick = <T>(read: (raw: Record<string, unknown>) => T | undefined) =>
    latest.map(read).find(value => value !== undefined);

  const description = truncate(
    pick(raw => textOf(raw.description)) ?? '',
    MAX_DESCRIPTION,
  );
  const keywords = latest.flatMap(raw => readKeywords(raw.keywords));
  const tags = tagsFromKeywords(keywords);
  const names = members.map(m => m.pkg.name);
  const scope = /^@([^/]+)\//.exec(main.pkg.name)?.[1];
  const ownNames = new Set(names);

  const spec: PluginSpecification = {
    id: pluginId,
    name: titleFromPluginName(pluginName),
    version: main.pkg.latest.version,
    description,
    author: pick(raw => parseAuthor(raw.author)) ?? {
      name: publisherFromScope(scope),
    },
    tags,
    category: classifyPlugin({
      name: pluginName,
      description,
      tags,
      packages: names,
      keywords,
    }),
    // The plugin's own packages are installed together; they are not dependencies to fetch.
    dependencies: mergeRanges(members, 'dependencies', ownNames),
    peerDependencies: mergeRanges(members, 'peerDependencies', ownNames),
    environmentVariables: [],
    provides: capabilities(pluginName, members),
    requires: [],
    installation: {
      method: 'npm',
      packages: members.map(m => ({
        name: m.pkg.name,
        role: m.role,
        version: m.pkg.latest.version,
      })),
      requiresRestart: members.some(m => m.role.startsWith('backend')),
    },
    permissions: [],
    documentation: withoutUndefined({
      homepage: pick(raw => textOf(raw.homepage)),
      repository: pick(raw => normalizeRepositoryUrl(raw.repository)),
      bugs: pick(raw => bugsUrl(raw.bugs)),
      readme: names
        .map(name => files.get(name)?.readme)
        .find(r => r !== undefined),
    }),
  };
  const license = pick(raw => licenseOf(raw.license));
  if (license) spec.license = license;
  const backstageVersion = members
    .map(m => m.pkg.latest.backstage.supportedVersions)
    .find(Boolean);
  if (backstageVersion) spec.backstageVersion = backstageVersion;
  const configSchema = combineSchemas(
    names.map(name => files.get(name)?.configSchema),
  );
  if (configSchema) spec.configSchema = configSchema;

  const publishedAt = main.pkg.time.get(main.pkg.latest.version);
  const types = main.pkg.latest.raw.types ?? main.pkg.latest.raw.typings;
  return withoutUndefined({
    spec,
    packages: members.map(m =>
      withoutUndefined({
        name: m.pkg.name,
        role: m.role,
        version: m.pkg.latest.version,
        description: textOf(m.pkg.latest.raw.description),
      }),
    ),
    versions: versionsOf(members),
    publishedAt,
    hasTypes: typeof types === 'string' && types.length > 0,
    categoryDeclared: false,
  });
}

function versionsOf(members: PluginMember[]): ListingVersionInput[] {
  const main = members[0];
  const versions = [...main.pkg.manifests.keys()].sort(semver.rcompare);
  return versions.map((version, index) => {
    const manifest = main.pkg.manifests.get(version)!;
    const result: ListingVersionInput = withoutUndefined({
      version,
      publishedAt: main.pkg.time.get(version),
      deprecated: manifest.deprecated,
      backstageVersion: manifest.backstage.supportedVersions,
    });
    if (index < VERSIONS_WITH_DEPENDENCIES) {
      result.dependencies = members.flatMap(member => {
        const release = releaseOf(member, main, version);
        if (!release) return [];
        return [
          ...Object.entries(release.dependencies).map(([name, range]) => ({
            package: member.pkg.name,
            name,
            range,
            kind: 'dependency' as const,
          })),
          ...Object.entries(release.peerDependencies).map(([name, range]) => ({
            package: member.pkg.name,
            name,
            range,
            kind: 'peer' as const,
          })),
        ];
      });
    }
    return result;
  });
}

function mergeRanges(
  members: PluginMember[],
  key: 'dependencies' | 'peerDependencies',
  exclude: Set<string>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  // The main package comes first, so its range wins when packages disagree.
  for (const member of members) {
    for (const [name, range] of Object.entries(member.pkg.latest[key])) {
      if (!exclude.has(name) && !(name in merged)) merged[name] = range;
    }
  }
  return merged;
}

function capabilities(
  pluginName: string,
  members: PluginMember[],
): PluginCapability[] {
  const provides: PluginCapability[] = [];
  if (members.some(m => m.role === 'backend-plugin')) {
    provides.push({ type: 'api', id: `/api/${pluginName}` });
  }
  if (members.some(m => m.role === 'frontend-plugin')) {
    provides.push({ type: 'extension', id: pluginName });
  }
  return provides;
}

/**
 * One schema for the plugin: Backstage merges the schemas of all installed
 * packages, which `allOf` expresses when more than one package has one.
 */
function combineSchemas(
  schemas: Array<JsonObject | undefined>,
): JsonObject | undefined {
  const present = schemas.filter((s): s is JsonObject => s !== undefined);
  if (present.length <= 1) return present[0];
  return { allOf: present };
}

function licenseOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  // Old packages: `{ "type": "MIT", "url": … }`.
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as any).type === 'string'
  ) {
    return (value as { type: string }).type.trim() || undefined;
  }
  return undefined;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** The JSON Schema of the specification refuses keys whose value is undefined. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
