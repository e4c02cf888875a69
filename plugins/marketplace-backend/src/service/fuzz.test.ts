import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { marketplacePlugin } from '../plugin';

jest.setTimeout(120_000);

// A small deterministic generator, so a failure can be replayed from its seed.
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  '', ' ', '0', '-1', '1e309', 'NaN', 'null', 'undefined', '[]', '{}', '%', '%00', '%zz',
  '..', '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --", '\u0000', '💥',
  'a'.repeat(5000), 'backstage.catalog', 'Backstage.Catalog', '__proto__', 'constructor',
  '9'.repeat(40), 'true', 'desc', 'downloads', 'monitoring',
];
const PATHS = [
  '/plugins', '/plugins/{x}', '/plugins/{x}/versions', '/plugins/{x}/dependencies',
  '/plugins/{x}/changelog', '/plugins/{x}/documentation', '/categories', '/status',
  '/status/{x}/issues', '/installed', '/health', '/{x}', '/plugins/{x}/{x}',
];
const PARAMS = ['offset', 'limit', 'sort', 'order', 'category', 'source', 'installed', 'version', 'q', '__proto__'];
const METHODS = ['get', 'get', 'get', 'post', 'put', 'delete', 'patch'] as const;

describe('REST API under random and malformed requests', () => {
  it('never answers with a 5xx', async () => {
    const { server } = await startTestBackend({
      features: [
        marketplacePlugin,
        mockServices.scheduler.factory({ includeInitialDelayedTasksOnStartup: true }),
      ],
    });
    const random = prng(20261125);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const piece = () =>
      random() < 0.7 ? encodeURIComponent(pick(NASTY)) : pick(NASTY).replace(/[^\x21-\x7e]|[#?]/g, '');

    const failures: string[] = [];
    for (let i = 0; i < 400; i++) {
      const path = pick(PATHS).replace(/\{x\}/g, piece);
      const params = Array.from({ length: Math.floor(random() * 4) }, () => {
        const name = pick(PARAMS);
        return random() < 0.2 ? `${name}[]=${piece()}` : `${name}=${piece()}`;
      });
      const url = `/api/marketplace${path}${params.length ? `?${params.join('&')}` : ''}`;
      const method = pick(METHODS);
      let call = request(server)[method](url);
      if (method !== 'get' && random() < 0.5) {
        call = call.set('Content-Type', 'application/json').send(random() < 0.5 ? '{"broken": ' : JSON.stringify({ x: pick(NASTY) }));
      }
      const res = await call;
      if (res.status >= 500) {
        failures.push(`${method.toUpperCase()} ${url.slice(0, 200)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
