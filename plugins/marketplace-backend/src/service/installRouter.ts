import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  InstallJob,
  marketplaceAdminPermission,
  marketplacePluginInstallPermission,
  marketplacePluginReadPermission,
} from '@internal/backstage-plugin-marketplace-common';
import { createAudited } from './audited';
import { createRequestAuthorizer } from './authorizeRequest';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { BulkUpdateService } from '../install/BulkUpdateService';
import { InstallService } from '../install/InstallService';
import { InstallExporter } from '../install/export/InstallExporter';
import {
  parseAfter,
  parseConfirm,
  parseInstallRequest,
  parseJobId,
  parseJobQuery,
  parseRestartScope,
  parseUpdateRequest,
} from '../install/parseInstall';
import { parsePluginId } from './parseQuery';

const FINISHED = new Set(['done', 'failed', 'cancelled']);
const POLL_MS = 300;
const KEEPALIVE_MS = 15_000;

function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (principal.type === 'user' && principal.userEntityRef) return principal.userEntityRef;
  return `service:${principal.subject ?? 'unknown'}`;
}

/**
 * The install engine's routes, mounted at `/api/marketplace` (see
 * openapi.yaml): install from a plan, update several plugins at once, job status and its events as
 * server-sent events, cancel, retry, uninstall, and an admin restart that
 * loads backend plugins waiting for one. Every change is permission-checked
 * and recorded by the auditor.
 *
 * @public
 */
