import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { marketplacePluginReadPermission } from '@internal/backstage-plugin-marketplace-common';
import {
  DependencyResolver,
  PluginUniverse,
} from '@internal/backstage-plugin-marketplace-node';
import { createRequestAuthorizer } from './authorizeRequest';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import {
  parseLimit,
  parseNameList,
  parsePlanRequest,
  parsePrerelease,
} from '../planning/parsePlanning';
import { parsePluginId, parseVersion } from './parseQuery';

/**
 * Install planning routes, mounted at `/api/marketplace` beside the main
 * router (documented in the package's openapi.yaml): plans, dependency
 * analysis, the update plan, and the universe reads through which other
 * backend plugins resolve with `dependencyResolverServiceRef`.
 *
 * @public
 */
export async function createPlanningRouter(options: {
  resolver: DependencyResolver;
  universe: PluginUniverse;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { resolver, universe, httpAuth, permissions } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  // Planning only reads: the same single decision as the rest of the registry.
  const authorize = createRequestAuthorizer({ httpAuth, permissions });
  const authorizeRead = (req: Request) => authorize(req, marketplacePluginReadPermission);

  router.post('/install/plan', async (req, res) => {
    const request = parsePlanRequest(req.body);
    await authorizeRead(req);
    res.json(await resolver.plan(request));
  });

  router.get('/install/updates', async (req, res) => {
    const allowPrerelease = parsePrerelease(req.query);
    await authorizeRead(req);
    res.json(await resolver.planUpdates({ allowPrerelease }));
  });

  router.get('/plugins/:id/analysis', async (req, res) => {
    const id = parsePluginId(req.params.id);
    const version = parseVersion(req.query);
    const allowPrerelease = parsePrerelease(req.query);
    await authorizeRead(req);
    res.json(await resolver.analyze(id, { version, allowPrerelease }));
  });

  router.get('/plugins/:id/dependents', async (req, res) => {
    const id = parsePluginId(req.params.id);
    const limit = parseLimit(req.query);
    await authorizeRead(req);
    res.json({ pluginId: id, items: await universe.getDependents(id, limit) });
  });

  router.post('/planning/plugins', async (req, res) => {
    const ids = parseNameList(req.body, 'ids');
    await authorizeRead(req);
    res.json({ items: await universe.getPlugins(ids, { closure: req.body.closure === true }) });
  });

  router.post('/planning/package-owners', async (req, res) => {
    const names = parseNameList(req.body, 'names');
    await authorizeRead(req);
    res.json({ owners: Object.fromEntries(await universe.getPackageOwners(names)) });
  });

  return router;
}
