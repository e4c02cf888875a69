/*
 * Marketplace search at scale, on Postgres: p50/p95 latency of text search
 * with facets, semantic and hybrid search and autocomplete over `count`
 * synthetic plugins, what the first query after a change of the registry
 * costs (the in-memory search structures are rebuilt), against two
 * baselines on the same plugins:
 *
 *  a. the software catalog's own text filter, `GET /api/catalog/entities/by-query
 *     ?fullTextFilterTerm=…`: the plugins as catalog entities of kind Plugin;
 *  b. "load everything, filter in process" (Red Hat Developer Hub's Extensions):
 *     every plugin row read from the database per query, then a substring
 *     filter on name and description in JavaScript.
 *
 *   bash bench/run.sh search-100k.ts [count=100000] [--keep] [--no-baselines]
 *
 * --keep keeps the marketplace database (`bench_search_kept_<count>`) and,
 * when a complete one is there from an earlier run, measures on it instead
 * of generating, ingesting and embedding again: for measuring change after
 * change to the search code. --no-baselines measures the marketplace only.
 *
 * Uses POSTGRES_HOST/PORT/USER/PASSWORD (defaults: 127.0.0.1:5432, postgres);
 * creates two databases of its own (marketplace, catalog) and drops them.
 * About ten minutes for 100k plugins on two cores, a minute or so for 5000.
 *
 * The marketplace is measured through its own classes, as the backend wires
 * them (plugin.ts): the registry filled by RegistryIngester, the semantic
 * index built by DefaultSemanticIndexer with the local embedding provider,
 * and every query through DefaultSearchService, with nothing cached between
 * queries but what those classes cache themselves (the vectors).
 *
 * The plugins are generated from the bundled seed of real Backstage packages
 * (data/npm-backstage-packages.tsv: names, summaries, tags, publishers,
 * categories) mixed with real tool names and made-up words, with a fixed
 * random seed, so every run searches the same data.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { PackageRole, PLUGIN_CATEGORY_IDS } from '@internal/backstage-plugin-marketplace-common';
import { ListingInput } from '@internal/backstage-plugin-marketplace-node';
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { classifyPlugin } from '../plugins/marketplace-backend/src/registry/classify/classify';
import { DatabaseRegistryStore } from '../plugins/marketplace-backend/src/registry/DatabaseRegistryStore';
import { RegistryIngester } from '../plugins/marketplace-backend/src/registry/RegistryIngester';
import { SeedRegistrySource } from '../plugins/marketplace-backend/src/sources/seed/SeedRegistrySource';
import { DefaultSearchService } from '../plugins/marketplace-backend/src/search/DefaultSearchService';
import {
  DatabaseEmbeddingStore,
  DefaultSemanticIndex,
  DefaultSemanticIndexer,
  LocalEmbeddingProvider,
} from '../plugins/marketplace-backend/src/search/semantic';
import { DatabaseTextSearchIndex } from '../plugins/marketplace-backend/src/search/text';
import { SearchFilters, SearchQuery } from '../plugins/marketplace-backend/src/search/types';
import { percentile, postgresConnection } from './lib/common';

const cliArgs = process.argv.slice(2);
const count = Number(cliArgs.find(a => !a.startsWith('--')) ?? 100_000);
const KEEP = cliArgs.includes('--keep');
const BASELINES = !cliArgs.includes('--no-baselines');
const connection = postgresConnection;

/** "Now" of the data: release dates are spread over the three years before it. */
const NOW = new Date('2026-11-20T00:00:00.000Z');
const APP_BACKSTAGE_VERSION = '1.55.0';

// Timed runs of each query, after one untimed run that warms caches and plans.
const RUNS = { text: 15, semantic: 5, autocomplete: 10, catalog: 10, inProcess: 3 };

/** The aims of the issue, for this 2-core machine. */
const AIM_TEXT_P95_MS = 50;
const AIM_AUTOCOMPLETE_P95_MS = 15;

// ---------------------------------------------------------------------------
// Synthetic plugins

