import { readLimitedBody } from './readLimitedBody';
import { checkIntegrity } from './integrity';

// Full packuments of long-lived packages run to a few MiB; anything near this is not one.
const MAX_PACKUMENT_BYTES = 64 * 1024 * 1024;
// A registry that stops answering must not hold a whole sync.
const REQUEST_TIMEOUT_MS = 60_000;

/** What a request to the registry gave, or what went wrong, without throwing. */
export type Fetched<T> =
  | { ok: true; value: T }
  | { ok: false; field?: 'integrity' | 'shasum' | 'tarball'; message: string };

/**
 * Reads packuments and tarballs from one npm registry (npmjs.com, Verdaccio,
 * Artifactory, GitHub Packages…) with an optional bearer token.
 * Failures come back as values, so one bad package never stops the others;
 * only the caller's abort signal throws.
 */
export class NpmRegistryClient {
  private constructor(
    private readonly registry: URL,
    private readonly token: string | undefined,
    private readonly maxTarballBytes: number,
    private readonly fetchFn: typeof fetch,
  ) {}

  static create(options: {
    registry: string;
    token?: string;
    maxTarballBytes: number;
    fetch?: typeof fetch;
  }): NpmRegistryClient {
    const registry = new URL(
      options.registry.endsWith('/')
        ? options.registry
        : `${options.registry}/`,
    );
    return new NpmRegistryClient(
      registry,
      options.token || undefined,
      options.maxTarballBytes,
      options.fetch ?? globalThis.fetch,
    );
  }

  /** The full packument of a package: every release, `time`, `dist-tags`. Never the search endpoint. */
  async packument(
    name: string,
    signal?: AbortSignal,
  ): Promise<Fetched<unknown>> {
    // Scoped names keep their `@` and have the slash encoded, as npm sends them.
    const url = new URL(name.replace('/', '%2f'), this.registry);
    const response = await this.get(url, 'application/json', signal);
    if (!response.ok) return response;
    let body: Buffer;
    try {
      body = await readLimitedBody(response.value, MAX_PACKUMENT_BYTES);
    } catch (error) {
      return this.failure(error, 'the packument', signal);
    }
    try {
      return { ok: true, value: JSON.parse(body.toString('utf8')) };
    } catch {
      const type =
        response.value.headers.get('content-type') ?? 'no content type';
      return {
        ok: false,
        message: `the registry's answer is not JSON (${type})`,
      };
    }
  }

  /**
   * Downloads a tarball whole into memory, refusing it when it passes the
   * size limit or does not match the integrity the packument promised.
   */
  async tarball(
    dist: { tarball: string; integrity?: string; shasum?: string },
    signal?: AbortSignal,
  ): Promise<Fetched<Buffer>> {
    let url: URL;
    try {
      url = new URL(dist.tarball);
    } catch {
      return { ok: false, field: 'tarball', message: 'is not a URL' };
    }
    const response = await this.get(url, 'application/octet-stream', signal);
    if (!response.ok) return { ...response, field: 'tarball' };
    let data: Buffer;
    try {
      data = await readLimitedBody(response.value, this.maxTarballBytes);
    } catch (error) {
      return {
        ...this.failure(error, 'the tarball', signal),
        field: 'tarball',
      };
    }
    const integrity = checkIntegrity(data, dist);
    if (!integrity.ok) return integrity;
    return { ok: true, value: data };
  }

  private async get(
    url: URL,
    accept: string,
    signal?: AbortSignal,
  ): Promise<Fetched<Response>> {
    const headers: Record<string, string> = { accept };
    if (this.token && this.mayReceiveToken(url)) {
      headers.authorization = `Bearer ${this.token}`;
    }
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'follow',
      });
    } catch (error) {
      return this.failure(error, url.href, signal);
    }
    if (response.ok) return { ok: true, value: response };
    await response.body?.cancel().catch(() => undefined);
    return {
      ok: false,
      message: describeStatus(response, Boolean(headers.authorization)),
    };
  }

  /**
   * The token goes to the configured registry's host only, and never from an
   * https registry over plain http: tarballs may live on a CDN or anywhere
   * the packument says.
   */
  private mayReceiveToken(url: URL): boolean {
    if (url.host !== this.registry.host) return false;
    return !(this.registry.protocol === 'https:' && url.protocol !== 'https:');
  }

  private failure(
    error: unknown,
    what: string,
    signal?: AbortSignal,
  ): { ok: false; message: string } {
    // The caller's abort ends the whole read; everything else is this package's problem.
    if (signal?.aborted) throw signal.reason ?? error;
    const err = error as Error & {
      cause?: { code?: string; message?: string };
    };
    if (err?.name === 'BodyTooLargeError')
      return { ok: false, message: `${what} ${err.message}` };
    if (err?.name === 'TimeoutError') {
      return {
        ok: false,
        message: `${what} did not arrive within ${REQUEST_TIMEOUT_MS / 1000} s`,
      };
    }
    const cause = err?.cause?.code ?? err?.cause?.message;
    return {
      ok: false,
      message: `could not read ${what}: ${err?.message ?? String(error)}${
        cause ? ` (${cause})` : ''
      }`,
    };
  }
}

function describeStatus(response: Response, sentToken: boolean): string {
  const status = `${response.status}${
    response.statusText ? ` ${response.statusText}` : ''
  }`;
  switch (response.status) {
    case 401:
      return sentToken
        ? `the registry refused the token (HTTP ${status}); check marketplace.sources.npm.token`
        : `the registry requires a token (HTTP ${status}); set marketplace.sources.npm.token`;
    case 403:
      return `the token may not read this package (HTTP ${status})`;
    case 404:
      return `is not in the registry (HTTP ${status})`;
    default:
      return `the registry answered HTTP ${status}`;
  }
}
