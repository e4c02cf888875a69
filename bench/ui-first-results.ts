/*
 * The marketplace in a real browser (Debian's Chromium), served by the backend
 * with the production config (Postgres and Redis) and the built frontend:
 *  - time from navigation to the first result card, for browsing, a category,
 *    a text search and a search by meaning, with the real dataset (~270 plugins)
 *    and with 100k synthetic plugins added;
 *  - the JavaScript the marketplace route loads when opened from the sidebar.
 *   yarn workspace app build && bash bench/run.sh ui-first-results.ts [count=100000] [runs=9]
 * Uses POSTGRES_* and REDIS_URL like the app (defaults: local servers); port 7007 must be free.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { chromium, Browser, Page } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import knexFactory from 'knex';
import { DatabaseRegistryStore } from '../plugins/marketplace-backend/src/registry/DatabaseRegistryStore';
import { syntheticListing } from './lib/syntheticListing';
import { percentile, postgresConnection } from './lib/common';

const count = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 9);
const root = path.resolve(__dirname, '..');
const baseUrl = 'http://localhost:7007';
const token = `bench-${process.pid}-token`;
const pg = postgresConnection;

const SCENARIOS: Array<[string, string]> = [
  ['browse everything', '/marketplace?browse=1'],
  ['one category', '/marketplace?category=monitoring'],
  ['text search', '/marketplace?q=kubernetes'],
  ['search by meaning', '/marketplace?q=on-call%20incidents'],
];

async function dropDatabases(prefix: string) {
  const admin = knexFactory({ client: 'pg', connection: { ...pg, database: 'postgres' } });
  try {
    const { rows } = await admin.raw('SELECT datname FROM pg_database WHERE starts_with(datname, ?)', [prefix]);
    for (const { datname } of rows) await admin.raw(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.destroy();
  }
}

/** Fills the marketplace's database with `n` synthetic plugins before the backend starts. */
async function preload(prefix: string, n: number) {
  const database = `${prefix}marketplace`;
  const admin = knexFactory({ client: 'pg', connection: { ...pg, database: 'postgres' } });
  await admin.raw(`CREATE DATABASE "${database}"`);
  await admin.destroy();
  const knex = knexFactory({ client: 'pg', connection: { ...pg, database }, pool: { min: 1, max: 4 } });
  try {
    const store = await DatabaseRegistryStore.create({ database: mockServices.database({ knex }) });
    const started = performance.now();
    await store.replaceSource('npm', Array.from({ length: n }, (_, i) => syntheticListing(i, n)));
    await knex.raw('VACUUM ANALYZE');
    console.log(`  preloaded ${n.toLocaleString('en')} plugins in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await knex.destroy();
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, seconds: number, backend: ChildProcess) {
  for (let i = 0; i < seconds * 2; i++) {
    if (backend.exitCode !== null) throw new Error(`the backend exited while waiting for ${what}`);
    if (await check().catch(() => false)) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startBackend(prefix: string): Promise<ChildProcess> {
  const configs = ['app-config.yaml', 'app-config.production.yaml', 'app-config.guest.yaml', 'e2e/app-config.e2e.yaml'];
  const log = fs.openSync(path.join(root, `bench/.ui-backend-${process.pid}.log`), 'w');
  const backend = spawn(
    'bash',
    [path.join(root, 'scripts/run-backend.sh'), ...configs.flatMap(c => ['--config', `../../${c}`])],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        APP_BASE_URL: baseUrl,
        E2E_STATIC_TOKEN: token,
        E2E_DATABASE_PREFIX: prefix,
        POSTGRES_HOST: pg.host,
        POSTGRES_PORT: String(pg.port),
        POSTGRES_USER: pg.user,
        POSTGRES_PASSWORD: pg.password,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      },
    },
  );
  await waitFor('health', async () => (await fetch(`${baseUrl}/api/marketplace/health`)).ok, 180, backend);
  await waitFor(
    'the seed',
    async () => {
      const res = await fetch(`${baseUrl}/api/marketplace/status`, { headers: { authorization: `Bearer ${token}` } });
      return /"id":"seed","plugins":[1-9]/.test(await res.text());
    },
    180,
    backend,
  );
  return backend;
}

/** CPU seconds the process group's leader (the backend's node, run-backend.sh execs it) has used. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Waits until the backend has finished its start-up work (ingestion, the first
 * embedding of every plugin), so that measurements see a backend at rest, as
 * users would minutes after a deploy.
 */
async function waitUntilIdle(backend: ChildProcess) {
  const started = performance.now();
  for (let i = 0; i < 300; i++) {
    const before = cpuSeconds(backend.pid!);
    await new Promise(r => setTimeout(r, 2000));
    if (cpuSeconds(backend.pid!) - before < 0.1) {
      console.log(`  backend at rest after ${((performance.now() - started) / 1000).toFixed(0)} s of start-up work`);
      return;
    }
  }
  console.log('  backend still busy after 10 minutes; measuring anyway');
}

function stopBackend(backend: ChildProcess) {
  try {
    process.kill(-backend.pid!, 'SIGTERM');
  } catch {
    // Already gone.
  }
  return new Promise<void>(resolve => (backend.exitCode !== null ? resolve() : backend.once('exit', () => resolve())));
}

async function signedInPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${baseUrl}/`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Marketplace', exact: true }).waitFor();
  return page;
}

/** Milliseconds from navigation start to the first result card on screen. */
async function timeToFirstResult(page: Page, url: string): Promise<number> {
  await page.goto(`${baseUrl}${url}`, { waitUntil: 'commit' });
  await page.getByTestId('plugin-card').first().waitFor({ state: 'visible', timeout: 60_000 });
  return page.evaluate(() => performance.now());
}

/**
 * Milliseconds from an in-app navigation (the app already loaded, as when a
 * user follows a link or goes back) to the first result card: the search
 * request and the render, without the app's own start.
 */
async function timeToFirstResultInApp(page: Page, url: string): Promise<number> {
  // Start from a page without result cards.
  await page.evaluate(() => {
    window.history.pushState({}, '', '/marketplace/installed');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.getByTestId('plugin-card').first().waitFor({ state: 'detached' });
  const started = await page.evaluate(target => {
    window.history.pushState({}, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
    return performance.now();
  }, url);
  await page.getByTestId('plugin-card').first().waitFor({ state: 'visible', timeout: 60_000 });
  return (await page.evaluate(() => performance.now())) - started;
}

async function measureScenarios(browser: Browser, label: string) {
  const page = await signedInPage(browser);
  console.log(`Time to first results, ${label} (${runs} runs each, after one warm-up; p50 / p95 ms):`);
  console.log(`  ${''.padEnd(20)} ${'page load'.padStart(15)}   ${'in-app navigation'.padStart(17)}`);
  for (const [name, url] of SCENARIOS) {
    const load: number[] = [];
    const inApp: number[] = [];
    await timeToFirstResult(page, url);
    for (let i = 0; i < runs; i++) load.push(await timeToFirstResult(page, url));
    for (let i = 0; i < runs; i++) inApp.push(await timeToFirstResultInApp(page, url));
    const show = (times: number[]) => {
      times.sort((a, b) => a - b);
      return `${percentile(times, 50).toFixed(0).padStart(5)} / ${percentile(times, 95).toFixed(0).padStart(5)}`;
    };
    console.log(`  ${name.padEnd(20)} ${show(load).padStart(15)}   ${show(inApp).padStart(17)}`);
  }
  await page.close();
}

/** The scripts a fresh signed-in browser loads to show `url`, by address, once no new one arrives for 2 s. */
async function scriptsFor(browser: Browser, url: string, ready: (page: Page) => Promise<unknown>) {
  const page = await signedInPage(browser);
  await page.goto(`${baseUrl}/settings`);
  const scripts = new Map<string, Buffer>();
  page.on('response', async response => {
    if (response.request().resourceType() === 'script') {
      scripts.set(response.url(), await response.body().catch(() => Buffer.alloc(0)));
    }
  });
  await page.goto(`${baseUrl}${url}`);
  await ready(page);
  for (let seen = -1; seen !== scripts.size; ) {
    seen = scripts.size;
    await page.waitForTimeout(2000);
  }
  await page.close();
  return scripts;
}

/**
 * The JavaScript of the marketplace route: what a fresh browser loads for
 * /marketplace that it does not load for the catalog home page.
 */
async function measureRouteJavaScript(browser: Browser) {
  const home = await scriptsFor(browser, '/', page =>
    page.getByRole('link', { name: 'Marketplace app (backend)' }).waitFor(),
  );
  const marketplace = await scriptsFor(browser, '/marketplace', page =>
    page.getByRole('list', { name: 'Popular' }).getByRole('listitem').first().waitFor(),
  );
  const size = (bodies: Buffer[]) => {
    const raw = bodies.reduce((n, b) => n + b.length, 0);
    const gzip = bodies.reduce((n, b) => n + zlib.gzipSync(b).length, 0);
    return `${(raw / 1024).toFixed(0)} KiB (${(gzip / 1024).toFixed(0)} KiB gzip)`;
  };
  const own = [...marketplace].filter(([address]) => !home.has(address)).map(([, body]) => body);
  console.log(`JavaScript: the app's home page loads ${home.size} scripts, ${size([...home.values()])}`);
  console.log(`JavaScript: /marketplace loads ${marketplace.size} scripts, ${size([...marketplace.values()])}; of which ${own.length} only for the marketplace route, ${size(own)}`);
}

async function main() {
  if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
    throw new Error('packages/app/dist is missing: run `yarn workspace app build` first');
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    for (const dataset of ['real', 'scaled'] as const) {
      const prefix = `bench_ui_${process.pid}_${dataset}_`;
      if (dataset === 'scaled') await preload(prefix, count);
      const backend = await startBackend(prefix);
      try {
        await waitUntilIdle(backend);
        const label = dataset === 'real' ? 'real dataset' : `real dataset + ${count.toLocaleString('en')} synthetic plugins`;
        if (dataset === 'real') await measureRouteJavaScript(browser);
        await measureScenarios(browser, label);
      } finally {
        await stopBackend(backend);
        await dropDatabases(prefix);
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
