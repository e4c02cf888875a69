import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import { ResourceLimits } from '@internal/backstage-plugin-marketplace-common';
import { SandboxViolationKind } from '@internal/backstage-plugin-marketplace-node';
import { HostProbe, ProbeResult } from './__testUtils__/hostProbe';
import { createTestSandbox, definition, eventually, sandboxSpec } from './__testUtils__/sandbox';
import { AddressGuard } from './fetch/addressGuard';
import { ConnectFunction, GuardedFetcher } from './fetch/GuardedFetcher';

/**
 * Untrusted plugins attacking the host. For each attack: it is contained (the
 * call fails or the isolate is ended), it shows in the plugin's health and
 * logs, and the host keeps answering HTTP while it runs (latency printed at
 * the end). Network attacks are refused before any connection: only the
 * probe server on 127.0.0.1 is ever dialled, and no name reaches real DNS.
 */
jest.setTimeout(60_000);

const WALL_CLOCK_MS = 1_000;
// CPU attacks run with 100 ms of CPU per call; everything else with more, so a busy machine cannot fail them.
const LIMITS: Partial<ResourceLimits> = { memoryMb: 32, cpuTimeMsPerCall: 1_000, wallClockMsPerCall: WALL_CLOCK_MS };
const CPU = { cpuTimeMsPerCall: 100 };
// Floods make thousands of host calls: on a loaded machine they need more than the default wall clock.
const FLOOD = { cpuTimeMsPerCall: 5_000, wallClockMsPerCall: 20_000 };
const report: Array<{ attack: string; pings: number; p50: number; max: number; outcome: string }> = [];

const netConnect = jest.spyOn(net, 'connect');
const netCreateConnection = jest.spyOn(net, 'createConnection');
const tlsConnect = jest.spyOn(tls, 'connect');
const dnsLookup = jest.spyOn(dns, 'lookup');

let probe: HostProbe;
beforeAll(async () => {
  probe = await HostProbe.start();
});
afterAll(async () => {
  await probe.close();
  // eslint-disable-next-line no-console
  console.log(
    `Host HTTP latency during each attack (ms):\n${report
      .map(r => `  ${r.attack.padEnd(34)} pings ${String(r.pings).padStart(4)}  p50 ${r.p50.toFixed(1).padStart(6)}  max ${r.max.toFixed(1).padStart(7)}  ${r.outcome}`)
      .join('\n')}`,
  );
});

const names: Record<string, string[]> = {
  'localhost.test': ['127.0.0.1'],
  'internal.test': ['10.0.0.5'],
  'metadata.test': ['169.254.169.254'],
  'ula.test': ['fd00:ec2::254'],
  'redirect.test': ['127.0.0.1'],
};
const resolve = jest.fn(async (hostname: string) => {
  const addresses = names[hostname];
  if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return addresses.map(address => ({ address, family: net.isIP(address) }));
});
const connect = jest.fn<ReturnType<ConnectFunction>, Parameters<ConnectFunction>>(({ address, port }) =>
  net.connect({ host: address, port }),
);

async function sandboxWith(code: string, options: { limits?: Partial<ResourceLimits>; permissions?: any[]; allowAddresses?: string[] } = {}) {
  const { sandbox } = await createTestSandbox({
    fetcher: GuardedFetcher.create({ guard: AddressGuard.create(options.allowAddresses ?? []), resolve, connect }),
  });
  const spec = sandboxSpec('evil.plugin', {
    limits: { ...LIMITS, ...options.limits },
    permissions: options.permissions ?? [{ permission: 'log' }, { permission: 'kv' }, { permission: 'config.read' }],
  });
  const health = await sandbox.startPlugin(definition(spec, code));
  expect(health.state).toBe('running');
  const call = (path: string) => sandbox.handleRequest('evil.plugin', { method: 'GET', path, query: {} });
  return { sandbox, call };
}

