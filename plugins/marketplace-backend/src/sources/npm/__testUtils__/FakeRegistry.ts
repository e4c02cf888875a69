import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { buildRelease, BuiltRelease, TestRelease } from './packages';

/** A request the fake registry received. */
export interface RecordedRequest {
  /** Decoded path, e.g. `/@acme/plugin-todo`. */
  path: string;
  /** As sent, e.g. `/@acme%2fplugin-todo`. */
  rawPath: string;
  authorization?: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A minimal npm registry on 127.0.0.1 for unit tests: serves the packuments
 * and tarballs a test puts in, optionally behind a bearer token, and records
 * every request.
 */
export class FakeRegistry {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Handler>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly token?: string,
  ) {}

  static async start(options: { token?: string } = {}): Promise<FakeRegistry> {
    const server = createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const registry = new FakeRegistry(
      server,
      `http://127.0.0.1:${port}`,
      options.token,
    );
    server.on('request', (req, res) => registry.handle(req, res));
    return registry;
  }

  /**
   * Publishes releases of a package (the last one is `latest`): its
   * packument and tarballs are served from now on. `tarballUrl` puts the
   * tarballs' URLs on another server.
   */
  addPackage(
    name: string,
    releases: TestRelease[],
    options: { tarballUrl?: string; chunked?: boolean } = {},
  ): BuiltRelease[] {
    const built = releases.map(r =>
      buildRelease(name, r, options.tarballUrl ?? this.url),
    );
    const latest = built[built.length - 1];
    this.setPackument(name, {
      _id: name,
      name,
      'dist-tags': { latest: latest.version },
      versions: Object.fromEntries(built.map(r => [r.version, r.manifest])),
      time: Object.fromEntries(
        built.flatMap(r => (r.publishedAt ? [[r.version, r.publishedAt]] : [])),
      ),
    });
    if (!options.tarballUrl) {
      for (const release of built) this.serveTarball(name, release, options);
    }
    return built;
  }

  /** Serves a tarball of a package (for tarballs whose URL points here). */
  serveTarball(
    name: string,
    release: BuiltRelease,
    options: { chunked?: boolean } = {},
  ) {
    this.route(`/${name}/-/${release.filename}`, (_req, res) => {
      if (options.chunked) {
        // No content-length: the size is only known while reading.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let i = 0; i < release.tarball.length; i += 1000) {
          res.write(release.tarball.subarray(i, i + 1000));
        }
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(release.tarball);
      }
    });
  }

  /** Serves a packument as given: any JSON value, or raw text. */
  setPackument(name: string, body: unknown, contentType = 'application/json') {
    this.route(`/${name}`, (_req, res) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  }

  /** Answers a path with a handler of the test's own. */
  route(path: string, handler: Handler) {
    this.routes.set(path, handler);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close(e => (e ? reject(e) : resolve())),
    );
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    // npm encodes the slash of scoped names (`@scope%2fname`); routes use it decoded.
    const path = decodeURIComponent(new URL(req.url ?? '/', this.url).pathname);
    this.requests.push({
      path,
      rawPath: req.url ?? '/',
      authorization: req.headers.authorization,
    });
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'authorization required' }));
      return;
    }
    const handler = this.routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    handler(req, res);
  }
}
