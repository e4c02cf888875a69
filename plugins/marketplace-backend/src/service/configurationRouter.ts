import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  marketplaceConfigurePermission,
  marketplacePluginReadPermission,
} from '@internal/backstage-plugin-marketplace-common';
import { createAudited } from './audited';
import { createRequestAuthorizer } from './authorizeRequest';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { BulkConfigurator, ConfigurationGenerator, ManagedConfigStore } from '../configuration';
import {
  parseBulkConfigBody,
  parseConfigBody,
  parsePage,
  parseRevision,
  parseRollbackBody,
  parseSaveBody,
  parseYamlBody,
} from '../configuration/requests';
import { parsePluginId } from './parseQuery';

function authorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (principal.type === 'user' && principal.userEntityRef) return principal.userEntityRef;
  return `service:${principal.subject ?? 'unknown'}`;
}

/**
 * Routes of the configuration generator and the managed config file,
 * mounted at `/api/marketplace` beside the main router (see openapi.yaml).
 * Configuring several plugins at once is recorded by the auditor.
 *
 * @public
 */
export async function createConfigurationRouter(options: {
  generator: ConfigurationGenerator;
  store: ManagedConfigStore;
  configurator: BulkConfigurator;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): Promise<express.Router> {
  const { generator, store, configurator, httpAuth, permissions } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const authorize = createRequestAuthorizer({ httpAuth, permissions });
  const read = (req: Request) => authorize(req, marketplacePluginReadPermission);
  const configure = (req: Request) => authorize(req, marketplaceConfigurePermission);
  const audited = createAudited(options.auditor);

  router.get('/plugins/:pluginId/configuration', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    await read(req);
    res.json(await generator.getForm(pluginId));
  });

  router.post('/plugins/:pluginId/configuration/validate', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    const config = parseConfigBody(req.body);
    await read(req);
    res.json(await generator.validate(pluginId, config));
  });

  router.post('/plugins/:pluginId/configuration/preview', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    const config = parseConfigBody(req.body);
    await configure(req);
    res.json(await generator.preview(pluginId, config));
  });

  router.get('/config', async (req, res) => {
    await configure(req);
    res.json(await store.get());
  });

  router.put('/config', async (req, res) => {
    const change = parseSaveBody(req.body, parsePluginId);
    const author = authorOf(await configure(req));
    if (change.kind === 'plugin') {
      const { yaml, schema } = await generator.merge(change.pluginId, change.config, change.baseRevision);
      res.json(
        await store.save({
          yaml,
          author,
          message: change.message ?? `Configured ${change.pluginId}`,
          baseRevision: change.baseRevision,
          extraSchemas: [schema],
        }),
      );
      return;
    }
    res.json(
      await store.save({
        yaml: change.yaml,
        author,
        message: change.message ?? 'Edited the managed config',
        baseRevision: change.baseRevision,
      }),
    );
  });

  router.put('/config/plugins', async (req, res) => {
    const change = parseBulkConfigBody(req.body, parsePluginId);
    const result = await audited(
      req,
      'plugin-config-bulk',
      { plugins: Object.keys(change.plugins), baseRevision: change.baseRevision },
      async () => configurator.configure({ ...change, author: authorOf(await configure(req)) }),
      r => ({ revision: r.revision, changed: r.plugins.filter(p => p.changed).map(p => p.pluginId) }),
    );
    res.json(result);
  });

  router.post('/config/validate', async (req, res) => {
    const yaml = parseYamlBody(req.body);
    await configure(req);
    res.json(await store.validate(yaml));
  });

  router.get('/config/revisions', async (req, res) => {
    const page = parsePage(req.query);
    await configure(req);
    res.json(await store.listRevisions(page));
  });

  router.get('/config/revisions/:revision', async (req, res) => {
    const revision = parseRevision(req.params.revision);
    await configure(req);
    res.json(await store.getRevision(revision));
  });

  router.post('/config/revisions/:revision/rollback', async (req, res) => {
    const revision = parseRevision(req.params.revision);
    const body = parseRollbackBody(req.body);
    const author = authorOf(await configure(req));
    res.json(await store.rollback(revision, { ...body, author }));
  });

  return router;
}