export async function createInstallRouter(options: {
  install: InstallService;
  updates: BulkUpdateService;
  exporter: InstallExporter;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Ends the process so that its supervisor starts it again; absent when restarts are not managed. */
  restart?: () => void;
}): Promise<express.Router> {
  const { install, updates, exporter, httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const authorize = createRequestAuthorizer({ httpAuth, permissions });

  const audited = createAudited(auditor);
  const jobMeta = (job: InstallJob): JsonObject => ({ jobId: job.id, pluginId: job.pluginId, action: job.action, state: job.state });

  router.post('/install', async (req, res) => {
    const request = parseInstallRequest(req.body);
    const meta = { plugins: request.plugins.map(p => `${p.pluginId}${p.version ? `@${p.version}` : ''}`) };
    const response = await audited(
      req,
      'plugin-install',
      meta,
      async () => {
        const credentials = await authorize(req, marketplacePluginInstallPermission);
        return install.install(request, { requestedBy: actorOf(credentials) });
      },
      r => ({ batchId: r.batchId, jobs: r.jobs.map(jobMeta), alreadyInProgress: r.alreadyInProgress }),
    );
    res.status(202).json(response);
  });

  // Changes nothing (the answer is a patch to review): reading is permission enough, audited at low severity.
  router.post('/install/export', async (req, res) => {
    const request = parseInstallRequest(req.body);
    const plugins = request.plugins.map(p => `${p.pluginId}${p.version ? `@${p.version}` : ''}`);
    const event = await auditor.createEvent({ eventId: 'plugin-install-export', request: req, severityLevel: 'low', meta: { plugins } });
    try {
      await authorize(req, marketplacePluginReadPermission);
      const result = await exporter.exportInstall(request);
      await event.success({ meta: { plugins, files: result.files.map(f => f.path) } });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/install/updates', async (req, res) => {
    const request = parseUpdateRequest(req.body);
    const meta = { plugins: request.plugins ?? 'every update', allowBreaking: request.allowBreaking ?? false };
    const response = await audited(
      req,
      'plugin-update-bulk',
      meta,
      async () => {
        const credentials = await authorize(req, marketplacePluginInstallPermission);
        return updates.update(request, { requestedBy: actorOf(credentials) });
      },
      r => ({ batchId: r.batchId, jobs: r.jobs.map(jobMeta), skipped: r.skipped.map(s => s.pluginId), alreadyInProgress: r.alreadyInProgress }),
    );
    res.status(202).json(response);
  });

  router.get('/install/jobs', async (req, res) => {
    const query = parseJobQuery(req.query);
    await authorize(req, marketplacePluginReadPermission);
    res.json({ items: await install.listJobs(query) });
  });

  router.get('/install/jobs/:id', async (req, res) => {
    const id = parseJobId(req.params.id);
    await authorize(req, marketplacePluginReadPermission);
    res.json(await install.getJob(id));
  });

  router.get('/install/jobs/:id/events', async (req, res) => {
    const id = parseJobId(req.params.id);
    const after = parseAfter(req.header('last-event-id'), req.query);
    await authorize(req, marketplacePluginReadPermission);
    const job = await install.getJob(id);
    if (!req.accepts('text/event-stream') || req.accepts(['application/json', 'text/event-stream']) === 'application/json') {
      res.json({ job, items: await install.listEvents(id, after) });
      return;
    }
    await streamEvents(req, res, id, after);
  });

  /** Server-sent events: each job event as `event: progress`, the job on every change as `event: job`, then `event: end`. */
  async function streamEvents(req: Request, res: Response, id: string, after: number) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const flush = () => (res as unknown as { flush?: () => void }).flush?.();
    let closed = false;
    req.on('close', () => {
      closed = true;
    });
    let last = after;
    let lastState = '';
    let lastWrite = Date.now();
    while (!closed) {
      const events = await install.listEvents(id, last);
      for (const event of events) {
        res.write(`id: ${event.id}\nevent: progress\ndata: ${JSON.stringify(event)}\n\n`);
        last = event.id;
      }
      const job = await install.getJob(id);
      const state = `${job.state}:${job.attempt}:${job.cancelRequested}:${job.packages.map(p => p.status).join(',')}`;
      if (state !== lastState) {
        res.write(`event: job\ndata: ${JSON.stringify(job)}\n\n`);
        lastState = state;
      }
      if (events.length || state !== lastState) lastWrite = Date.now();
      if (FINISHED.has(job.state) && events.length === 0) {
        res.write(`event: end\ndata: ${JSON.stringify({ state: job.state })}\n\n`);
        flush();
        break;
      }
      if (Date.now() - lastWrite > KEEPALIVE_MS) {
        res.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
      flush();
      await new Promise(resolve => setTimeout(resolve, POLL_MS));
    }
    res.end();
  }

  router.post('/install/jobs/:id/cancel', async (req, res) => {
    const id = parseJobId(req.params.id);
    const job = await audited(
      req,
      'plugin-install-cancel',
      { jobId: id },
      async () => {
        await authorize(req, marketplacePluginInstallPermission);
        return install.cancel(id);
      },
      jobMeta,
    );
    res.json(job);
  });

  router.post('/install/jobs/:id/retry', async (req, res) => {
    const id = parseJobId(req.params.id);
    const job = await audited(
      req,
      'plugin-install-retry',
      { jobId: id },
      async () => {
        const credentials = await authorize(req, marketplacePluginInstallPermission);
        return install.retry(id, { requestedBy: actorOf(credentials) });
      },
      jobMeta,
    );
    res.status(202).json(job);
  });

  router.get('/installed/:pluginId/removal', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    await authorize(req, marketplacePluginReadPermission);
    res.json(await install.removalPlan(pluginId));
  });

  router.delete('/installed/:pluginId', async (req, res) => {
    const pluginId = parsePluginId(req.params.pluginId);
    const confirm = parseConfirm(req.query);
    const result = await audited(
      req,
      'plugin-uninstall',
      { pluginId, confirm },
      async () => {
        const credentials = await authorize(req, marketplacePluginInstallPermission);
        return install.uninstall(pluginId, { confirm, requestedBy: actorOf(credentials) });
      },
      r => ({ ...jobMeta(r.job), dataRemoval: r.plan.dataRemoval }),
    );
    res.status(202).json(result);
  });

  router.get('/install/restart', async (req, res) => {
    await authorize(req, marketplacePluginReadPermission);
    res.json({ supervised: Boolean(options.restart), ...(await install.restartStatus()) });
  });

  router.post('/install/restart', async (req, res) => {
    const scope = parseRestartScope(req.body);
    if (scope === 'all') {
      const status = await audited(
        req,
        'backend-restart',
        { replicas: 'all' },
        async () => {
          const credentials = await authorize(req, marketplaceAdminPermission);
          return install.requestRollingRestart({ requestedBy: actorOf(credentials) });
        },
        r => ({ replicas: r.rolling?.remaining ?? [] }),
      );
      res.status(202).json({ restarting: true, ...status });
      return;
    }
    await audited(
      req,
      'backend-restart',
      { replicas: 'this' },
      async () => {
        await authorize(req, marketplaceAdminPermission);
        if (!options.restart) throw new ServiceUnavailableError('This backend is not run by a supervisor that restarts it; restart it yourself');
      },
      () => ({}),
    );
    res.status(202).json({ restarting: true });
    // After the answer is sent: the supervisor starts the backend again.
    res.on('finish', () => options.restart?.());
  });

  return router;
}
