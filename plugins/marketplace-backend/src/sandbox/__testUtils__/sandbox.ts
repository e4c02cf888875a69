import { mockServices } from '@backstage/backend-test-utils';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { SchedulerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { JsonObject } from '@backstage/types';
import {
  PluginPermissionRequest,
  PluginSpecification,
  ResourceLimits,
} from '@internal/backstage-plugin-marketplace-common';
import { SandboxPluginDefinition } from '@internal/backstage-plugin-marketplace-node';
import { databases } from '../../__testUtils__/storage';
import { createPluginSandbox } from '../createPluginSandbox';
import { GuardedFetcher } from '../fetch/GuardedFetcher';

/** A manifest of a sandboxed plugin with the given permissions and limits. */
export function sandboxSpec(
  id: string,
  options: {
    permissions?: PluginPermissionRequest[];
    limits?: Partial<ResourceLimits>;
    provides?: PluginSpecification['provides'];
    requires?: PluginSpecification['requires'];
    defaultConfig?: JsonObject;
  } = {},
): PluginSpecification {
  return {
    id,
    name: id,
    version: '1.0.0',
    description: `Test plugin ${id}`,
    author: { name: 'Tests' },
    tags: [],
    category: 'other',
    dependencies: {},
    peerDependencies: {},
    environmentVariables: [],
    provides: options.provides ?? [],
    requires: options.requires ?? [],
    installation: { method: 'sandbox', packages: [] },
    permissions: options.permissions ?? [{ permission: 'log' }, { permission: 'kv' }],
    defaultConfig: options.defaultConfig,
    sandbox: {
      entry: 'bundle.js',
      limits: {
        memoryMb: 32,
        cpuTimeMsPerCall: 200,
        wallClockMsPerCall: 1_000,
        ...options.limits,
      },
    },
    documentation: {},
  };
}

/** A plugin definition from a manifest and the bundle's source. */
export function definition(
  spec: PluginSpecification,
  code: string,
  extra: Partial<SandboxPluginDefinition> = {},
): SandboxPluginDefinition {
  return { spec, code, ...extra };
}

/** An in-process events service that records what was published. */
export function recordingEvents(): EventsService & { published: EventParams[] } {
  const subscribers: Array<{ topics: string[]; onEvent: (e: EventParams) => Promise<void> }> = [];
  const published: EventParams[] = [];
  return {
    published,
    async publish(params) {
      published.push(params);
      await Promise.all(subscribers.filter(s => s.topics.includes(params.topic)).map(s => s.onEvent(params)));
    },
    async subscribe(options) {
      subscribers.push(options);
    },
  };
}

/**
 * A sandbox over a fresh database (SQLite unless told), with fast restarts
 * (10 ms, doubling) and whatever services a test hands in.
 */
export async function createTestSandbox(
  options: {
    databaseId?: string;
    sandboxConfig?: JsonObject;
    catalog?: CatalogService;
    events?: EventsService;
    scheduler?: SchedulerService;
    actionsRegistry?: ActionsRegistryService;
    fetcher?: GuardedFetcher;
    backendConfig?: JsonObject;
  } = {},
) {
  const knex = await databases.init((options.databaseId ?? 'SQLITE_3') as 'SQLITE_3');
  const lifecycle = mockServices.lifecycle.mock();
  const sandbox = await createPluginSandbox({
    config: mockServices.rootConfig({
      data: {
        ...options.backendConfig,
        marketplace: {
          sandbox: {
            restart: { baseDelayMs: 10, maxDelayMs: 40, maxFailures: 3 },
            ...options.sandboxConfig,
          },
        },
      },
    }),
    logger: mockServices.logger.mock(),
    database: mockServices.database({ knex }),
    catalog: options.catalog ?? catalogServiceMock({ entities: [] }),
    events: options.events ?? recordingEvents(),
    lifecycle,
    scheduler: options.scheduler,
    actionsRegistry: options.actionsRegistry,
    fetcher: options.fetcher,
  });
  return { sandbox, knex };
}

/** Waits until `check` returns true, polling; throws after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 20));
  }
}
