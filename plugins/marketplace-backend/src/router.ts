import { ServiceUnavailableError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { HealthService } from './services/HealthService';

/**
 * Builds the marketplace REST API, mounted at `/api/marketplace`.
 *
 * @public
 */
export async function createRouter(options: {
  health: HealthService;
}): Promise<express.Router> {
  const { health } = options;
  const router = Router();
  router.use(express.json());

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

  return router;
}
