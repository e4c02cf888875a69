/*
 * The plugin sandbox beside its alternatives, measured in the same run:
 * isolated-vm as the marketplace runs it (DefaultPluginSandbox: isolate,
 * bootstrap, watchdog, JSON bridge, route matching), bare isolated-vm,
 * node:vm contexts and worker_threads.
 *   bash bench/run.sh sandbox.ts [instances=100] [budgetMb=2048] [budgetSeconds=60]
 * For each: cold start (new instance, code loaded, first call answered),
 * call overhead (a small JSON echo), memory per instance (RSS growth over
 * `instances` live ones, after GC) and how many run at once (started until
 * RSS grew by budgetMb, the time budget ran out, or 5000 — whichever first;
 * then every one answers a call).
 */
import { LifecycleService, LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import ivm from 'isolated-vm';
import knexFactory from 'knex';
import { createPluginSandbox } from '../plugins/marketplace-backend/src/sandbox/createPluginSandbox';
import { DefaultPluginSandbox } from '../plugins/marketplace-backend/src/sandbox/DefaultPluginSandbox';
import { percentile } from './lib/common';

// isolated-vm needs --no-node-snapshot on Node 20+; GC between phases makes RSS comparable.
if (!process.execArgv.includes('--no-node-snapshot')) {
  const child = spawnSync(
    process.execPath,
    ['--no-node-snapshot', '--expose-gc', ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

const INSTANCES = Number(process.argv[2] ?? 100);
const BUDGET_MB = Number(process.argv[3] ?? 2048);
const BUDGET_SECONDS = Number(process.argv[4] ?? 60);
const MAX_AT_ONCE = 5_000;
const COLD_RUNS = 30;
const CALLS = 2_000;
const MEMORY_MB = 32;

setFlagsFromString('--expose-gc');
const gc: () => void = (globalThis as any).gc ?? vm.runInNewContext('gc');

/** The same small plugin for every kind: keeps a counter, echoes JSON. */
const BUNDLE = `
  let calls = 0;
  function handle(json) { const request = JSON.parse(json); calls += 1; return JSON.stringify({ echo: request, calls }); }
`;
const SANDBOX_BUNDLE = `
  let calls = 0;
  exports.routes = { 'POST /echo': req => ({ echo: req.body, calls: ++calls }) };
`;
const PAYLOAD = { user: 'user:default/ada', items: [1, 2, 3], note: 'hello' };
const PAYLOAD_JSON = JSON.stringify(PAYLOAD);

/** One instance of a kind: answers calls until disposed. */
interface Instance {
  call(): Promise<unknown>;
  dispose(): Promise<void>;
}

interface Kind {
  name: string;
  isolation: string;
  start(index: number): Promise<Instance>;
}

function sandboxSpec(id: string) {
  return {
    id,
    name: id,
    version: '1.0.0',
    description: 'bench',
    author: { name: 'bench' },
    tags: [],
    category: 'other' as const,
    dependencies: {},
    peerDependencies: {},
    environmentVariables: [],
    provides: [],
    requires: [],
    installation: { method: 'sandbox' as const, packages: [] },
    permissions: [],
    sandbox: { entry: 'bundle.js', limits: { memoryMb: MEMORY_MB, cpuTimeMsPerCall: 1_000, wallClockMsPerCall: 5_000 } },
    documentation: {},
  };
}

async function createSandbox(): Promise<{ sandbox: DefaultPluginSandbox; close(): Promise<void> }> {
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const quiet = { error() {}, warn() {}, info() {}, debug() {}, child: () => quiet } as unknown as LoggerService;
  const lifecycle = { addStartupHook() {}, addShutdownHook() {}, addBeforeShutdownHook() {} } as unknown as LifecycleService;
  const sandbox = await createPluginSandbox({
    config: mockServices.rootConfig({ data: { marketplace: { sandbox: { maxPlugins: MAX_AT_ONCE + 10 } } } }),
    logger: quiet,
    database: mockServices.database({ knex }),
    catalog: catalogServiceMock({ entities: [] }),
    events: { publish: async () => {}, subscribe: async () => {} },
    lifecycle,
  });
  return {
    sandbox,
    close: async () => {
      await sandbox.close();
      await knex.destroy();
    },
  };
}

function kinds(sandbox: DefaultPluginSandbox): Kind[] {
  return [
    {
      name: 'marketplace sandbox (isolated-vm)',
      isolation: 'own V8 heap, no Node APIs, limits enforced',
      async start(index) {
        const id = `bench.plugin-${index}`;
        await sandbox.startPlugin({ spec: sandboxSpec(id), code: SANDBOX_BUNDLE, grants: [] });
        return {
          call: () => sandbox.handleRequest(id, { method: 'POST', path: '/echo', query: {}, body: PAYLOAD }),
          dispose: async () => {
            await sandbox.stopPlugin(id);
          },
        };
      },
    },
    {
      name: 'isolated-vm, bare',
      isolation: 'own V8 heap, no Node APIs, no watchdog',
      async start() {
        const isolate = new ivm.Isolate({ memoryLimit: MEMORY_MB });
        const context = await isolate.createContext();
        const script = await isolate.compileScript(BUNDLE);
        await script.run(context);
        const handle: ivm.Reference = await context.global.get('handle', { reference: true });
        return {
          call: () => handle.apply(undefined, [PAYLOAD_JSON], { arguments: { copy: true }, result: { copy: true } }),
          dispose: async () => isolate.dispose(),
        };
      },
    },
    {
      name: 'node:vm context',
      isolation: 'none: shares the host heap and event loop, escapable',
      async start() {
        const context = vm.createContext({});
        new vm.Script(BUNDLE).runInContext(context);
        const handle = context.handle as (json: string) => string;
        return {
          call: async () => JSON.parse(handle(PAYLOAD_JSON)),
          dispose: async () => {},
        };
      },
    },
    {
      name: 'worker_threads worker',
      isolation: 'own V8 heap and thread, full Node APIs',
      async start() {
        const worker = new Worker(
          `const { parentPort } = require('node:worker_threads');${BUNDLE}parentPort.on('message', m => parentPort.postMessage(handle(m)));`,
          { eval: true },
        );
        const call = () =>
          new Promise<unknown>((resolve, reject) => {
            const onError = (error: Error) => reject(error);
            worker.once('error', onError);
            worker.once('message', m => {
              worker.off('error', onError);
              resolve(JSON.parse(m));
            });
            worker.postMessage(PAYLOAD_JSON);
          });
        await call();
        return { call, dispose: async () => void (await worker.terminate()) };
      },
    },
  ];
}

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

async function coldStart(kind: Kind, offset: number) {
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const started = performance.now();
    const instance = await kind.start(offset + i);
    await instance.call();
    times.push(performance.now() - started);
    await instance.dispose();
  }
  return stats(times);
}

async function callOverhead(kind: Kind, offset: number) {
  const instance = await kind.start(offset);
  for (let i = 0; i < 200; i++) await instance.call();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await instance.call();
    times.push((performance.now() - started) * 1000);
  }
  await instance.dispose();
  return stats(times);
}

async function memoryPerInstance(kind: Kind, offset: number) {
  gc();
  await new Promise(r => setTimeout(r, 100));
  const before = rssMb();
  const instances: Instance[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const instance = await kind.start(offset + i);
    await instance.call();
    instances.push(instance);
  }
  gc();
  await new Promise(r => setTimeout(r, 100));
  const perInstance = (rssMb() - before) / INSTANCES;
  for (const instance of instances) await instance.dispose();
  return perInstance;
}

async function atOnce(kind: Kind, offset: number) {
  gc();
  const before = rssMb();
  const started = performance.now();
  const instances: Instance[] = [];
  let reason = `cap of ${MAX_AT_ONCE}`;
  while (instances.length < MAX_AT_ONCE) {
    try {
      instances.push(await kind.start(offset + instances.length));
    } catch (error) {
      reason = `start failed: ${String(error).slice(0, 60)}`;
      break;
    }
    if (instances.length % 25 === 0) {
      if (rssMb() - before > BUDGET_MB) {
        reason = `${BUDGET_MB} MB RSS budget`;
        break;
      }
      if (performance.now() - started > BUDGET_SECONDS * 1000) {
        reason = `${BUDGET_SECONDS} s time budget`;
        break;
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const grown = rssMb() - before;
  // They all still answer.
  const answered = (await Promise.allSettled(instances.map(i => i.call()))).filter(r => r.status === 'fulfilled').length;
  for (const instance of instances) await instance.dispose();
  return { count: instances.length, answered, reason, seconds, grown };
}

/** Lets the memory of disposed instances go (isolates are freed on background threads). */
async function settle() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise(r => setTimeout(r, 1_000));
  }
}

async function main() {
  const { sandbox, close } = await createSandbox();
  const all = kinds(sandbox);
  console.log(
    `Sandbox options on this machine (${process.version}, ${require('node:os').cpus().length} CPUs, load ${require('node:os').loadavg()[0].toFixed(1)}): ` +
      `${COLD_RUNS} cold starts, ${CALLS} calls, memory over ${INSTANCES} instances, at once within ${BUDGET_MB} MB / ${BUDGET_SECONDS} s`,
  );
  // One phase at a time for every kind, the heaviest last, so that none measures another's teardown.
  let offset = 0;
  const cold = new Map<Kind, ReturnType<typeof stats>>();
  const call = new Map<Kind, ReturnType<typeof stats>>();
  const memory = new Map<Kind, number>();
  const most = new Map<Kind, Awaited<ReturnType<typeof atOnce>>>();
  for (const kind of all) cold.set(kind, await coldStart(kind, (offset += 10_000)));
  for (const kind of all) call.set(kind, await callOverhead(kind, (offset += 10_000)));
  for (const kind of all) {
    await settle();
    memory.set(kind, await memoryPerInstance(kind, (offset += 10_000)));
  }
  for (const kind of all) {
    await settle();
    most.set(kind, await atOnce(kind, (offset += 10_000)));
    const m = most.get(kind)!;
    console.log(`  ${kind.name}: ${m.count} at once (${m.answered} answered), RSS +${m.grown.toFixed(0)} MB in ${m.seconds.toFixed(1)} s; stopped by ${m.reason}`);
  }

  console.log('');
  console.log(
    `  ${'kind'.padEnd(34)} ${'cold p50'.padStart(8)} ${'cold p95'.padStart(8)} ${'call p50'.padStart(9)} ${'call p95'.padStart(9)} ${'MB each'.padStart(8)} ${'at once'.padStart(8)}  isolation`,
  );
  console.log(`  ${''.padEnd(34)} ${'ms'.padStart(8)} ${'ms'.padStart(8)} ${'µs'.padStart(9)} ${'µs'.padStart(9)} ${'RSS'.padStart(8)}`);
  for (const kind of all) {
    const c = cold.get(kind)!;
    const o = call.get(kind)!;
    console.log(
      `  ${kind.name.padEnd(34)} ${c.p50.toFixed(2).padStart(8)} ${c.p95.toFixed(2).padStart(8)}` +
        ` ${o.p50.toFixed(1).padStart(9)} ${o.p95.toFixed(1).padStart(9)} ${memory.get(kind)!.toFixed(2).padStart(8)}` +
        ` ${String(most.get(kind)!.count).padStart(8)}  ${kind.isolation}`,
    );
  }
  await close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