/** mulberry32: small, fast and good enough to make data; the same seed gives the same plugins. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}

type Random = ReturnType<typeof random>;

// Products plugins integrate with: what people type into a marketplace search.
const TOOLS = [
  'Kubernetes', 'Argo CD', 'GitHub', 'GitLab', 'Bitbucket', 'Jenkins', 'SonarQube', 'PagerDuty',
  'Opsgenie', 'Datadog', 'Grafana', 'Prometheus', 'Jira', 'Confluence', 'Slack', 'Microsoft Teams',
  'Vault', 'Terraform', 'AWS', 'Azure', 'Google Cloud', 'Sentry', 'Snyk', 'ServiceNow', 'TechDocs',
  'Tekton', 'Buildkite', 'CircleCI', 'Harbor', 'Nexus', 'Artifactory', 'Kafka', 'Keycloak', 'LDAP',
  'OpenAI', 'Dynatrace', 'New Relic', 'Splunk', 'Elasticsearch', 'Backstage catalog', 'Scaffolder',
  'Crossplane', 'Helm', 'Istio', 'Flux', 'Spinnaker', 'LaunchDarkly', 'Rollbar', 'Lighthouse', 'Trivy',
];
const QUALIFIERS = [
  'Insights', 'Dashboard', 'Explorer', 'Sync', 'Lens', 'Tracker', 'Hub', 'Connector', 'Bridge',
  'Radar', 'Viewer', 'Manager', 'Notifier', 'Scanner', 'Reports', 'Toolkit', 'Monitor', 'Actions',
  'Widgets', 'Cards', 'Ingestor', 'Processor', 'Provider', 'Auth', 'Templates', 'Scorecards',
  'Metrics', 'Alerts', 'Status', 'Assistant',
];
const OBJECTS = [
  'deployments', 'pull requests', 'incidents', 'on-call schedules', 'cloud costs', 'vulnerabilities',
  'API documentation', 'build pipelines', 'releases', 'feature flags', 'service dependencies', 'SLOs',
  'alerts', 'test coverage', 'code quality', 'dashboards', 'audit logs', 'secrets', 'software templates',
  'scorecards', 'clusters', 'workloads', 'container images', 'tickets', 'announcements',
  'team ownership', 'tech radar entries', 'pods', 'error rates', 'license compliance',
];
const VERBS = [
  'shows', 'tracks', 'surfaces', 'visualizes', 'syncs', 'ingests', 'manages', 'reports on',
  'imports', 'monitors', 'audits', 'links',
];
const ENTITY_KINDS = ['component', 'system', 'team', 'group', 'service', 'API', 'resource', 'domain'];
const COMPANY_SUFFIXES = ['Labs', 'Inc', 'Platform Team', 'Software', 'Cloud', 'Systems', 'OSS', 'Engineering'];
const LICENSES = ['Apache-2.0', 'MIT', 'BSD-3-Clause', 'ISC', 'MPL-2.0'];
const ROLE_SETS: Array<[number, PackageRole[]]> = [
  [35, ['frontend-plugin']],
  [25, ['frontend-plugin', 'backend-plugin']],
  [10, ['frontend-plugin', 'backend-plugin', 'common-library']],
  [15, ['backend-plugin-module']],
  [10, ['backend-plugin']],
  [5, ['frontend-plugin-module']],
];
const ROLE_SUFFIX: Partial<Record<PackageRole, string>> = {
  'backend-plugin': '-backend',
  'backend-plugin-module': '-backend-module-core',
  'frontend-plugin-module': '-module-entity',
  'common-library': '-common',
};
// Words of names that say nothing about what a plugin does; not tags.
const GENERIC_WORDS = new Set(['backstage', 'plugin', 'for', 'the', 'backend', 'frontend', 'module']);

/** Pronounceable made-up words: product and company names nobody else has. */
function madeUpWords(rng: Random, total: number): string[] {
  const syllables = ['ka', 'lo', 'ri', 'zen', 'tor', 'vex', 'mi', 'sa', 'nu', 'bel', 'dra', 'quo', 'fen', 'ix', 'or', 'ul', 'tas', 'pry', 'gon', 'lum', 'ne', 'sto', 'ark', 'vi'];
  const words = new Set<string>();
  while (words.size < total) {
    const length = 2 + rng.int(2);
    words.add(Array.from({ length }, () => rng.pick(syllables)).join(''));
  }
  return [...words];
}

