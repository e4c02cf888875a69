import { ConflictError } from '@backstage/errors';
import { promises as fs } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';

/**
 * Reads the app's source files from a checkout of its repository, by paths
 * relative to the repository root. A file that is not there (a deployed image
 * carries no sources) is a ConflictError naming it.
 */
export class RepoFiles {
  private constructor(private readonly root: string) {}

  static at(root: string): RepoFiles {
    return new RepoFiles(root);
  }

  async read(path: string): Promise<string> {
    if (isAbsolute(path) || normalize(path).startsWith('..')) throw new Error(`${path} is not a path inside the repository`);
    try {
      return await fs.readFile(join(this.root, path), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new ConflictError(
          `${path} is not in this backend's copy of the repository: exporting a change needs the app's sources (set marketplace.install.export.rootDirectory to a checkout)`,
        );
      }
      throw error;
    }
  }
}
