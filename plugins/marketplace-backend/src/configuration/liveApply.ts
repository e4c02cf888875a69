import { RootConfigService } from '@backstage/backend-plugin-api';
import { ConfigSources } from '@backstage/config-loader';
import { resolve } from 'node:path';

/** The config files the backend was started with (`--config`), as absolute paths. */
export function loadedConfigFiles(argv: string[] = process.argv, cwd: string = process.cwd()): string[] {
  return ConfigSources.parseArgs(argv)
    .filter(target => target.type === 'path')
    .map(target => resolve(cwd, target.target));
}

/** One write being watched for: resolves whether the root config changed after it. */
export interface PendingApply {
  /** Waits (bounded) for the running backend to take the written file. */
  settle(options: { changed: boolean }): Promise<boolean>;
  dispose(): void;
}

/**
 * Tells whether a write to the managed file reached the running backend.
 *
 * Backstage's root config service (`@backstage/config-loader` FileConfigSource)
 * watches every file given with `--config` and re-reads it when it changes;
 * a rename over the file counts. The config object then notifies its
 * subscribers. So a change applied live means: the file is one the backend
 * loads, and the root config announced a change after the write. Plugins
 * that read config on every use see the new values; those that read it once
 * at start-up need a restart all the same.
 */
export class LiveConfigMonitor {
  private constructor(
    private readonly config: RootConfigService,
    /** Whether the backend loads the managed file at all. */
    readonly loaded: boolean,
    private readonly timeoutMs: number,
  ) {}

  static create(options: {
    config: RootConfigService;
    path: string;
    argv?: string[];
    cwd?: string;
    timeoutMs?: number;
  }): LiveConfigMonitor {
    const loaded = loadedConfigFiles(options.argv, options.cwd).includes(resolve(options.path));
    return new LiveConfigMonitor(options.config, loaded, options.timeoutMs ?? 3000);
  }

  /** Call before writing; the subscription must exist before the file changes. */
  watch(): PendingApply {
    if (!this.loaded || !this.config.subscribe) {
      return { settle: async () => false, dispose: () => undefined };
    }
    let fired = false;
    let wake: (() => void) | undefined;
    const subscription = this.config.subscribe(() => {
      fired = true;
      wake?.();
    });
    const timeoutMs = this.timeoutMs;
    return {
      async settle({ changed }) {
        // Same data (a comment, a reordering): nothing to apply, and nothing will be announced.
        if (!changed || fired) return true;
        await new Promise<void>(done => {
          const timer = setTimeout(done, timeoutMs);
          wake = () => {
            clearTimeout(timer);
            done();
          };
        });
        return fired;
      },
      dispose() {
        subscription.unsubscribe();
      },
    };
  }
}