function capitalize(word: string) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function slug(value: string) {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The synthetic plugins, as a registry source delivers them. */
async function generatePlugins(total: number): Promise<ListingInput[]> {
  const rng = random(20261125);
  const { listings: seed } = await SeedRegistrySource.fromFile().read();
  const madeUp = madeUpWords(rng, 3000);
  const companies = Array.from({ length: 400 }, () => `${capitalize(rng.pick(madeUp))} ${rng.pick(COMPANY_SUFFIXES)}`);
  const seedTags = [...new Set(seed.flatMap(l => l.spec.tags ?? []))];
  const seedDescriptions = seed.map(l => l.spec.description ?? '').filter(Boolean);
  const roleWeights = ROLE_SETS.reduce((sum, [w]) => sum + w, 0);
  const usedIds = new Set<string>();
  const usedPackages = new Set<string>();

  const plugins: ListingInput[] = [];
  for (let i = 0; i < total; i++) {
    const base = rng.pick(seed);
    const tool = rng.pick(TOOLS);
    const word = capitalize(rng.pick(madeUp));
    const roll = rng.next();
    const name =
      roll < 0.45 ? `${base.spec.name} ${rng.pick(QUALIFIERS)}`
      : roll < 0.7 ? `${tool} ${rng.pick(QUALIFIERS)}`
      : roll < 0.85 ? `${word} ${rng.pick(QUALIFIERS)}`
      : `${word} for ${tool}`;

    const sentences: string[] = [];
    const style = rng.next();
    if (style < 0.3 && base.spec.description) {
      sentences.push(base.spec.description);
    } else if (style < 0.55) {
      sentences.push(`A Backstage plugin that ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} from ${tool}.`);
    } else if (style < 0.8) {
      sentences.push(`${tool} integration for Backstage: ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} for every ${rng.pick(ENTITY_KINDS)}.`);
    } else {
      sentences.push(`${capitalize(rng.pick(VERBS))} ${rng.pick(OBJECTS)} and ${rng.pick(OBJECTS)} on the ${rng.pick(ENTITY_KINDS)} page.`);
    }
    if (rng.chance(0.25)) sentences.push(rng.pick(seedDescriptions));
    if (rng.chance(0.2)) sentences.push(`Maintained by the ${word} team; works with ${capitalize(rng.pick(madeUp))} workspaces.`);
    const description = sentences.join(' ');

    const author = rng.chance(0.55) ? base.spec.author?.name ?? 'Independent' : rng.pick(companies);
    const scope = slug(author) || 'independent';
    let pluginSlug = slug(name);
    const roleRoll = rng.int(roleWeights);
    let acc = 0;
    const roles = ROLE_SETS.find(([w]) => (acc += w) > roleRoll)![1];
    const packageNames = (s: string) => roles.map(role => `@${scope}/backstage-plugin-${s}${ROLE_SUFFIX[role] ?? ''}`);
    for (let n = 2; usedIds.has(`${scope}.${pluginSlug}`) || packageNames(pluginSlug).some(p => usedPackages.has(p)); n++) {
      pluginSlug = `${slug(name)}-${n}`;
    }
    const id = `${scope}.${pluginSlug}`;
    usedIds.add(id);
    const names = packageNames(pluginSlug);
    names.forEach(p => usedPackages.add(p));

    const tags = new Set(
      name.toLowerCase().split(/[^a-z0-9]+/).filter(w => w.length > 1 && !GENERIC_WORDS.has(w)),
    );
    for (let n = rng.int(3); n > 0; n--) tags.add(rng.pick(seedTags));
    if (rng.chance(0.1)) tags.add(rng.pick(madeUp));

    // Heavy-tailed like npm: most plugins have a few hundred downloads, a few have hundreds of thousands.
    const downloads = Math.round(10 ** (rng.next() ** 2 * 5.7));
    const version = `${rng.int(3)}.${rng.int(30)}.${rng.int(10)}`;
    const publishedAt = new Date(NOW.getTime() - rng.next() ** 1.5 * 1100 * 86_400_000).toISOString();
    const backstageRoll = rng.next();
    const backstageVersion =
      backstageRoll < 0.7 ? `^1.${30 + rng.int(26)}.0`
      : backstageRoll < 0.85 ? `>=1.${20 + rng.int(30)}.0`
      : undefined;
    const licenseRoll = rng.next();
    const license = licenseRoll < 0.65 ? 'Apache-2.0' : licenseRoll < 0.93 ? rng.pick(LICENSES) : undefined;
    const readme = rng.chance(0.5)
      ? `# ${name}\n\n${description}\n\n## Installation\n\nAdd \`${names[0]}\` to your Backstage app ` +
        `and configure the ${tool} connection in \`app-config.yaml\`.\n\n## Features\n\n` +
        `- ${capitalize(rng.pick(VERBS))} ${rng.pick(OBJECTS)}\n- ${capitalize(rng.pick(VERBS))} ${rng.pick(OBJECTS)}\n`
      : undefined;
    const tagList = [...tags].slice(0, 8);
    // The main package has the downloads; its companions fewer, as on npm.
    const packageDownloads = names.map((_, n) => Math.round(downloads / (n + 1)));

    plugins.push({
      spec: {
        id,
        name,
        version,
        description,
        author: { name: author },
        license,
        backstageVersion,
        tags: tagList,
        // The registry's own classifier, as the seed and npm sources use it; some authors declare another.
        category: rng.chance(0.9)
          ? classifyPlugin({ name, description, tags: tagList, packages: names })
          : rng.pick(PLUGIN_CATEGORY_IDS),
        dependencies: {},
        peerDependencies: {},
        environmentVariables: [],
        provides: [],
        requires: [],
        installation: {
          method: 'npm',
          packages: names.map((p, n) => ({ name: p, role: roles[n], version })),
          requiresRestart: roles.some(r => r.startsWith('backend')),
        },
        permissions: [],
        documentation: { readme, homepage: `https://www.npmjs.com/package/${names[0]}` },
      },
      packages: names.map((p, n) => ({
        name: p,
        role: roles[n],
        version,
        downloadsMonthly: packageDownloads[n],
      })),
      versions: [{ version, publishedAt }],
      downloadsMonthly: packageDownloads.reduce((sum, d) => sum + d, 0),
      publishedAt,
      hasTypes: rng.chance(0.8),
    });
  }
  return plugins;
}

// ---------------------------------------------------------------------------
// Measuring

interface Measured {
  p50: number;
  p95: number;
  runs: number;
  /** Per query: its label, p50, and what it found. */
  perQuery: Array<{ label: string; p50: number; found: string }>;
}

/**
 * Runs every query once untimed, then `runs` timed rounds over all of them
 * (round-robin, so that no query enjoys caches its predecessor warmed).
 */
async function measure<Q>(
  queries: Array<{ label: string; query: Q }>,
  runs: number,
  run: (query: Q) => Promise<string>,
): Promise<Measured> {
  const found = new Map<string, string>();
  for (const { label, query } of queries) found.set(label, await run(query));
  const all: number[] = [];
  const byQuery = new Map<string, number[]>(queries.map(q => [q.label, []]));
  for (let r = 0; r < runs; r++) {
    for (const { label, query } of queries) {
      const started = performance.now();
      await run(query);
      const ms = performance.now() - started;
      all.push(ms);
      byQuery.get(label)!.push(ms);
    }
  }
  all.sort((a, b) => a - b);
  return {
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    runs: all.length,
    perQuery: queries.map(({ label }) => {
      const times = byQuery.get(label)!.sort((a, b) => a - b);
      return { label, p50: percentile(times, 50), found: found.get(label)! };
    }),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - started) / 1000 };
}

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

