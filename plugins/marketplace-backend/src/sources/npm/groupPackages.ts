import { PackageRole } from '@internal/backstage-plugin-marketplace-common';
import semver from 'semver';
import { findMainPackage, identifyPackage } from '../../registry/identity';
import { NpmManifest, NpmPackage } from './parsePackument';

/** A package in its plugin, with the role it plays there. */
export interface PluginMember {
  pkg: NpmPackage;
  role: PackageRole;
}

/** The packages of one plugin; the main package first. */
export interface PluginGroup {
  /** Marketplace id, e.g. `acme.todo`. */
  pluginId: string;
  /** Backstage pluginId, e.g. `todo`. */
  pluginName: string;
  members: PluginMember[];
}

// Packages of one release are published within minutes of each other.
const RELEASE_WINDOW_MS = 60 * 60 * 1000;

/**
 * Groups packages into plugins by the latest release's `backstage.pluginId`
 * (else the conventions of the package name) and orders each group so the
 * main package comes first: the frontend plugin, else the backend plugin,
 * else the first package read.
 */
export function groupPackages(packages: NpmPackage[]): PluginGroup[] {
  const groups = new Map<string, PluginGroup>();
  for (const pkg of packages) {
    const { backstage } = pkg.latest;
    const identity = identifyPackage(pkg.name, backstage.pluginId);
    const group = groups.get(identity.pluginId) ?? {
      pluginId: identity.pluginId,
      pluginName: identity.pluginName,
      members: [],
    };
    group.members.push({ pkg, role: backstage.role ?? identity.role });
    groups.set(identity.pluginId, group);
  }
  return [...groups.values()].map(group => {
    const main = findMainPackage(group.members) ?? group.members[0];
    return {
      ...group,
      members: [main, ...group.members.filter(m => m !== main)],
    };
  });
}

/**
 * The release of `member` that belongs to release `version` of the main
 * package: the same version when it has one (packages versioned together),
 * the latest one for the main package's latest, else the one published last
 * before the main release (packages versioned apart, released together).
 */
export function releaseOf(
  member: PluginMember,
  main: PluginMember,
  version: string,
): NpmManifest | undefined {
  const { pkg } = member;
  if (member === main || pkg.manifests.has(version))
    return pkg.manifests.get(version);
  if (version === main.pkg.latest.version) return pkg.latest;
  const released = main.pkg.time.get(version);
  if (!released) return undefined;
  const cutoff = Date.parse(released) + RELEASE_WINDOW_MS;
  const stable = semver.prerelease(version) === null;
  let best: { manifest: NpmManifest; at: number } | undefined;
  for (const manifest of pkg.manifests.values()) {
    const time = pkg.time.get(manifest.version);
    if (!time || (stable && semver.prerelease(manifest.version) !== null))
      continue;
    const at = Date.parse(time);
    if (at <= cutoff && (!best || at > best.at)) best = { manifest, at };
  }
  return best?.manifest;
}