/** Runs the attack while pinging the host; the host must answer within the wall clock throughout. */
async function underAttack<T>(attack: string, work: () => Promise<T>): Promise<ProbeResult<T>> {
  const result = await probe.during(work);
  const sorted = [...result.latencies].sort((a, b) => a - b);
  report.push({
    attack,
    pings: sorted.length,
    p50: sorted[Math.floor(sorted.length / 2)],
    max: sorted[sorted.length - 1],
    outcome: result.outcome.status === 'rejected' ? String(result.outcome.reason?.message ?? result.outcome.reason).slice(0, 70) : 'answered',
  });
  expect(sorted.length).toBeGreaterThan(0);
  expect(sorted[sorted.length - 1]).toBeLessThan(WALL_CLOCK_MS * 2);
  return result;
}

function rejection(result: ProbeResult<unknown>): Error {
  expect(result.outcome.status).toBe('rejected');
  return (result.outcome as PromiseRejectedResult).reason;
}

async function expectReported(sandbox: Awaited<ReturnType<typeof sandboxWith>>['sandbox'], kind: SandboxViolationKind) {
  const health = await sandbox.getHealth('evil.plugin');
  expect(health.recentViolations.map(v => v.kind)).toContain(kind);
  const logs = await sandbox.getLogs('evil.plugin', { source: 'host', level: 'warn' });
  expect(logs.some(l => l.message.startsWith(`${kind}:`))).toBe(true);
  return health;
}

describe('escape attempts', () => {
  it('finds no Node, no host objects and no way out', async () => {
    const { sandbox, call } = await sandboxWith(`
      const attempts = {
        process: () => typeof process,
        require: () => typeof require,
        globalRequire: () => typeof globalThis.require,
        constructorChain: () => String(this.constructor.constructor('return typeof process')()),
        functionThis: () => String(Function('return this')().process),
        asyncConstructor: () => (async () => {}).constructor('return typeof process')(),
        ctxFunctionConstructor: (ctx) => String(ctx.kv.get.constructor('return typeof process')()),
        consoleConstructor: () => String(console.log.constructor('return typeof require')()),
        evalTrick: () => eval('typeof process + typeof require + typeof Buffer'),
        indirectEval: () => (0, eval)('typeof setTimeout + typeof setImmediate + typeof queueMicrotask'),
        moduleLoad: () => typeof module.constructor._load,
        hostLeftovers: () => Object.getOwnPropertyNames(globalThis).filter(n => n.startsWith('__')).join(',') || 'none',
        stackFrames: () => { Error.prepareStackTrace = (e, frames) => [...new Set(frames.map(f => String(f.getFileName())))]; const s = new Error().stack; Error.prepareStackTrace = undefined; return s.join(','); },
        protoPollution: () => { Object.prototype.polluted = 'yes'; Array.prototype.map = () => 'hijacked'; return 'done'; },
        requestPrototype: (ctx, req) => String(Object.getPrototypeOf(req) === Object.prototype),
      };
      exports.routes = {
        'GET /escape': async (req, ctx) => {
          const out = {};
          for (const name of Object.keys(attempts)) {
            try { out[name] = await attempts[name](ctx, req); } catch (e) { out[name] = 'threw ' + e.name; }
          }
          try { out.dynamicImport = await import('node:fs'); } catch (e) { out.dynamicImport = 'threw ' + e.message; }
          return out;
        },
      };`);
    const result = await underAttack('escape attempts', () => call('/escape'));
    expect(result.outcome.status).toBe('fulfilled');
    const out = (result.outcome as PromiseFulfilledResult<any>).value.body;
    expect(out).toEqual({
      process: 'undefined',
      require: 'undefined',
      globalRequire: 'undefined',
      constructorChain: 'undefined',
      functionThis: 'undefined',
      asyncConstructor: 'undefined',
      ctxFunctionConstructor: 'undefined',
      consoleConstructor: 'undefined',
      evalTrick: 'undefinedundefinedundefined',
      indirectEval: 'undefinedundefinedundefined',
      moduleLoad: 'undefined',
      hostLeftovers: 'none',
      // Only the plugin's own frames: nothing of the host's stack is visible.
      stackFrames: expect.not.stringMatching(/node_modules|\/src\/|node:/),
      protoPollution: 'done',
      requestPrototype: 'true',
      dynamicImport: 'threw Not supported',
    });
    // What the plugin did to its own prototypes stays in its isolate.
    expect(({} as any).polluted).toBeUndefined();
    expect([1].map(x => x + 1)).toEqual([2]);
    await sandbox.close();
  });
});