// ---------------------------------------------------------------------------
// The queries

interface TextCase {
  label: string;
  text: string;
  filters?: SearchFilters;
}

// What people type into a marketplace search box, some with a facet chosen, some misspelt.
const TEXT_CASES: TextCase[] = [
  { label: 'kubernetes', text: 'kubernetes' },
  { label: 'github actions', text: 'github actions' },
  { label: 'cost insights', text: 'cost insights' },
  { label: 'pagerduty incidents', text: 'pagerduty incidents' },
  { label: 'techdocs', text: 'techdocs' },
  { label: 'vulnerabilities [category=security]', text: 'vulnerabilities', filters: { categories: ['security'] } },
  { label: 'argocd [role=backend-plugin]', text: 'argocd', filters: { roles: ['backend-plugin'] } },
  { label: 'templates [category=scaffolding, license=Apache-2.0]', text: 'templates', filters: { categories: ['scaffolding'], licenses: ['Apache-2.0'] } },
  { label: 'kuberntes (typo)', text: 'kuberntes' },
  { label: 'sonarqbe (typo)', text: 'sonarqbe' },
  { label: 'jenkins pipline (typo)', text: 'jenkins pipline' },
];

// Questions rather than keywords: what semantic search is for.
const SEMANTIC_CASES: TextCase[] = [
  { label: 'see the pods of my service', text: 'see the pods and deployments of my service' },
  { label: 'who is on call', text: 'who is on call for incidents' },
  { label: 'track cloud spending', text: 'track cloud spending per team' },
  { label: 'docs as code', text: 'documentation as code' },
  { label: 'scan dependencies [category=security]', text: 'scan dependencies for vulnerabilities', filters: { categories: ['security'] } },
  { label: 'dora metrics', text: 'dora metrics for deployments' },
];

const AUTOCOMPLETE_CASES = [
  'k', 'ku', 'kub', 'kube', 'argo', 'tech', 'sec', 'git', 'jen', 'cost ins',
  'kubrnetes', 'scafolder', 'jenkns', 'pagrduty',
].map(prefix => ({ label: /^(kubrnetes|scafolder|jenkns|pagrduty)$/.test(prefix) ? `${prefix} (typo)` : prefix, query: prefix }));

function searchQuery(c: TextCase, mode: SearchQuery['mode']): SearchQuery {
  return { text: c.text, filters: c.filters ?? {}, sort: 'relevance', mode, limit: 20 };
}

// ---------------------------------------------------------------------------
// Baseline a: the software catalog

/*
 * The catalog's implementation modules are not exported by the package; they
 * are required from its dist, unchanged. `DefaultEntitiesCatalog` is what
 * `/api/catalog/entities/by-query` calls (the HTTP layer adds request parsing,
 * permission checks and JSON streaming on top), `parseQueryEntitiesParams` is
 * how that route reads its query string, and `buildEntitySearch` is how the
 * stitcher turns an entity into rows of the `search` table.
 */
const catalogDist = dirname(require.resolve('@backstage/plugin-catalog-backend'));
/* eslint-disable @typescript-eslint/no-require-imports */
const { DefaultEntitiesCatalog } = require(join(catalogDist, 'service/DefaultEntitiesCatalog.cjs.js'));
const { parseQueryEntitiesParams } = require(join(catalogDist, 'service/request/parseQueryEntitiesParams.cjs.js'));
const { buildEntitySearch } = require(join(catalogDist, 'database/operations/stitcher/buildEntitySearch.cjs.js'));
const { applyDatabaseMigrations } = require(join(catalogDist, 'database/migrations.cjs.js'));
/* eslint-enable @typescript-eslint/no-require-imports */

