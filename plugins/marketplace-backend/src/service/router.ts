import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  AppEnvironment,
  marketplaceAdminPermission,
  marketplacePluginReadPermission,
} from '@internal/backstage-plugin-marketplace-common';
import { createRequestAuthorizer } from './authorizeRequest';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { DiscoveryService } from '../discovery';
import { SearchService } from '../search/DefaultSearchService';
import { RegistryRefresher } from '../registry/RegistryRefresher';
import { RegistryService } from '../registry/RegistryService';
import { HealthService } from '../services/HealthService';
import {
  parseAutocomplete,
  parseSearchQuery,
  parseDiscoveryQuery,
  parseEventBody,
  parseTrendingRange,
  parseListQuery,
  parsePluginId,
  parseSource,
  parseVersion,
} from './parseQuery';

/**
 * Builds the marketplace REST API, mounted at `/api/marketplace`
 * (documented in the package's openapi.yaml).
 *
 * @public
 */
export async function createRouter(options: {
  health: HealthService;
  environment: AppEnvironment;
  registry: RegistryService;
  discovery: DiscoveryService;
  search: SearchService;
  refresher: RegistryRefresher;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { health, environment, registry, discovery, search, refresher, httpAuth, permissions } =
    options;
  const router = Router();
  router.use(express.json());

  const authorize = createRequestAuthorizer({ httpAuth, permissions });
  const authorizeRead = (req: Request, allow?: Array<'user' | 'service'>) =>
    authorize(req, marketplacePluginReadPermission, { allow });
  const authorizeAdmin = (req: Request) => authorize(req, marketplaceAdminPermission);

  router.post('/refresh', async (req, res) => {
    const source = req.query.source === undefined ? undefined : parseSource(String(req.query.source));
    await authorizeAdmin(req);
    res.status(202).json(await refresher.refresh(source));
  });

  router.get('/health', async (_req, res) => {
    const result = await health.check();
    if (result.status !== 'ok') {
      const failed = (['database', 'cache'] as const)
        .filter(name => result[name].status !== 'ok')
        .map(name => `${name}: ${result[name].message}`);
      throw new ServiceUnavailableError(`Unhealthy: ${failed.join('; ')}`);
    }
    res.json(result);
  });

  router.get('/environment', async (req, res) => {
    await authorizeRead(req);
    res.json(environment);
  });

  router.get('/plugins', async (req, res) => {
    const query = parseListQuery(req.query);
    await authorizeRead(req);
    res.json(await registry.listPlugins(query));
  });

  // Search and discovery routes come before /plugins/:id, whose pattern would take them.
  router.get('/plugins/search', async (req, res) => {
    const query = parseSearchQuery(req.query);
    await authorizeRead(req);
    res.json(await search.search(query));
  });

  router.get('/plugins/autocomplete', async (req, res) => {
    const { prefix, limit } = parseAutocomplete(req.query);
    await authorizeRead(req);
    res.json({ items: await search.autocomplete(prefix, limit) });
  });

  router.get('/plugins/trending', async (req, res) => {
    const { limit, category } = parseDiscoveryQuery(req.query);
    const range = parseTrendingRange(req.query);
    await authorizeRead(req);
    res.json({ range, items: await discovery.trending({ range, limit, category }) });
  });

  router.get('/plugins/popular', async (req, res) => {
    const { limit, category } = parseDiscoveryQuery(req.query);
    await authorizeRead(req);
    res.json({ items: await discovery.popular({ limit, category }) });
  });

  router.get('/plugins/recommendations', async (req, res) => {
    const { limit } = parseDiscoveryQuery(req.query);
    const credentials = await authorizeRead(req, ['user']);
    const userRef = (credentials.principal as { userEntityRef: string }).userEntityRef;
    res.json({ items: await discovery.recommendFor(userRef, limit) });
  });

  router.get('/plugins/:id/similar', async (req, res) => {
    const id = parsePluginId(req.params.id);
    const { limit } = parseDiscoveryQuery(req.query);
    await authorizeRead(req);
    res.json({ pluginId: id, items: await discovery.similar(id, limit) });
  });

  router.post('/events', async (req, res) => {
    const event = parseEventBody(req.body);
    const credentials = await authorizeRead(req, ['user']);
    const userRef = (credentials.principal as { userEntityRef: string }).userEntityRef;
    await discovery.recordEvent({ ...event, userRef });
    res.status(202).json({ accepted: true });
  });

  router.get('/plugins/:id', async (req, res) => {
    const id = parsePluginId(req.params.id);
    await authorizeRead(req);
    res.json(await registry.getPlugin(id));
  });

  router.get('/plugins/:id/versions', async (req, res) => {
    const id = parsePluginId(req.params.id);
    await authorizeRead(req);
    res.json({ pluginId: id, items: await registry.getVersions(id) });
  });

  router.get('/plugins/:id/dependencies', async (req, res) => {
    const id = parsePluginId(req.params.id);
    const version = parseVersion(req.query);
    await authorizeRead(req);
    res.json(await registry.getDependencies(id, version));
  });

  router.get('/plugins/:id/changelog', async (req, res) => {
    const id = parsePluginId(req.params.id);
    await authorizeRead(req);
    res.json(await registry.getChangelog(id));
  });

  router.get('/plugins/:id/documentation', async (req, res) => {
    const id = parsePluginId(req.params.id);
    await authorizeRead(req);
    res.json(await registry.getDocumentation(id));
  });

  router.get('/categories', async (req, res) => {
    await authorizeRead(req);
    res.json({ items: await registry.listCategories() });
  });

  router.get('/status', async (req, res) => {
    await authorizeRead(req);
    const [status, semanticIndex] = await Promise.all([registry.getStatus(), search.semanticStatus()]);
    res.json({ ...status, semanticIndex });
  });

  router.get('/status/:source/issues', async (req, res) => {
    const source = parseSource(req.params.source);
    await authorizeRead(req);
    res.json({ source, items: await registry.getSourceIssues(source) });
  });

  router.get('/installed', async (req, res) => {
    await authorizeRead(req);
    res.json({ items: await registry.listInstalled() });
  });

  return router;
}
