import http from 'node:http';
import { AddressInfo } from 'node:net';

/** Latency of the host's answers while something ran. */
export interface ProbeResult<T> {
  outcome: PromiseSettledResult<T>;
  /** Milliseconds per answered ping, in order. */
  latencies: number[];
}

/**
 * A tiny HTTP server on 127.0.0.1 in the test's own process — the process
 * the sandbox runs in — pinged in a loop while an attack runs, to show the
 * host keeps answering. It also answers the redirects the fetch attacks use.
 */
export class HostProbe {
  private constructor(private readonly server: http.Server, readonly port: number) {}

  static async start(): Promise<HostProbe> {
    const server = http.createServer((req, res) => {
      const redirects: Record<string, string> = {
        '/to-metadata': 'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
        '/to-internal-name': 'http://internal.test/admin',
        '/to-ipv6-loopback': 'http://[::1]/',
        '/to-private-literal': 'http://10.0.0.1/',
      };
      const location = redirects[req.url ?? ''];
      if (location) {
        res.writeHead(302, { location });
        res.end();
        return;
      }
      res.end('pong');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return new HostProbe(server, (server.address() as AddressInfo).port);
  }

  private ping(): Promise<number> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: this.port, path: '/ping', agent: false }, res => {
          res.resume();
          res.on('end', () => resolve(performance.now() - started));
        })
        .on('error', reject);
    });
  }

  /** Runs `work`, pinging the host every few milliseconds until it settles (and at least once). */
  async during<T>(work: () => Promise<T>): Promise<ProbeResult<T>> {
    const latencies: number[] = [];
    let done = false;
    const pinging = (async () => {
      do {
        latencies.push(await this.ping());
        await new Promise(r => setTimeout(r, 5));
      } while (!done);
    })();
    const [outcome] = await Promise.allSettled([work()]);
    done = true;
    await pinging;
    return { outcome, latencies };
  }

  async close() {
    await new Promise(resolve => this.server.close(resolve));
  }
}
