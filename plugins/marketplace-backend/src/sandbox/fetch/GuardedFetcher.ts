import { lookup as dnsLookup } from 'node:dns/promises';
import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import net, { isIP } from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { SandboxLimitError } from '../errors';
import { AddressGuard, unbracket } from './addressGuard';

/** Resolves a host name to every address it has. */
export type ResolveFunction = (
  hostname: string,
) => Promise<Array<{ address: string; family: number }>>;

/** Opens the connection to an address that was checked. */
export type ConnectFunction = (options: {
  address: string;
  port: number;
  /** The name for TLS (SNI and certificate check); absent for IP literals. */
  servername?: string;
  tls: boolean;
}) => Duplex;

/** What a plugin passes to `fetch`. */
export interface SandboxFetchRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What a plugin gets back: the body as text. */
export interface SandboxFetchResponse {
  url: string;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
  redirected: boolean;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
// Set by the fetcher, or meaningless over a connection it controls.
const DROPPED_HEADERS = new Set([
  'host', 'connection', 'content-length', 'transfer-encoding', 'upgrade', 'keep-alive',
  'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'accept-encoding', 'expect',
]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const defaultResolve: ResolveFunction = hostname =>
  dnsLookup(hostname, { all: true, verbatim: true });

const defaultConnect: ConnectFunction = ({ address, port, servername, tls: secure }) =>
  secure
    ? tls.connect({ host: address, port, servername, ALPNProtocols: ['http/1.1'] })
    : net.connect({ host: address, port });

function denied(message: string): SandboxLimitError {
  return new SandboxLimitError('fetch-denied', message);
}

/** Whether `hostname` (lower case, no trailing dot) matches an allowlist entry. */
export function hostAllowed(hostname: string, port: string, allowed: string[]): boolean {
  return allowed.some(raw => {
    const entry = raw.toLowerCase().replace(/\.$/, '');
    let pattern = entry;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      [, pattern, entryPort] = bracketed;
    } else if (!isIP(entry)) {
      [pattern, entryPort] = entry.split(/:(?=\d+$)/);
    }
    if (entryPort !== undefined && entryPort !== port) return false;
    if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1));
    return hostname === pattern;
  });
}

/**
 * HTTP(S) for sandboxed plugins that cannot reach what they must not:
 * the host must be on the plugin's allowlist; its name is resolved once and
 * every address checked by the {@link AddressGuard} before any connection is
 * opened; the connection goes to the address that was checked (a second DNS
 * answer cannot rebind it); redirects are followed by hand, each hop checked
 * the same way; the response is cut off past a size.
 */
export class GuardedFetcher {
  private constructor(
    private readonly guard: AddressGuard,
    private readonly resolve: ResolveFunction,
    private readonly connect: ConnectFunction,
    private readonly maxResponseBytes: number,
    private readonly maxRedirects: number,
  ) {}

  static create(options: {
    guard: AddressGuard;
    resolve?: ResolveFunction;
    connect?: ConnectFunction;
    /** Default 1 MiB. */
    maxResponseBytes?: number;
    /** Default 5. */
    maxRedirects?: number;
  }): GuardedFetcher {
    return new GuardedFetcher(
      options.guard,
      options.resolve ?? defaultResolve,
      options.connect ?? defaultConnect,
      options.maxResponseBytes ?? 1024 * 1024,
      options.maxRedirects ?? 5,
    );
  }

