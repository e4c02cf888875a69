import dns from 'node:dns';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import tls from 'node:tls';
import { SandboxLimitError } from '../errors';
import { AddressGuard } from './addressGuard';
import { ConnectFunction, GuardedFetcher, hostAllowed } from './GuardedFetcher';

/**
 * Every connection these tests open goes to a server on 127.0.0.1 that the
 * test started. Forbidden addresses are refused before the connect function
 * is called: the spies on the injected connect, on net/tls and on dns.lookup
 * prove no socket was opened and no real name resolved.
 */
describe('GuardedFetcher', () => {
  let server: http.Server;
  let port: number;
  const hits: string[] = [];
  const netConnect = jest.spyOn(net, 'connect');
  const netCreateConnection = jest.spyOn(net, 'createConnection');
  const tlsConnect = jest.spyOn(tls, 'connect');
  const dnsLookup = jest.spyOn(dns, 'lookup');

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} host=${req.headers.host} auth=${req.headers.authorization ?? ''}`);
      const to = (location: string) => {
        res.writeHead(302, { location });
        res.end();
      };
      switch (req.url) {
        case '/ok':
          res.writeHead(200, { 'content-type': 'application/json', 'x-test': 'yes' });
          res.end(JSON.stringify({ ok: true }));
          return;
        case '/echo': {
          let body = '';
          req.on('data', c => {
            body += c;
          });
          req.on('end', () => res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] })));
          return;
        }
        case '/to-metadata':
          to('http://169.254.169.254/latest/meta-data/');
          return;
        case '/to-internal-name':
          to('http://internal.test/admin');
          return;
        case '/to-ipv6-loopback':
          to('http://[::1]/');
          return;
        case '/to-ok':
          to(`http://allowed.test:${port}/ok`);
          return;
        case '/to-other-origin':
          to(`http://other.test:${port}/ok`);
          return;
        case '/see-other':
          res.writeHead(303, { location: '/echo' });
          res.end();
          return;
        case '/forever':
          to('/forever');
          return;
        case '/big':
          res.end('x'.repeat(2 * 1024 * 1024));
          return;
        default:
          res.writeHead(404);
          res.end();
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  // Every connection and lookup of every test, kept across the per-test reset of the spies.
  const dialled: string[] = [];
  let tlsConnections = 0;
  let realLookups = 0;
  beforeEach(() => {
    hits.length = 0;
    for (const [target] of [...netConnect.mock.calls, ...netCreateConnection.mock.calls]) {
      dialled.push(String((target as unknown as { host?: string }).host));
    }
    tlsConnections += tlsConnect.mock.calls.length;
    // The test server's listen() looks up its own IP literal; a name would be a real lookup.
    realLookups += dnsLookup.mock.calls.filter(([host]) => net.isIP(String(host)) === 0).length;
    jest.clearAllMocks();
  });

  const names: Record<string, string[]> = {
    'allowed.test': ['127.0.0.1'],
    'other.test': ['127.0.0.1'],
    'internal.test': ['10.0.0.5'],
    'metadata.test': ['169.254.169.254'],
    'mixed.test': ['127.0.0.1', '10.1.1.1'],
    'mapped.test': ['::ffff:127.0.0.1'],
    'ula.test': ['fd00::1'],
  };
  const resolve = jest.fn(async (hostname: string) => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map(address => ({ address, family: net.isIP(address) }));
  });
  const connect = jest.fn<ReturnType<ConnectFunction>, Parameters<ConnectFunction>>(({ address, port: p }) =>
    net.connect({ host: address, port: p }),
  );

  function fetcher(allowAddresses: string[] = [], maxResponseBytes?: number) {
    return GuardedFetcher.create({ guard: AddressGuard.create(allowAddresses), resolve, connect, maxResponseBytes });
  }

  const options = (allowedHosts: string[], onBytes: (n: number) => void = () => {}) => ({
    allowedHosts,
    signal: AbortSignal.timeout(5_000),
    onBytes,
  });

  async function refusal(promise: Promise<unknown>): Promise<SandboxLimitError> {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(SandboxLimitError);
    return error as SandboxLimitError;
  }

  it('fetches from an allowed host on an allowed address, connecting to the address it checked', async () => {
    const response = await fetcher(['127.0.0.1/32']).fetch(
      { url: `http://allowed.test:${port}/ok`, headers: { Host: 'evil.test', 'X-Mine': '1' } },
      options(['allowed.test']),
    );
    expect(response).toMatchObject({ status: 200, body: '{"ok":true}', redirected: false });
    expect(response.headers['x-test']).toBe('yes');
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(connect).toHaveBeenCalledWith({ address: '127.0.0.1', port, servername: 'allowed.test', tls: false });
    // The spy on net.connect sees real connections (so its silence elsewhere means none were made).
    expect(netConnect).toHaveBeenCalledTimes(1);
    // The Host header is the URL's; a plugin cannot set its own.
    expect(hits).toEqual([`GET /ok host=allowed.test:${port} auth=`]);
  });

  it.each([
    ['loopback', 'http://allowed.test/', ['allowed.test'], 'allowed.test resolves to 127.0.0.1: 127.0.0.1 is a loopback address'],
    ['a name that resolves to a private address', 'http://internal.test/', ['internal.test'], '10.0.0.5 is a private address'],
    ['link-local metadata by name', 'http://metadata.test/latest', ['metadata.test'], '169.254.169.254 is a link-local (cloud metadata) address'],
    ['link-local metadata by address', 'http://169.254.169.254/latest', ['169.254.169.254'], 'link-local (cloud metadata)'],
    ['a decimal IPv4 literal', 'http://2130706433/', ['127.0.0.1'], '127.0.0.1 is a loopback address'],
    ['an IPv6 loopback literal', 'http://[::1]/', ['::1'], '::1 is a loopback address'],
    ['an IPv4-mapped loopback', 'http://mapped.test/', ['mapped.test'], 'loopback'],
    ['a unique local IPv6 address', 'http://ula.test/', ['ula.test'], 'unique local'],
    ['a name with one private address among others', 'http://mixed.test/', ['mixed.test'], 'loopback'],
    ['a host not on the allowlist', 'http://example.org/', ['allowed.test'], 'example.org is not among the hosts'],
    ['a name that does not resolve', 'http://nowhere.test/', ['nowhere.test'], 'could not be resolved: ENOTFOUND'],
    ['a file URL', 'file:///etc/passwd', ['allowed.test'], 'file: URLs are not allowed'],
    ['credentials in the URL', 'http://user:pw@allowed.test/', ['allowed.test'], 'credentials'],
  ])('refuses %s before connecting', async (_what, url, hosts, message) => {
    const error = await refusal(fetcher().fetch({ url }, options(hosts)));
    expect(error.kind).toBe('fetch-denied');
    expect(error.message).toContain(message);
    expect(connect).not.toHaveBeenCalled();
    expect(netConnect).not.toHaveBeenCalled();
  });

  it.each([
    ['/to-metadata', '169.254.169.254 is a link-local'],
    ['/to-internal-name', 'internal.test resolves to 10.0.0.5'],
    ['/to-ipv6-loopback', '::1 is a loopback address'],
  ])('checks the redirect of %s like a first request and refuses it', async (path, message) => {
    const hosts = ['allowed.test', 'internal.test', '169.254.169.254', '::1'];
    const error = await refusal(fetcher(['127.0.0.1/32']).fetch({ url: `http://allowed.test:${port}${path}` }, options(hosts)));
    expect(error.message).toContain(message);
    // One connection: to the allowed loopback server that answered with the redirect.
    expect(connect).toHaveBeenCalledTimes(1);
    expect(connect.mock.calls[0][0].address).toBe('127.0.0.1');
  });

  it('follows a redirect to an allowed host and drops credentials across origins', async () => {
    const ok = await fetcher(['127.0.0.1/32']).fetch({ url: `http://allowed.test:${port}/to-ok` }, options(['allowed.test']));
    expect(ok).toMatchObject({ status: 200, redirected: true, url: `http://allowed.test:${port}/ok` });

    hits.length = 0;
    await fetcher(['127.0.0.1/32']).fetch(
      { url: `http://allowed.test:${port}/to-other-origin`, headers: { authorization: 'Bearer secret' } },
      options(['allowed.test', 'other.test']),
    );
    expect(hits).toEqual([
      `GET /to-other-origin host=allowed.test:${port} auth=Bearer secret`,
      `GET /ok host=other.test:${port} auth=`,
    ]);
  });

  it('refuses a redirect to a host off the allowlist', async () => {
    const error = await refusal(
      fetcher(['127.0.0.1/32']).fetch({ url: `http://allowed.test:${port}/to-other-origin` }, options(['allowed.test'])),
    );
    expect(error.message).toBe('other.test is not among the hosts this plugin may fetch from');
  });

  it('turns a POST into a GET on 303 and stops after five redirects', async () => {
    const seeOther = await fetcher(['127.0.0.1/32']).fetch(
      { url: `http://allowed.test:${port}/see-other`, method: 'POST', body: 'x=1', headers: { 'content-type': 'text/plain' } },
      options(['allowed.test']),
    );
    expect(JSON.parse(seeOther.body)).toEqual({ method: 'GET', body: '' });

    connect.mockClear();
    const error = await refusal(fetcher(['127.0.0.1/32']).fetch({ url: `http://allowed.test:${port}/forever` }, options(['allowed.test'])));
    expect(error.message).toBe('more than 5 redirects');
    // The first request and five redirects followed; the sixth is not.
    expect(connect).toHaveBeenCalledTimes(6);
  });

  it('cuts off a response past the size limit and counts every byte', async () => {
    let counted = 0;
    const error = await refusal(
      fetcher(['127.0.0.1/32'], 64 * 1024).fetch(
        { url: `http://allowed.test:${port}/big` },
        options(['allowed.test'], n => {
          counted += n;
        }),
      ),
    );
    expect(error.kind).toBe('result-size');
    expect(counted).toBeGreaterThan(64 * 1024);
    expect(counted).toBeLessThan(2 * 1024 * 1024);
  });

  it('stops a transfer when the byte allowance says so', async () => {
    const error = await refusal(
      fetcher(['127.0.0.1/32']).fetch(
        { url: `http://allowed.test:${port}/big` },
        options(['allowed.test'], () => {
          throw new SandboxLimitError('bandwidth', 'over the allowance');
        }),
      ),
    );
    expect(error.kind).toBe('bandwidth');
  });

  it('sends the body and refuses methods it does not know', async () => {
    const echo = await fetcher(['127.0.0.1/32']).fetch(
      { url: `http://allowed.test:${port}/echo`, method: 'put', body: '{"a":1}', headers: { 'content-type': 'application/json' } },
      options(['allowed.test']),
    );
    expect(JSON.parse(echo.body)).toEqual({ method: 'PUT', body: '{"a":1}', type: 'application/json' });
    const error = await refusal(fetcher().fetch({ url: 'http://allowed.test/', method: 'CONNECT' }, options(['allowed.test'])));
    expect(error.message).toBe('method CONNECT is not allowed');
  });

  it('asks for TLS with the host name for an https URL', async () => {
    const fake = jest.fn<ReturnType<ConnectFunction>, Parameters<ConnectFunction>>(() => {
      const socket = new PassThrough();
      process.nextTick(() => socket.destroy(new Error('no TLS in this test')));
      return socket;
    });
    const https = GuardedFetcher.create({ guard: AddressGuard.create(['127.0.0.1/32']), resolve, connect: fake });
    await expect(https.fetch({ url: 'https://allowed.test/x' }, options(['allowed.test']))).rejects.toThrow('no TLS in this test');
    expect(fake).toHaveBeenCalledWith({ address: '127.0.0.1', port: 443, servername: 'allowed.test', tls: true });
  });

  it('matches allowlist entries by exact name, wildcard subdomain and port', () => {
    expect(hostAllowed('api.github.com', '443', ['api.github.com'])).toBe(true);
    expect(hostAllowed('evil-api.github.com', '443', ['api.github.com'])).toBe(false);
    expect(hostAllowed('a.b.example.com', '443', ['*.example.com'])).toBe(true);
    expect(hostAllowed('example.com', '443', ['*.example.com'])).toBe(false);
    expect(hostAllowed('badexample.com', '443', ['*.example.com'])).toBe(false);
    expect(hostAllowed('status.test', '8080', ['status.test:8080'])).toBe(true);
    expect(hostAllowed('status.test', '443', ['status.test:8080'])).toBe(false);
    expect(hostAllowed('::1', '80', ['::1'])).toBe(true);
    expect(hostAllowed('::1', '80', ['[::1]:8080'])).toBe(false);
    expect(hostAllowed('::1', '8080', ['[::1]:8080'])).toBe(true);
  });

  it('dialled nothing but the loopback server and looked up no name, in any test', () => {
    for (const [target] of [...netConnect.mock.calls, ...netCreateConnection.mock.calls]) {
      dialled.push(String((target as unknown as { host?: string }).host));
    }
    expect(dialled.length).toBeGreaterThan(10);
    expect(new Set(dialled)).toEqual(new Set(['127.0.0.1']));
    expect(tlsConnections + tlsConnect.mock.calls.length).toBe(0);
    expect(realLookups + dnsLookup.mock.calls.filter(([host]) => net.isIP(String(host)) === 0).length).toBe(0);
  });
});
