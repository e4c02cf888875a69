import { InstallJobPackage } from '@internal/backstage-plugin-marketplace-common';
import { promises as fs } from 'node:fs';
import { ContentStore } from '../download/ContentStore';
import { PackageDownloader, verifyIntegrity } from '../download/PackageDownloader';
import { ExtractLimits } from '../download/safeExtract';
import { PackageStepError, StepContext, StepOutcome } from '../InstallSteps';

/** The hex sha512 an integrity string promises, which is the package's name in the store. */
export function expectedDigest(integrity: string): string | undefined {
  const base64 = /(?:^|\s)sha512-([A-Za-z0-9+/=]+)/.exec(integrity)?.[1];
  return base64 ? Buffer.from(base64, 'base64').toString('hex') : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The download half of an install, package by package: where each tarball
 * is, the tarball in `tmp/`, its sha512 checked and the tarball moved into
 * the store, the package extracted into the store. Each step skips what the
 * store already holds, so a resumed job does only what is missing.
 */
export class PackageSteps {
  constructor(
    private readonly downloader: PackageDownloader,
    private readonly store: ContentStore,
    private readonly limits: ExtractLimits,
  ) {}

  private tempFile(jobId: string, index: number) {
    // One name per job and package: a resumed verifying step finds the download of the step before.
    return `${this.store.root}/tmp/${jobId}.${index}.tgz`;
  }

  private async each(
    context: StepContext,
    work: (pkg: InstallJobPackage, index: number) => Promise<InstallJobPackage | undefined>,
  ): Promise<number> {
    const packages = [...context.job.packages];
    let done = 0;
    for (const [index, pkg] of packages.entries()) {
      if (context.signal.aborted) throw context.signal.reason;
      try {
        const next = await work(pkg, index);
        if (next) {
          packages[index] = next;
          done++;
        }
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason;
        packages[index] = { ...pkg, status: 'failed', error: errorMessage(error) };
        await context.setPackages(packages);
        throw new PackageStepError(pkg.name, `${pkg.name}@${pkg.version}: ${errorMessage(error)}`);
      }
    }
    await context.setPackages(packages);
    return done;
  }

  async resolve(context: StepContext): Promise<StepOutcome> {
    const count = await this.each(context, async pkg => {
      const dist = await this.downloader.resolve(pkg.name, pkg.version, context.signal);
      await context.progress({ message: `${pkg.name}@${pkg.version}: ${dist.tarball}`, package: pkg.name });
      return { ...pkg, status: 'resolved', tarball: dist.tarball, integrity: dist.integrity, digest: expectedDigest(dist.integrity), error: undefined };
    });
    return { message: `Found ${count} package${count === 1 ? '' : 's'} in ${this.downloader.registry}` };
  }

  async download(context: StepContext): Promise<StepOutcome> {
    let bytes = 0;
    let cached = 0;
    const count = await this.each(context, async (pkg, index) => {
      if (pkg.digest && (await this.store.hasTarball(pkg.digest))) {
        cached++;
        return { ...pkg, status: 'downloaded' };
      }
      const file = this.tempFile(context.job.id, index);
      await fs.rm(file, { force: true });
      const size = await this.downloader.download({ tarball: pkg.tarball!, integrity: pkg.integrity! }, file, context.signal);
      bytes += size;
      await context.progress({ message: `${pkg.name}@${pkg.version}: ${size} bytes`, package: pkg.name });
      return { ...pkg, status: 'downloaded' };
    });
    return {
      message: `Downloaded ${count - cached} tarball${count - cached === 1 ? '' : 's'} (${bytes} bytes)${cached ? `; ${cached} already in the store` : ''}`,
      skipped: count > 0 && cached === count,
    };
  }

  async verify(context: StepContext): Promise<StepOutcome> {
    const count = await this.each(context, async (pkg, index) => {
      if (pkg.digest && (await this.store.hasTarball(pkg.digest))) return { ...pkg, status: 'verified' };
      const file = this.tempFile(context.job.id, index);
      const present = await fs.stat(file).then(() => true, () => false);
      if (!present) {
        // Removed by a cleanup after the runner that downloaded it died: fetch it again.
        await this.downloader.download({ tarball: pkg.tarball!, integrity: pkg.integrity! }, file, context.signal);
      }
      const digest = await verifyIntegrity(file, pkg.integrity!);
      await this.store.putTarball(file, digest);
      await context.progress({ message: `${pkg.name}@${pkg.version}: sha512 matches the packument`, package: pkg.name });
      return { ...pkg, status: 'verified', digest };
    });
    return { message: `Checked the sha512 integrity of ${count} tarball${count === 1 ? '' : 's'}` };
  }

  async extract(context: StepContext): Promise<StepOutcome> {
    let extracted = 0;
    const count = await this.each(context, async pkg => {
      // Written before extracting: a rollback removes what this job added to the store, if nothing else uses it.
      if (!(await this.store.hasPackage(pkg.digest!))) await context.recordUndo({ kind: 'store-package', digest: pkg.digest! });
      const result = await this.store.extract(pkg.digest!, context.job.id, this.limits);
      if (result.extracted) {
        extracted++;
        await context.progress({ message: `${pkg.name}@${pkg.version}: ${result.entries} entries, ${result.bytes} bytes`, package: pkg.name });
      }
      return { ...pkg, status: 'extracted' };
    });
    return {
      message: `Extracted ${extracted} package${extracted === 1 ? '' : 's'} into the store${count - extracted ? `; ${count - extracted} already there` : ''}`,
      skipped: count > 0 && extracted === 0,
    };
  }
}