  /**
   * @param options.allowedHosts - the plugin's `fetch` grant.
   * @param options.signal - ends the request (the call's wall clock).
   * @param options.onBytes - told of every byte sent or received; throws to stop.
   */
  async fetch(
    request: SandboxFetchRequest,
    options: { allowedHosts: string[]; signal: AbortSignal; onBytes: (bytes: number) => void },
  ): Promise<SandboxFetchResponse> {
    let method = (request.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) throw denied(`method ${request.method} is not allowed`);
    let body = request.body;
    let headers = this.cleanHeaders(request.headers);
    let url = this.parseUrl(request.url);
    for (let hop = 0; ; hop++) {
      const response = await this.once(url, method, headers, body, options);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || !location) {
        return { ...response, url: url.toString(), redirected: hop > 0 };
      }
      if (hop >= this.maxRedirects) throw denied(`more than ${this.maxRedirects} redirects`);
      const next = this.parseUrl(new URL(location, url).toString());
      if (next.origin !== url.origin) delete headers.authorization;
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'content-type'));
      }
      url = next;
    }
  }

  private parseUrl(text: string): URL {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw denied(`"${String(text).slice(0, 200)}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw denied(`${url.protocol} URLs are not allowed, only http and https`);
    }
    if (url.username || url.password) throw denied('URLs with credentials are not allowed');
    return url;
  }

  private cleanHeaders(headers: Record<string, string> | undefined): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers ?? {})) {
      const key = String(name).toLowerCase();
      if (!DROPPED_HEADERS.has(key) && !key.startsWith('proxy-')) result[key] = String(value);
    }
    return result;
  }

  /** Checks the host and its addresses; the address to connect to. */
  private async check(url: URL, allowedHosts: string[]): Promise<string> {
    const hostname = unbracket(url.hostname.toLowerCase()).replace(/\.$/, '');
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    if (!hostAllowed(hostname, port, allowedHosts)) {
      throw denied(`${hostname} is not among the hosts this plugin may fetch from`);
    }
    const addresses = isIP(hostname)
      ? [{ address: hostname, family: isIP(hostname) }]
      : await this.resolve(hostname).catch(error => {
          throw denied(`${hostname} could not be resolved: ${error.code ?? error.message}`);
        });
    if (addresses.length === 0) throw denied(`${hostname} has no addresses`);
    // Every address must pass: a name with one public and one private address is refused.
    for (const { address } of addresses) {
      const refusal = this.guard.refusal(address);
      if (refusal) throw denied(`${hostname} resolves to ${address}: ${refusal}`);
    }
    return addresses[0].address;
  }

  private async once(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    options: { allowedHosts: string[]; signal: AbortSignal; onBytes: (bytes: number) => void },
  ): Promise<Omit<SandboxFetchResponse, 'url' | 'redirected'>> {
    const address = await this.check(url, options.allowedHosts);
    options.signal.throwIfAborted();
    const secure = url.protocol === 'https:';
    const port = Number(url.port || (secure ? 443 : 80));
    const hostname = unbracket(url.hostname);
    const payload = body === undefined ? undefined : Buffer.from(String(body), 'utf8');
    if (payload) options.onBytes(payload.length);

    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request({
        method,
        path: `${url.pathname}${url.search}`,
        headers: {
          ...headers,
          host: url.host,
          'accept-encoding': 'identity',
          ...(payload ? { 'content-length': String(payload.length) } : {}),
        },
        createConnection: () =>
          this.connect({
            address,
            port,
            servername: isIP(hostname) ? undefined : hostname,
            tls: secure,
          }) as net.Socket,
      });
      let settled = false;
      const onAbort = () => req.destroy(options.signal.reason ?? new Error('aborted'));
      const settle = (error: Error | undefined, value?: Omit<SandboxFetchResponse, 'url' | 'redirected'>) => {
        if (settled) return;
        settled = true;
        options.signal.removeEventListener('abort', onAbort);
        if (error) {
          reject(error instanceof SandboxLimitError ? error : new Error(`fetch ${url.host}: ${error.message}`));
        } else {
          resolve(value!);
        }
      };
      options.signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', error => settle(error));
      req.on('close', () => settle(new Error('the connection closed before the response ended')));
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          try {
            options.onBytes(chunk.length);
          } catch (error) {
            req.destroy(error as Error);
            return;
          }
          if (size > this.maxResponseBytes) {
            req.destroy(
              new SandboxLimitError(
                'result-size',
                `the response from ${url.host} is larger than ${this.maxResponseBytes} bytes`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', error => req.destroy(error));
        res.on('end', () => {
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) {
              responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
            }
          }
          settle(undefined, {
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.end(payload);
    });
  }
}
