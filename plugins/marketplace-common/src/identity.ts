import { PackageRole } from './types/PluginSpecification';

/**
 * What a package name says about the plugin it belongs to.
 *
 * @public
 */
export interface PackageIdentity {
  /** The marketplace id of the plugin, e.g. `backstage-community.todo`. */
  pluginId: string;
  /** The Backstage pluginId part, e.g. `todo`. */
  pluginName: string;
  /** The role the name suggests; a package.json `backstage.role` overrides it. */
  role: PackageRole;
}

const ROLE_SUFFIXES: Array<[RegExp, PackageRole]> = [
  [/-backend-module-[a-z0-9-]+$/, 'backend-plugin-module'],
  [/-module-[a-z0-9-]+$/, 'frontend-plugin-module'],
  [/-backend$/, 'backend-plugin'],
  [/-common$/, 'common-library'],
  [/-node$/, 'node-library'],
  [/-react$/, 'web-library'],
];

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * Derives the plugin a package belongs to from its name alone, following the
 * naming conventions of the Backstage ecosystem:
 * `@scope/plugin-<id>[-backend|-common|-node|-react|-backend-module-<x>]`,
 * `@scope/backstage-plugin-<id>…`, `backstage-plugin-<id>…`.
 * Packages that follow no convention become a plugin of their own.
 *
 * @public
 */
export function identifyPackage(
  packageName: string,
  backstagePluginId?: string,
): PackageIdentity {
  const match = /^(?:@([^/]+)\/)?(.+)$/.exec(packageName);
  const scope = match?.[1];
  let rest = match?.[2] ?? packageName;
  const namespace = slug(scope ?? 'npm');

  let role: PackageRole = 'frontend-plugin';
  let isPlugin = false;
  // `@scope/backstage-plugin` and `@scope/backstage-plugin-backend`: the scope names the plugin.
  if (/^(?:backstage-)?plugin$/.test(rest)) {
    rest = `plugin-${scope ?? rest}`;
  } else if (scope && /^(?:backstage-)?plugin-(backend|common|node|react)$/.test(rest)) {
    rest = rest.replace(/^(?:backstage-)?plugin-/, `plugin-${scope}-`);
  }
  const prefix = /^(?:backstage-)?plugin-/.exec(rest);
  if (prefix) {
    isPlugin = true;
    rest = rest.slice(prefix[0].length);
  } else if (/-backstage-plugin$|^backstage-/.test(rest)) {
    isPlugin = true;
    rest = rest.replace(/-backstage-plugin$/, '').replace(/^backstage-/, '');
  }
  for (const [suffix, suffixRole] of ROLE_SUFFIXES) {
    if (suffix.test(rest)) {
      role = suffixRole;
      rest = rest.replace(suffix, '');
      break;
    }
  }
  if (!isPlugin && role === 'frontend-plugin') {
    role = 'other';
  }
  const pluginName = slug(backstagePluginId ?? rest) || 'plugin';
  return { pluginId: `${namespace}.${pluginName}`, pluginName, role };
}

// The package a plugin is known by: its frontend, else its backend, else a module.
const MAIN_ROLE_ORDER: PackageRole[] = [
  'frontend-plugin',
  'backend-plugin',
  'backend-plugin-module',
  'frontend-plugin-module',
];

/**
 * The package a plugin is named and versioned after, by role; undefined when
 * none of its packages is a plugin or module (callers pick their own fallback).
 *
 * @public
 */
export function findMainPackage<T extends { role: PackageRole }>(
  packages: readonly T[],
): T | undefined {
  for (const role of MAIN_ROLE_ORDER) {
    const match = packages.find(p => p.role === role);
    if (match) return match;
  }
  return undefined;
}
