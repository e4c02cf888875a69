import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  PackageRole,
  PluginCapability,
} from '@internal/backstage-plugin-marketplace-common';
import {
  ListingInput,
  RegistrySnapshot,
  RegistrySource,
} from '@internal/backstage-plugin-marketplace-node';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { classifyPlugin } from '../../registry/classify/classify';
import {
  findMainPackage,
  identifyPackage,
  publisherFromScope,
  titleFromPluginName,
} from '../../registry/identity';
import { parseSeedTsv, SeedRow } from './parseSeedTsv';

const DEFAULT_FILE = resolvePackagePath(
  '@internal/backstage-plugin-marketplace-backend',
  'data/npm-backstage-packages.tsv',
);

// Words in package names that say nothing about what a plugin does.
const GENERIC_WORDS = new Set(['backstage', 'plugin', 'module', 'backend', 'frontend', 'common', 'node', 'react']);

type Member = SeedRow & { role: PackageRole };

/**
 * The bundled snapshot of real Backstage packages from npm (names, versions,
 * monthly downloads, summaries), grouped into plugins: a fresh start shows a
 * real marketplace with no network.
 *
 * @public
 */
export class SeedRegistrySource implements RegistrySource {
  readonly id = 'seed' as const;
  readonly priority = 10;

  private constructor(private readonly load: () => Promise<{ text: string; name: string }>) {}

  /** Reads the TSV file bundled with this package, or another one. */
  static fromFile(path: string = DEFAULT_FILE): SeedRegistrySource {
    return new SeedRegistrySource(async () => ({
      text: await readFile(path, 'utf8'),
      name: basename(path),
    }));
  }

  /** For tests and tools: TSV content given directly. */
  static fromText(text: string, name = 'seed.tsv'): SeedRegistrySource {
    return new SeedRegistrySource(async () => ({ text, name }));
  }

  async read(): Promise<RegistrySnapshot> {
    const { text, name } = await this.load();
    const { rows, issues } = parseSeedTsv(text, name);

    const groups = new Map<string, { pluginName: string; members: Member[] }>();
    for (const row of rows) {
      const identity = identifyPackage(row.name);
      const group = groups.get(identity.pluginId) ?? {
        pluginName: identity.pluginName,
        members: [],
      };
      group.members.push({ ...row, role: identity.role });
      groups.set(identity.pluginId, group);
    }

    const listings = [...groups].map(([id, group]) =>
      toListing(id, group.pluginName, group.members),
    );
    return { listings, issues };
  }
}

function mainPackage(members: Member[]): Member {
  return (
    findMainPackage(members) ??
    [...members].sort((a, b) => b.downloadsMonthly - a.downloadsMonthly)[0]
  );
}

function capabilities(id: string, pluginName: string, members: Member[]): PluginCapability[] {
  const provides: PluginCapability[] = [];
  if (members.some(m => m.role === 'backend-plugin')) {
    provides.push({ type: 'api', id: `/api/${pluginName}` });
  }
  if (members.some(m => m.role === 'frontend-plugin')) {
    provides.push({ type: 'extension', id: pluginName });
  }
  for (const m of members.filter(x => x.role === 'backend-plugin-module')) {
    provides.push({ type: 'service', id: m.name, description: `Backend module of ${id}` });
  }
  return provides;
}

function toListing(id: string, pluginName: string, members: Member[]): ListingInput {
  const main = mainPackage(members);
  const scope = /^@([^/]+)\//.exec(main.name)?.[1];
  // Modules describe themselves, not the plugin: prefer the plugin's own packages.
  const describing = [...members].sort(
    (a, b) => Number(a.role.endsWith('-module')) - Number(b.role.endsWith('-module')),
  );
  const description =
    main.summary || describing.find(m => m.summary)?.summary || '';
  const tags = [
    ...new Set(
      pluginName
        .split('-')
        .filter(word => word.length > 1 && !GENERIC_WORDS.has(word)),
    ),
  ];
  const packages = members.map(m => ({
    name: m.name,
    role: m.role,
    version: m.version,
    description: m.summary || undefined,
    downloadsMonthly: m.downloadsMonthly,
  }));
  return {
    spec: {
      id,
      name: titleFromPluginName(pluginName),
      version: main.version,
      description,
      author: { name: publisherFromScope(scope) },
      tags,
      category: classifyPlugin({
        name: pluginName,
        description,
        tags,
        packages: members.map(m => m.name),
      }),
      dependencies: {},
      peerDependencies: {},
      environmentVariables: [],
      provides: capabilities(id, pluginName, members),
      requires: [],
      installation: {
        method: 'npm',
        packages: members.map(m => ({ name: m.name, role: m.role, version: m.version })),
        requiresRestart: members.some(m => m.role.startsWith('backend')),
      },
      permissions: [],
      documentation: {
        homepage: `https://www.npmjs.com/package/${main.name}`,
      },
    },
    packages,
    versions: [{ version: main.version }],
    downloadsMonthly: members.reduce((sum, m) => sum + m.downloadsMonthly, 0),
    categoryDeclared: false,
  };
}
