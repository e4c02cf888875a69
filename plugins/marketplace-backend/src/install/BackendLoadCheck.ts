import { DynamicPluginsLoader } from '@internal/backstage-plugin-marketplace-node';
import { Installation } from './InstallJobStore';
import { DynamicPackageMarker, DynamicPluginsTarget } from './targets/DynamicPluginsTarget';
import { BACKEND_ROLES } from './roles';

// The loader's error can hold a long require stack; the backend log has all of it.
const MAX_MESSAGE = 2000;

/**
 * Whether this process runs an installation's backend packages:
 * - `loaded`: every one of them is running;
 * - `failed`: one of them is in the dynamic plugins root but did not load, and why;
 * - `waiting`: one of them was not in the root, or not in this version, when the backend started
 *   (a later restart loads it).
 *
 * @public
 */
export type BackendLoadOutcome = { status: 'loaded' } | { status: 'failed'; message: string } | { status: 'waiting' };

/**
 * Tells, when the backend starts, which backend plugins installed into the
 * dynamic plugins root this process really runs. With the loader's report
 * (`@backstage/backend-dynamic-feature-service`) a package counts only when
 * the loader loaded it, and a package it could not load fails with the
 * loader's error; without the report (an app that does not install the
 * loader, tests) a package counts when its files are in the root.
 *
 * @public
 */
export class BackendLoadCheck {
  /** Digest of each package in the root, by name, when the backend started. */
  private readonly present: Map<string, string>;

  private constructor(
    private readonly markers: DynamicPackageMarker[],
    private readonly loaded: Map<string, { version: string; failure?: string }> | undefined,
  ) {
    this.present = new Map(markers.map(marker => [marker.name, marker.digest]));
  }

  static async create(options: { backend: DynamicPluginsTarget; loader?: DynamicPluginsLoader }): Promise<BackendLoadCheck> {
    const markers = (await options.backend.listInstalled()).map(({ marker }) => marker);
    const loaded = options.loader
      ? new Map(options.loader.backendPlugins({ includeFailed: true }).map(p => [p.name, { version: p.version, failure: p.failure }]))
      : undefined;
    return new BackendLoadCheck(markers, loaded);
  }

  /**
   * The plugins this process runs, by id, at their plugin version: those with
   * every backend package of theirs in the root when it started (and loaded,
   * with the loader's report).
   */
  runningPlugins(): Record<string, string> {
    const byPlugin = new Map<string, DynamicPackageMarker[]>();
    // Only backend packages go into the dynamic plugins root.
    for (const marker of this.markers) {
      byPlugin.set(marker.pluginId, [...(byPlugin.get(marker.pluginId) ?? []), marker]);
    }
    const running: Record<string, string> = {};
    for (const [pluginId, markers] of byPlugin) {
      const loaded = markers.every(m => {
        if (!this.loaded) return true;
        const report = this.loaded.get(m.name);
        return report !== undefined && report.version === m.version && !report.failure;
      });
      if (loaded) running[pluginId] = markers[0].pluginVersion ?? markers[0].version;
    }
    return running;
  }

  /** Whether the loader's report is used (else the files in the root). */
  get usesLoader(): boolean {
    return this.loaded !== undefined;
  }

  check(installation: Pick<Installation, 'packages'>): BackendLoadOutcome {
    const failures: string[] = [];
    let waiting = false;
    for (const pkg of installation.packages.filter(p => BACKEND_ROLES.has(p.role))) {
      if (this.present.get(pkg.name) !== pkg.digest) {
        waiting = true;
        continue;
      }
      if (!this.loaded) continue;
      const report = this.loaded.get(pkg.name);
      if (!report) {
        // The loader skips a package whose package.json it cannot use (no main, no backstage.role).
        failures.push(`${pkg.name} ${pkg.version} is in the dynamic plugins root but the loader did not load it (see the backend log)`);
      } else if (report.version !== pkg.version) {
        // It read the root before this version got there: the next start loads it.
        waiting = true;
      } else if (report.failure) {
        failures.push(`${pkg.name} ${pkg.version} did not load: ${report.failure}`);
      }
    }
    if (failures.length > 0) return { status: 'failed', message: failures.join('\n').slice(0, MAX_MESSAGE) };
    return waiting ? { status: 'waiting' } : { status: 'loaded' };
  }
}
