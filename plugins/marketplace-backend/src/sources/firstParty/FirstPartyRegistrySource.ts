import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  ListingInput,
  RegistrySnapshot,
  RegistrySource,
} from '@internal/backstage-plugin-marketplace-node';
import { readFile } from 'node:fs/promises';
import { BundledSandboxPlugins } from './BundledSandboxPlugins';

const DEFAULT_FILE = resolvePackagePath(
  '@internal/backstage-plugin-marketplace-backend',
  'data/first-party-plugins.json',
);

/**
 * The official plugins of this marketplace (Soundcheck, AiKA, Skill Exchange,
 * Insights, RBAC), and the sandboxed example plugins it ships, listed
 * first-party whatever other sources say.
 *
 * @public
 */
export class FirstPartyRegistrySource implements RegistrySource {
  readonly id = 'first-party' as const;
  readonly priority = 100;

  private constructor(
    private readonly path: string,
    private readonly sandboxed?: BundledSandboxPlugins,
  ) {}

  static fromFile(
    path: string = DEFAULT_FILE,
    sandboxed: BundledSandboxPlugins | undefined = BundledSandboxPlugins.fromDirectory(),
  ): FirstPartyRegistrySource {
    return new FirstPartyRegistrySource(path, sandboxed);
  }

  async read(): Promise<RegistrySnapshot> {
    const listings = JSON.parse(await readFile(this.path, 'utf8'));
    if (!Array.isArray(listings)) {
      return {
        listings: [],
        issues: [{ source: this.id, ref: this.path, field: '/', message: 'must be an array of listings' }],
      };
    }
    const sandboxed = await this.sandboxed?.listings().then(
      found => ({ found, issues: [] }),
      error => ({ found: [], issues: [{ source: this.id, ref: 'data/sandbox-plugins', field: '/', message: String(error.message ?? error) }] }),
    );
    return {
      listings: [...(listings as ListingInput[]), ...(sandboxed?.found ?? [])],
      issues: sandboxed?.issues ?? [],
    };
  }
}