/** A deterministic UUID, so the catalog's rows are the same every run. */
function uuidOf(value: string) {
  const hex = createHash('sha1').update(value).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A plugin as the catalog holds it after processing and stitching (kind Plugin, see examples/marketplace-plugins.yaml). */
function pluginEntity(plugin: ListingInput, index: number) {
  const { spec } = plugin;
  const name = spec.id.length <= 63 ? spec.id : `${spec.id.slice(0, 54)}-${index.toString(36)}`;
  const owner = `group:default/${slug(spec.author?.name ?? 'guests').slice(0, 63) || 'guests'}`;
  const location = `url:https://github.com/${slug(spec.author?.name ?? 'x')}/backstage-plugins/blob/main/catalog-info.yaml`;
  return {
    apiVersion: 'marketplace.backstage.io/v1alpha1',
    kind: 'Plugin',
    metadata: {
      namespace: 'default',
      name,
      title: spec.name,
      description: spec.description,
      tags: spec.tags,
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
    spec: {
      owner,
      lifecycle: 'production',
      category: spec.category,
      version: spec.version,
      ...(spec.license ? { license: spec.license } : {}),
      author: { name: spec.author?.name },
      ...(spec.backstageVersion ? { backstageVersion: spec.backstageVersion } : {}),
      packages: spec.installation.packages.map(p => ({ name: p.name, role: p.role })),
    },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

/** Rows of a table, one array per column. */
type Columns = Record<string, Array<string | null>>;

/** INSERT … SELECT FROM unnest(…): one parameter per column, so 10k rows go in one statement. */
async function insertColumns(
  knex: Knex,
  table: string,
  columns: Columns,
  types: Record<string, string> = {},
) {
  const names = Object.keys(columns);
  const length = columns[names[0]].length;
  const CHUNK = 10_000;
  for (let start = 0; start < length; start += CHUNK) {
    await knex.raw(
      `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${names.map(n => `?::${types[n] ?? 'text'}[]`).join(', ')})`,
      // Knex types array bindings without nulls; node-postgres sends null elements as NULL.
      names.map(n => columns[n].slice(start, start + CHUNK) as string[]),
    );
  }
}

/*
 * Processing 100k entities through the catalog's engine (provider → refresh
 * loop → processors → stitching) takes far longer than this benchmark may
 * (it works through a few hundred entities a second at best on two cores).
 * So the catalog's tables are created by its own migrations
 * (applyDatabaseMigrations of @backstage/plugin-catalog-backend) and filled
 * directly with what processing and stitching would have written for each
 * entity: a `refresh_state` row (unprocessed and processed entity), a
 * `final_entities` row (the stitched entity with uid, etag and relations),
 * its `relations` row (ownedBy) and its `search` rows, made by the catalog's
 * own `buildEntitySearch`. Queries then go through the catalog's own
 * `DefaultEntitiesCatalog.queryEntities`, which issues the same SQL as a
 * running catalog.
 */
async function fillCatalog(knex: Knex, plugins: ListingInput[]): Promise<{ searchRows: number }> {
  await applyDatabaseMigrations(knex);
  // Millions of `search` rows go in several times faster without its indexes; they are
  // created again afterwards from the migrations' own definitions, so the end state is the same.
  const searchIndexes: Array<{ indexname: string; indexdef: string }> = (
    await knex.raw(
      `SELECT indexname, indexdef FROM pg_indexes
       WHERE schemaname = current_schema() AND tablename = 'search'
         AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    )
  ).rows;
  for (const { indexname } of searchIndexes) await knex.raw(`DROP INDEX ${indexname}`);
  const now = new Date().toISOString();
  const BATCH = 5000;
  let searchRows = 0;
  for (let start = 0; start < plugins.length; start += BATCH) {
    const refresh: Columns = { entity_id: [], entity_ref: [], unprocessed_entity: [], processed_entity: [], errors: [], next_update_at: [], last_discovery_at: [], location_key: [], result_hash: [] };
    const final: Columns = { entity_id: [], entity_ref: [], final_entity: [], hash: [], last_updated_at: [] };
    const relations: Columns = { originating_entity_id: [], source_entity_ref: [], type: [], target_entity_ref: [] };
    const search: Columns = { entity_id: [], key: [], value: [], original_value: [] };
    plugins.slice(start, start + BATCH).forEach((plugin, n) => {
      const entity = pluginEntity(plugin, start + n);
      const ref = `plugin:default/${entity.metadata.name}`.toLowerCase();
      const id = uuidOf(ref);
      const { relations: entityRelations, ...processed } = entity;
      const hash = createHash('sha1').update(JSON.stringify(entity)).digest('hex');
      const stitched = { ...entity, metadata: { ...entity.metadata, uid: id, etag: hash } };
      refresh.entity_id.push(id);
      refresh.entity_ref.push(ref);
      refresh.unprocessed_entity.push(JSON.stringify(processed));
      refresh.processed_entity.push(JSON.stringify(processed));
      refresh.errors.push('[]');
      refresh.next_update_at.push(now);
      refresh.last_discovery_at.push(now);
      refresh.location_key.push(entity.metadata.annotations['backstage.io/managed-by-location']);
      refresh.result_hash.push(hash);
      final.entity_id.push(id);
      final.entity_ref.push(ref);
      final.final_entity.push(JSON.stringify(stitched));
      final.hash.push(hash);
      final.last_updated_at.push(now);
      for (const relation of entityRelations) {
        relations.originating_entity_id.push(id);
        relations.source_entity_ref.push(ref);
        relations.type.push(relation.type);
        relations.target_entity_ref.push(relation.targetRef);
      }
      for (const row of buildEntitySearch(id, stitched)) {
        search.entity_id.push(row.entity_id);
        search.key.push(row.key);
        search.value.push(row.value);
        search.original_value.push(row.original_value);
      }
    });
    await insertColumns(knex, 'refresh_state', refresh, { next_update_at: 'timestamptz', last_discovery_at: 'timestamptz' });
    await insertColumns(knex, 'final_entities', final, { last_updated_at: 'timestamptz' });
    await insertColumns(knex, 'relations', relations);
    await insertColumns(knex, 'search', search);
    searchRows += search.entity_id.length;
  }
  for (const { indexdef } of searchIndexes) await knex.raw(indexdef);
  return { searchRows };
}

/** The query string the catalog page would send for a text case, as the by-query route parses it. */
function catalogRequest(c: TextCase) {
  const filter = ['kind=plugin'];
  for (const category of c.filters?.categories ?? []) filter.push(`spec.category=${category}`);
  for (const role of c.filters?.roles ?? []) filter.push(`spec.packages.role=${role}`);
  for (const license of c.filters?.licenses ?? []) filter.push(`spec.license=${license}`);
  return {
    limit: 20,
    ...parseQueryEntitiesParams({
      filter: filter.join(','),
      fullTextFilterTerm: c.text,
      // The catalog page's default order; the fields are those the marketplace searches too.
      // The route's OpenAPI layer hands over the comma-separated fields as a list.
      fullTextFilterFields: ['metadata.name', 'metadata.title', 'metadata.description'],
      orderField: 'metadata.name,asc',
    }),
  };
}

// ---------------------------------------------------------------------------
// Baseline b: load everything and filter in process

/*
 * What Red Hat Developer Hub's Extensions does: fetch every plugin, filter
 * the list in JavaScript. Here the rows come straight from the marketplace's
 * `plugins` table, small columns only (no spec), which is kinder to the
 * baseline than fetching whole entities; the text matches as a
 * case-insensitive substring of name or description, filters are applied,
 * and the first 20 by name are kept, with the total.
 */
async function loadAndFilter(knex: Knex, c: TextCase): Promise<{ total: number; page: string[] }> {
  const rows: Array<{ id: string; name: string; description: string; category: string; roles: string; license: string | null }> =
    await knex('plugins').select('id', 'name', 'description', 'category', 'roles', 'license');
  const term = c.text.trim().toLowerCase();
  const { categories, roles, licenses } = c.filters ?? {};
  const matching = rows.filter(row => {
    if (!row.name.toLowerCase().includes(term) && !row.description.toLowerCase().includes(term)) return false;
    if (categories && !categories.includes(row.category)) return false;
    if (licenses && !licenses.includes(row.license ?? '')) return false;
    if (roles && !(JSON.parse(row.roles) as string[]).some(r => roles.includes(r))) return false;
    return true;
  });
  matching.sort((a, b) => a.name.localeCompare(b.name));
  return { total: matching.length, page: matching.slice(0, 20).map(r => r.id) };
}

// ---------------------------------------------------------------------------

async function main() {
  const admin = knexFactory({ client: 'pg', connection: { ...connection, database: 'postgres' } });
  const marketplaceDb = KEEP ? `bench_search_kept_${count}` : `bench_search_${process.pid}`;
  const catalogDb = `bench_search_catalog_${process.pid}`;
  const reuse = KEEP && (await isCompleteKeptDatabase(marketplaceDb));
  if (KEEP && !reuse) await admin.raw(`DROP DATABASE IF EXISTS ${marketplaceDb} WITH (FORCE)`);
  if (!reuse) await admin.raw(`CREATE DATABASE ${marketplaceDb}`);
  await admin.raw(`CREATE DATABASE ${catalogDb}`);
  const knex = knexFactory({ client: 'pg', connection: { ...connection, database: marketplaceDb }, pool: { min: 1, max: 5 } });
  const catalogKnex = knexFactory({ client: 'pg', connection: { ...connection, database: catalogDb }, pool: { min: 1, max: 5 } });
  const setup: Array<[string, string]> = [];
  const note = (label: string, seconds: number, detail = '') => {
    setup.push([label, `${seconds.toFixed(1).padStart(6)} s${detail ? `  ${detail}` : ''}`]);
    console.log(`  ${label}: ${seconds.toFixed(1)} s ${detail}`);
  };
  /** The synthetic plugins; the same every run. */
  async function generate() {
    const generated = await timed(() => generatePlugins(count));
    note('generate plugins (seeded)', generated.seconds);
    return generated.value;
  }

  /** The registry as the backend fills it: a source's listings through the ingester (scored, validated, stored), then embedded. */
  async function fillMarketplace(
    plugins: ListingInput[],
    store: DatabaseRegistryStore,
    indexer: ReturnType<typeof DefaultSemanticIndexer.create>,
  ) {
    const ingester = RegistryIngester.create({ store, logger: silentLogger });
    const ingested = await timed(() =>
      ingester.run({ id: 'npm', priority: 20, read: async () => ({ listings: plugins, issues: [] }) }),
    );
    if (ingested.value.error || ingested.value.listings !== count) {
      throw new Error(`Ingestion failed: ${ingested.value.error ?? JSON.stringify(ingested.value.issues.slice(0, 3))}`);
    }
    note('registry ingestion (RegistryIngester, search triggers)', ingested.seconds, `${Math.round(count / ingested.seconds)} plugins/s`);
    // A few installed plugins, so that the `installed` facet has something to count.
    await knex('installations').insert(
      plugins.slice(0, 50).map(p => ({ plugin_id: p.spec.id, version: p.spec.version, status: 'installed', installed_at: NOW.toISOString(), updated_at: NOW.toISOString() })),
    );
    // What autovacuum does shortly after a bulk load; without it the planner guesses.
    const vacuumed = await timed(() => knex.raw('VACUUM ANALYZE'));
    note('VACUUM ANALYZE', vacuumed.seconds);

    const indexed = await timed(() => indexer.refresh());
    note(
      'semantic index (local embeddings: fit, embed, store)',
      indexed.seconds,
      `${indexed.value.embedded} embedded, ${Math.round(indexed.value.embedded / indexed.seconds)} plugins/s (${indexed.value.provider})`,
    );
  }

  /** Whether a kept database holds every plugin and its embeddings: an interrupted run leaves one that does not. */
  async function isCompleteKeptDatabase(name: string): Promise<boolean> {
    if ((await admin.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name])).rows.length === 0) return false;
    const kept = knexFactory({ client: 'pg', connection: { ...connection, database: name } });
    try {
      const row = (
        await kept.raw(`SELECT (SELECT count(*) FROM plugins) AS plugins, (SELECT count(*) FROM plugin_embeddings) AS embedded`)
      ).rows[0];
      return Number(row.plugins) === count && Number(row.embedded) === count;
    } catch {
      return false;
    } finally {
      await kept.destroy();
    }
  }

  try {
    console.log(`Marketplace search on Postgres with ${count.toLocaleString('en')} synthetic plugins`);
    const database = mockServices.database({ knex });
    const store = await DatabaseRegistryStore.create({ database });
    const embeddingStore = await DatabaseEmbeddingStore.create({ database });
    const provider = LocalEmbeddingProvider.create();
    const plugins = reuse && !BASELINES ? [] : await generate();
    if (reuse) {
      console.log(`  reusing the plugins, search documents and embeddings kept in ${marketplaceDb}`);
    } else {
      await fillMarketplace(plugins, store, DefaultSemanticIndexer.create({ store: embeddingStore, provider }));
    }
    const semantic = DefaultSemanticIndex.create({ store: embeddingStore, provider });
    const loaded = await timed(() => semantic.rank('warm up', 1));
    note('semantic vectors loaded into memory (first query)', loaded.seconds);

    const text = await DatabaseTextSearchIndex.create({ database, backstageVersion: APP_BACKSTAGE_VERSION, now: () => NOW });
    const search = DefaultSearchService.create({ text, semantic, summaries: ids => store.getSummaries(ids) });

    let catalog: any;
    if (BASELINES) {
      const filled = await timed(() => fillCatalog(catalogKnex, plugins));
      await catalogKnex.raw('VACUUM ANALYZE');
      note('catalog: migrations, fill tables, VACUUM ANALYZE', filled.seconds, `${filled.value.searchRows.toLocaleString('en')} search rows`);
      catalog = new DefaultEntitiesCatalog({ database: catalogKnex, logger: silentLogger });
    }

    // Other work shares this machine: the load says how much of it these numbers had.
    const loadBefore = loadavg()[0];
    console.log('Measuring…');
    const textCases = TEXT_CASES.map(c => ({ label: c.label, query: c }));
    const results: Array<[string, Measured, number?]> = [];

    const textSearch = await measure(textCases, RUNS.text, async c => {
      const result = await search.search(searchQuery(c, 'text'));
      return `${result.totalCount} hits`;
    });
    results.push(['marketplace: text search + facets', textSearch, AIM_TEXT_P95_MS]);

    const browse = await measure(
      [
        { label: 'no text, popularity', query: {} as SearchFilters },
        { label: 'no text [category=monitoring]', query: { categories: ['monitoring'] } },
      ],
      RUNS.text,
      async filters => {
        const result = await search.search({ filters, sort: 'popularity', mode: 'text', limit: 20 });
        return `${result.totalCount} hits`;
      },
    );
    results.push(['marketplace: browse + facets (no text)', browse]);

    const semanticCases = SEMANTIC_CASES.map(c => ({ label: c.label, query: c }));
    const semanticSearch = await measure(semanticCases, RUNS.semantic, async c => {
      const result = await search.search(searchQuery(c, 'semantic'));
      return `top: ${result.items[0]?.name ?? '-'}`;
    });
    results.push(['marketplace: semantic search + facets', semanticSearch]);

    const hybridSearch = await measure(semanticCases, RUNS.semantic, async c => {
      const result = await search.search(searchQuery(c, 'hybrid'));
      return `top: ${result.items[0]?.name ?? '-'}`;
    });
    results.push(['marketplace: hybrid search + facets', hybridSearch]);

    const autocomplete = await measure(AUTOCOMPLETE_CASES, RUNS.autocomplete, async prefix => {
      const suggestions = await search.autocomplete(prefix, 8);
      return `first: ${suggestions[0]?.label ?? '-'}`;
    });
    results.push(['marketplace: autocomplete', autocomplete, AIM_AUTOCOMPLETE_P95_MS]);

    let catalogSearch: Measured | undefined;
    let inProcess: Measured | undefined;
    if (BASELINES) {
      catalogSearch = await measure(textCases, RUNS.catalog, async c => {
        const result = await catalog.queryEntities(catalogRequest(c));
        return `${result.totalItems} hits`;
      });
      results.push(['baseline a: catalog by-query fullTextFilter', catalogSearch]);

      inProcess = await measure(textCases, RUNS.inProcess, async c => {
        const result = await loadAndFilter(knex, c);
        return `${result.total} hits`;
      });
      results.push(['baseline b: load all rows, filter in JS', inProcess]);
    }

    // What every change to plugins or installations costs the next search on each replica: the
    // candidate rows read again and the in-memory structures over them rebuilt. A statement that
    // changes no row still bumps the search generation (see the search_generation migration).
    const afterChange = async (run: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        await knex('plugins').where({ id: '' }).update({ downloads_monthly: 0 });
        const started = performance.now();
        await run();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[1];
    };
    const firstSearch = await afterChange(() => search.search(searchQuery(TEXT_CASES[0], 'text')));
    const firstTypo = await afterChange(() => search.search(searchQuery(TEXT_CASES[8], 'text')));
    const firstSuggestion = await afterChange(() => search.autocomplete('kube', 8));

    const loadAfter = loadavg()[0];
    const settings = (await knex.raw(`SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS buffers`)).rows[0];

    console.log();
    console.log(
      `Postgres ${settings.version} (shared_buffers ${settings.buffers}), ${availableParallelism()} cores, ` +
        `load average ${loadBefore.toFixed(1)} before measuring, ${loadAfter.toFixed(1)} after`,
    );
    console.log(`Data setup (${count.toLocaleString('en')} plugins)`);
    for (const [label, value] of setup) console.log(`  ${label.padEnd(56)} ${value}`);
    console.log();
    console.log('Latency, ms (each query once untimed, then round-robin; p50/p95 over all timed runs)');
    console.log(`  ${'method'.padEnd(46)} ${'queries'.padStart(7)} ${'runs'.padStart(5)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}   aim`);
    for (const [label, m, aim] of results) {
      const verdict = aim === undefined ? '' : `p95 ≤ ${aim} ms: ${m.p95 <= aim ? 'met' : 'MISSED'}`;
      console.log(
        `  ${label.padEnd(46)} ${String(m.perQuery.length).padStart(7)} ${String(m.runs).padStart(5)} ${m.p50.toFixed(1).padStart(8)} ${m.p95.toFixed(1).padStart(8)}   ${verdict}`,
      );
    }
    console.log(
      `  ${'first query after a change (rows reloaded, indexes rebuilt)'.padEnd(60)} ` +
        `text ${firstSearch.toFixed(0)} ms, typo ${firstTypo.toFixed(0)} ms, autocomplete ${firstSuggestion.toFixed(0)} ms (median of 3)`,
    );
    console.log();
    console.log('Per text query: p50 ms and matches (the baselines match the whole text as a substring: no stemming, no typos)');
    console.log(`  ${'query'.padEnd(54)} ${'marketplace'.padStart(22)} ${'catalog'.padStart(22)} ${'load all'.padStart(22)}`);
    TEXT_CASES.forEach((c, i) => {
      const cell = (m: Measured | undefined) =>
        m ? `${m.perQuery[i].p50.toFixed(1).padStart(7)} ${m.perQuery[i].found.padStart(14)}` : '-'.padStart(22);
      console.log(`  ${c.label.padEnd(54)} ${cell(textSearch)} ${cell(catalogSearch)} ${cell(inProcess)}`);
    });
    for (const [title, m] of [['browse', browse], ['semantic', semanticSearch], ['hybrid', hybridSearch], ['autocomplete', autocomplete]] as const) {
      console.log(`Per ${title} query: p50 ms`);
      for (const q of m.perQuery) console.log(`  ${q.label.padEnd(54)} ${q.p50.toFixed(1).padStart(7)}   ${q.found}`);
    }
  } finally {
    await knex.destroy();
    await catalogKnex.destroy();
    if (!KEEP) await admin.raw(`DROP DATABASE IF EXISTS ${marketplaceDb} WITH (FORCE)`);
    await admin.raw(`DROP DATABASE IF EXISTS ${catalogDb} WITH (FORCE)`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