describe('resource attacks', () => {
  it.each([
    ['infinite loop', `() => { for (;;) {} }`, 'cpu-per-call', CPU],
    ['endless promise chain', `() => { const f = () => Promise.resolve().then(f); return f(); }`, 'cpu-per-call', CPU],
    ['endless awaits on the host', `async (req, ctx) => { for (;;) await ctx.log.debug('again'); }`, 'wall-clock', { cpuTimeMsPerCall: 5_000 }],
    ['catastrophic regex', `() => /^(a+)+$/.test('a'.repeat(40) + 'b')`, 'cpu-per-call', CPU],
    ['blocking wait', `() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)`, 'cpu-per-call', CPU],
    ['memory bomb', `() => { const hoard = []; for (;;) hoard.push(new Array(1000000).fill(hoard.length)); }`, 'memory', { cpuTimeMsPerCall: 5_000, wallClockMsPerCall: 10_000 }],
    ['work left running after returning', `(req, ctx) => { const spin = () => { for (;;) {} }; ctx.log.debug('later').then(spin, spin); return 'returned'; }`, 'cpu-per-call', CPU],
  ])('contains a %s: the isolate is ended, reported and restarted', async (attack, handler, kind, limits) => {
    const { sandbox, call } = await sandboxWith(`exports.routes = { 'GET /attack': ${handler}, 'GET /ok': () => 'ok' };`, { limits });
    const result = await underAttack(attack, async () => {
      try {
        return await call('/attack');
      } finally {
        // Work that outlives its call is caught afterwards.
        await eventually(async () => (await sandbox.getHealth('evil.plugin')).recentViolations.length > 0);
      }
    });
    const outcome = result.outcome.status === 'rejected' ? result.outcome.reason.name : 'answered';
    // Work left running fails after its call answered; every other attack fails its call.
    expect(outcome).toBe(attack === 'work left running after returning' ? 'answered' : 'ServiceUnavailableError');
    const health = await expectReported(sandbox, kind as SandboxViolationKind);
    expect(health.failures).toBe(1);
    await eventually(async () => (await sandbox.getHealth('evil.plugin')).state === 'running');
    expect(await call('/ok')).toEqual({ status: 200, body: 'ok' });
    await sandbox.close();
  });

  it('refuses a huge return value inside the isolate, before it is copied out', async () => {
    const { sandbox, call } = await sandboxWith(`exports.routes = { 'GET /huge': () => 'x'.repeat(5 * 1024 * 1024), 'GET /ok': () => 'ok' };`, {
      limits: { memoryMb: 64 },
    });
    const error = rejection(await underAttack('huge return value', () => call('/huge')));
    expect(error.message).toBe('The result is 5242882 characters of JSON; the limit is 1048576');
    await expectReported(sandbox, 'result-size');
    // Not a crash: the isolate keeps running.
    expect((await sandbox.getHealth('evil.plugin')).state).toBe('running');
    expect(await call('/ok')).toEqual({ status: 200, body: 'ok' });
    await sandbox.close();
  });

  it('refuses array buffers past the memory limit with an error the plugin survives', async () => {
    const { sandbox, call } = await sandboxWith(
      `exports.routes = { 'GET /buffers': () => { const hoard = []; for (;;) hoard.push(new Uint8Array(8 * 1024 * 1024).fill(1)); }, 'GET /ok': () => 'ok' };`,
      { limits: { cpuTimeMsPerCall: 5_000, wallClockMsPerCall: 10_000 } },
    );
    const error = rejection(await underAttack('array buffer bomb', () => call('/buffers')));
    expect(error.message).toBe('RangeError: Array buffer allocation failed');
    expect((await sandbox.getHealth('evil.plugin')).state).toBe('running');
    expect(await call('/ok')).toEqual({ status: 200, body: 'ok' });
    await sandbox.close();
  });

  it('turns deep recursion into an error the plugin survives', async () => {
    const { sandbox, call } = await sandboxWith(`exports.routes = { 'GET /deep': () => { const r = n => r(n + 1) + 1; return r(0); }, 'GET /ok': () => 'ok' };`);
    const error = rejection(await underAttack('deep recursion', () => call('/deep')));
    expect(error.message).toBe('RangeError: Maximum call stack size exceeded');
    const health = await sandbox.getHealth('evil.plugin');
    expect(health).toMatchObject({ state: 'running', failures: 0, lastError: 'route "GET /deep": RangeError: Maximum call stack size exceeded' });
    const logs = await sandbox.getLogs('evil.plugin', { level: 'error' });
    expect(logs[0].message).toBe('the route "GET /deep" threw: RangeError: Maximum call stack size exceeded');
    expect(await call('/ok')).toEqual({ status: 200, body: 'ok' });
    await sandbox.close();
  });

  it('stops a plugin that keeps crashing after the allowed failures', async () => {
    const { sandbox, call } = await sandboxWith(`exports.routes = { 'GET /spin': () => { for (;;) {} } };`, { limits: CPU });
    await underAttack('repeated crashes', async () => {
      for (let i = 0; i < 3; i++) {
        await eventually(async () => (await sandbox.getHealth('evil.plugin')).state === 'running');
        await call('/spin').catch(() => undefined);
      }
    });
    const health = await sandbox.getHealth('evil.plugin');
    expect(health.state).toBe('failed');
    expect(health.reason).toMatch(/^it failed 3 times within 10 minutes; last: /);
    await expect(call('/spin')).rejects.toThrow('Plugin evil.plugin is failed');
    await sandbox.close();
  });

  it('stops a plugin that used its whole CPU budget', async () => {
    const { sandbox, call } = await sandboxWith(
      `exports.routes = { 'GET /work': () => { const until = Date.now() + 60; while (Date.now() < until) {} return 'done'; } };`,
      { limits: { cpuTimeMsTotal: 150 } },
    );
    await underAttack('CPU budget', async () => {
      for (let i = 0; i < 5; i++) await call('/work').catch(() => undefined);
    });
    const health = await expectReported(sandbox, 'cpu-total');
    expect(health.state).toBe('failed');
    expect(health.reason).toBe('it used its whole CPU budget of 150 ms');
    await sandbox.close();
  });
});

