import { AuditorServiceCreateEventOptions, coreServices, createBackendModule, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ListingInput, marketplaceRegistryExtensionPoint } from '@internal/backstage-plugin-marketplace-node';

/** One audit event as a test sees it: what happened, and how it ended (`success` or `fail: <message>`). */
export interface AuditRecord {
  eventId: string;
  severityLevel?: string;
  outcome: string;
  meta?: object;
}

/**
 * An auditor that keeps every event it is given in `audit`; with
 * `severity`, each record also says the event's severity level.
 */
export function recordingAuditor(options: { severity?: boolean } = {}) {
  const audit: AuditRecord[] = [];
  const record = (event: AuditorServiceCreateEventOptions, outcome: string, meta?: object) =>
    audit.push({ eventId: event.eventId, ...(options.severity ? { severityLevel: event.severityLevel } : {}), outcome, meta });
  const auditor = mockServices.auditor.mock({
    createEvent: async (event: AuditorServiceCreateEventOptions) => ({
      success: async (o?: { meta?: object }) => {
        record(event, 'success', { ...event.meta, ...o?.meta });
      },
      fail: async (o: { error: Error }) => {
        record(event, `fail: ${o.error.message}`, event.meta);
      },
    }),
  });
  return { audit, factory: auditor.factory };
}

/** Permissions that deny the permission named `name` and allow everything else. */
export function permissionsDenying(name?: string) {
  const decide = (r: any) => ({ result: r.permission.name === name ? AuthorizeResult.DENY : AuthorizeResult.ALLOW });
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () =>
      ({
        authorize: async (requests: any[]) => requests.map(decide),
        authorizeConditional: async (requests: any[]) => requests.map(decide),
      }) as any,
  });
}

/** A module of the marketplace that gives it `listings` as its npm source, for route tests. */
export function listingsModule(moduleId: string, listings: ListingInput[]) {
  return createBackendModule({
    pluginId: 'marketplace',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { registry: marketplaceRegistryExtensionPoint },
        async init({ registry }) {
          registry.addSource({ id: 'npm', priority: 20, read: async () => ({ listings, issues: [] }) });
        },
      });
    },
  });
}
