import { IngestionIssue } from '@internal/backstage-plugin-marketplace-common';
import semver from 'semver';

/** One valid row of the seed file. */
export interface SeedRow {
  line: number;
  name: string;
  version: string;
  downloadsMonthly: number;
  summary: string;
}

const COLUMNS = ['name', 'version', 'downloads_a_month', 'summary'];
// npm's rules for package names: lowercase, url-safe, optionally scoped.
const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const MAX_SUMMARY = 2000;

/**
 * Parses the seed TSV (`name`, `version`, `downloads_a_month`, `summary`).
 * A bad row becomes an issue naming its line and column and is skipped; the
 * other rows load. A wrong header stops the file, since no column can be trusted.
 */
export function parseSeedTsv(
  text: string,
  fileName: string,
): { rows: SeedRow[]; issues: IngestionIssue[] } {
  const issues: IngestionIssue[] = [];
  const rows: SeedRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const issue = (line: number, field: string | undefined, message: string) =>
    issues.push({ source: 'seed', ref: `${fileName}:${line}`, field, message });

  const header = lines[0]?.split('\t').map(h => h.trim());
  if (!header || header.join('\t') !== COLUMNS.join('\t')) {
    issue(1, 'header', `must be the columns ${COLUMNS.join(', ')} separated by tabs`);
    return { rows, issues };
  }

  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const lineNumber = i + 1;
    const line = lines[i];
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    if (cells.length < 3 || cells.length > COLUMNS.length) {
      issue(
        lineNumber,
        'columns',
        `has ${cells.length} column(s), expected ${COLUMNS.length}`,
      );
      continue;
    }
    const [name, version, downloads, summary = ''] = cells.map(c => c.trim());
    if (!NPM_NAME.test(name) || name.length > 214) {
      issue(lineNumber, 'name', `"${name}" is not a valid npm package name`);
      continue;
    }
    if (!semver.valid(version)) {
      issue(lineNumber, 'version', `"${version}" is not a semver version`);
      continue;
    }
    if (!/^\d+$/.test(downloads) || !Number.isSafeInteger(Number(downloads))) {
      issue(
        lineNumber,
        'downloads_a_month',
        `"${downloads}" is not a whole number of downloads`,
      );
      continue;
    }
    const earlier = seen.get(name);
    if (earlier) {
      issue(lineNumber, 'name', `"${name}" was already listed on line ${earlier}`);
      continue;
    }
    seen.set(name, lineNumber);
    rows.push({
      line: lineNumber,
      name,
      version,
      downloadsMonthly: Number(downloads),
      summary: summary.slice(0, MAX_SUMMARY),
    });
  }
  return { rows, issues };
}