describe('floods', () => {
  it('holds a host-call flood to the API-call rate', async () => {
    const { sandbox, call } = await sandboxWith(
      `exports.routes = { 'GET /flood': async (req, ctx) => {
        let ok = 0, refused = 0;
        for (let i = 0; i < 200; i++) { try { await ctx.config.read('x'); ok++; } catch (e) { refused++; } }
        return { ok, refused };
      } };`,
      { limits: { ...FLOOD, apiCallsPerMinute: 50 } },
    );
    const result = await underAttack('API-call flood', () => call('/flood'));
    expect((result.outcome as PromiseFulfilledResult<any>).value.body).toEqual({ ok: 50, refused: 150 });
    const metrics = await sandbox.getMetrics('evil.plugin');
    expect(metrics.violations['rate-limit']).toBe(150);
    await expectReported(sandbox, 'rate-limit');
    await sandbox.close();
  });

  it('drops a log flood past the lines a minute, and says so once', async () => {
    const { sandbox, call } = await sandboxWith(
      `exports.routes = { 'GET /spam': async (req, ctx) => {
        const sent = [];
        for (let i = 0; i < 2000; i++) { sent.push(ctx.log.info('spam ' + i)); console.log('console spam', i); }
        await Promise.all(sent);
        return 'sent';
      } };`,
      { limits: FLOOD },
    );
    await underAttack('log flood', () => call('/spam'));
    await eventually(async () => (await sandbox.getMetrics('evil.plugin')).logsDropped >= 3_700, 20_000);
    const kept = await sandbox.getLogs('evil.plugin', { source: 'plugin', limit: 1000 });
    expect(kept).toHaveLength(300);
    await expectReported(sandbox, 'log-rate');
    const warnings = await sandbox.getLogs('evil.plugin', { source: 'host', text: 'log-rate' });
    expect(warnings).toHaveLength(1);
    await sandbox.close();
  });

  it('stops a key-value flood at the quota', async () => {
    const { sandbox, call } = await sandboxWith(
      `exports.routes = { 'GET /fill': async (req, ctx) => {
        let stored = 0;
        for (let i = 0; i < 500; i++) {
          try { await ctx.kv.set('key-' + i, 'v'.repeat(100)); stored++; } catch (e) { return { stored, error: e.message }; }
        }
        return { stored };
      } };`,
      { limits: { ...FLOOD, kvQuotaBytes: 2_000 } },
    );
    const result = await underAttack('key-value flood', () => call('/fill'));
    const body = (result.outcome as PromiseFulfilledResult<any>).value.body;
    expect(body.stored).toBe(18);
    expect(body.error).toMatch(/^storing "key-18" would use \d+ bytes; the quota is 2000$/);
    expect((await sandbox.getMetrics('evil.plugin')).kvBytesUsed).toBeLessThanOrEqual(2_000);
    await expectReported(sandbox, 'kv-quota');
    await sandbox.close();
  });

  it('answers busy past the calls in flight a plugin may have', async () => {
    const { sandbox, call } = await sandboxWith(
      `exports.routes = { 'GET /slow': async (req, ctx) => { for (let i = 0; i < 20; i++) await ctx.config.read('x'); return 'ok'; } };`,
      { limits: { ...FLOOD, apiCallsPerMinute: 5_000 } },
    );
    const result = await underAttack('call flood', () => Promise.allSettled(Array.from({ length: 60 }, () => call('/slow'))));
    const outcomes = (result.outcome as PromiseFulfilledResult<PromiseSettledResult<unknown>[]>).value;
    const busy = outcomes.filter(o => o.status === 'rejected' && /calls are already in flight/.test(String(o.reason)));
    expect(busy.length).toBeGreaterThan(0);
    expect(outcomes.filter(o => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(16);
    await expectReported(sandbox, 'busy');
    await sandbox.close();
  });
});

describe('network attacks', () => {
  const hosts = ['localhost.test', 'internal.test', 'metadata.test', 'ula.test', '127.0.0.1', '169.254.169.254', '[::1]', '10.0.0.1', '0x7f.1', 'redirect.test'];
  const fetchPlugin = `exports.routes = { 'GET /fetch': async (req, ctx) => {
    const out = {};
    for (const url of JSON.parse(req.query.urls)) {
      try { const r = await ctx.fetch(url); out[url] = 'fetched ' + r.status; } catch (e) { out[url] = e.message; }
    }
    return out;
  } };`;

  beforeEach(() => connect.mockClear());

  it('refuses loopback, private, link-local, metadata and unique-local targets before connecting', async () => {
    const { sandbox } = await sandboxWith(fetchPlugin, { limits: FLOOD, permissions: [{ permission: 'log' }, { permission: 'fetch', hosts }] });
    const urls = [
      `http://127.0.0.1:${probe.port}/ping`,
      `http://0x7f.1:${probe.port}/ping`,
      `http://localhost.test:${probe.port}/ping`,
      `http://[::1]:${probe.port}/ping`,
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.test/latest/meta-data/',
      'http://internal.test/admin',
      'http://10.0.0.1/',
      'http://ula.test/',
      'http://not-allowed.example/',
      'gopher://localhost.test/',
    ];
    const result = await underAttack('SSRF to forbidden addresses', () =>
      sandbox.handleRequest('evil.plugin', { method: 'GET', path: '/fetch', query: { urls: JSON.stringify(urls) } }),
    );
    const out = (result.outcome as PromiseFulfilledResult<any>).value.body;
    expect(out).toEqual({
      [urls[0]]: expect.stringContaining('127.0.0.1 is a loopback address'),
      [urls[1]]: expect.stringContaining('127.0.0.1 is a loopback address'),
      [urls[2]]: `localhost.test resolves to 127.0.0.1: 127.0.0.1 is a loopback address`,
      [urls[3]]: expect.stringContaining('::1 is a loopback address'),
      [urls[4]]: expect.stringContaining('169.254.169.254 is a link-local (cloud metadata) address'),
      [urls[5]]: 'metadata.test resolves to 169.254.169.254: 169.254.169.254 is a link-local (cloud metadata) address',
      [urls[6]]: 'internal.test resolves to 10.0.0.5: 10.0.0.5 is a private address',
      [urls[7]]: expect.stringContaining('10.0.0.1 is a private address'),
      [urls[8]]: 'ula.test resolves to fd00:ec2::254: fd00:ec2::254 is a unique local (private) address',
      [urls[9]]: 'not-allowed.example is not among the hosts this plugin may fetch from',
      [urls[10]]: 'gopher: URLs are not allowed, only http and https',
    });
    expect(connect).not.toHaveBeenCalled();
    expect((await sandbox.getMetrics('evil.plugin')).violations['fetch-denied']).toBe(urls.length);
    await expectReported(sandbox, 'fetch-denied');
    await sandbox.close();
  });

  it('refuses redirects into forbidden addresses after the one allowed loopback hop', async () => {
    // The administrator allowed 127.0.0.1 only, so the plugin reaches the probe and nothing behind it.
    const { sandbox } = await sandboxWith(fetchPlugin, {
      limits: FLOOD,
      permissions: [{ permission: 'fetch', hosts }],
      allowAddresses: ['127.0.0.1/32'],
    });
    const urls = ['/to-metadata', '/to-internal-name', '/to-ipv6-loopback', '/to-private-literal'].map(
      path => `http://redirect.test:${probe.port}${path}`,
    );
    const result = await underAttack('redirects into forbidden addresses', () =>
      sandbox.handleRequest('evil.plugin', { method: 'GET', path: '/fetch', query: { urls: JSON.stringify(urls) } }),
    );
    expect((result.outcome as PromiseFulfilledResult<any>).value.body).toEqual({
      [urls[0]]: expect.stringContaining('169.254.169.254 is a link-local (cloud metadata) address'),
      [urls[1]]: 'internal.test resolves to 10.0.0.5: 10.0.0.5 is a private address',
      [urls[2]]: expect.stringContaining('::1 is a loopback address'),
      [urls[3]]: expect.stringContaining('10.0.0.1 is a private address'),
    });
    // One connection per URL: the first hop, to the probe on 127.0.0.1.
    expect(connect.mock.calls.map(([options]) => `${options.address}:${options.port}`)).toEqual(
      urls.map(() => `127.0.0.1:${probe.port}`),
    );
    await sandbox.close();
  });

  it('refuses fetch to a plugin without the grant, and after it is revoked', async () => {
    const { sandbox } = await sandboxWith(fetchPlugin, {
      limits: FLOOD,
      permissions: [{ permission: 'fetch', hosts: ['redirect.test'] }],
      allowAddresses: ['127.0.0.1/32'],
    });
    const fetchPing = () =>
      sandbox.handleRequest('evil.plugin', { method: 'GET', path: '/fetch', query: { urls: JSON.stringify([`http://redirect.test:${probe.port}/ping`]) } });
    expect((await fetchPing()).body).toEqual({ [`http://redirect.test:${probe.port}/ping`]: 'fetched 200' });
    await sandbox.revokePermission('evil.plugin', 'fetch');
    expect((await fetchPing()).body).toEqual({
      [`http://redirect.test:${probe.port}/ping`]: 'fetch needs the "fetch" permission, which this plugin was not granted',
    });
    expect(connect).toHaveBeenCalledTimes(1);
    await sandbox.close();
  });
});

describe('the whole suite', () => {
  it('dialled nothing but the probe on loopback and looked up no name', () => {
    const dialled = [...netConnect.mock.calls, ...netCreateConnection.mock.calls].map(
      ([options]) => (options as unknown as { host?: string }).host,
    );
    expect(dialled.length).toBeGreaterThan(0);
    expect(new Set(dialled)).toEqual(new Set(['127.0.0.1']));
    expect(tlsConnect).not.toHaveBeenCalled();
    // The probe's listen() looks up its own IP literal; no name was looked up.
    expect(dnsLookup.mock.calls.map(([host]) => String(host)).filter(host => net.isIP(host) === 0)).toEqual([]);
  });
});
