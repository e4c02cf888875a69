import { validatePluginSpecification } from '@internal/backstage-plugin-marketplace-common';
import { SeedRegistrySource } from './SeedRegistrySource';

const HEADER = 'name\tversion\tdownloads_a_month\tsummary';

describe('SeedRegistrySource', () => {
  it('groups the bundled real packages into valid plugin listings', async () => {
    const snapshot = await SeedRegistrySource.fromFile().read();

    expect(snapshot.issues).toEqual([]);
    const packageCount = snapshot.listings.reduce((n, l) => n + l.packages.length, 0);
    expect(packageCount).toBe(480);
    // Frontend, backend, common and modules of one plugin are one listing.
    expect(snapshot.listings.length).toBeLessThan(400);
    for (const listing of snapshot.listings) {
      const result = validatePluginSpecification(listing.spec);
      expect(result.valid ? 'valid' : `${listing.spec.id}: ${JSON.stringify(result.errors)}`).toBe('valid');
    }

    const catalog = snapshot.listings.find(l => l.spec.id === 'backstage.catalog');
    expect(catalog?.packages.map(p => p.name)).toEqual(
      expect.arrayContaining([
        '@backstage/plugin-catalog',
        '@backstage/plugin-catalog-backend',
        '@backstage/plugin-catalog-common',
        '@backstage/plugin-catalog-react',
      ]),
    );
    expect(catalog?.spec.installation.packages[0].name).toBe('@backstage/plugin-catalog');
    expect(catalog?.downloadsMonthly).toBe(
      catalog!.packages.reduce((n, p) => n + (p.downloadsMonthly ?? 0), 0),
    );
    expect(catalog?.spec.author.name).toBe('Backstage');
  });

  it('skips bad rows with an issue naming the line and column, and loads the rest', async () => {
    const tsv = [
      HEADER,
      '@acme/plugin-good\t1.2.3\t10\tA good plugin',
      '@acme/plugin-bad-version\tlatest\t10\tx',
      'Not A Name\t1.0.0\t10\tx',
      '@acme/plugin-bad-downloads\t1.0.0\tmany\tx',
      'only-two\tcolumns',
      '@acme/plugin-good\t1.2.4\t10\tagain',
      '',
      '@acme/plugin-good-backend\t1.2.3\t5\t',
    ].join('\n');

    const snapshot = await SeedRegistrySource.fromText(tsv, 'test.tsv').read();

    expect(snapshot.issues).toEqual([
      { source: 'seed', ref: 'test.tsv:3', field: 'version', message: '"latest" is not a semver version' },
      { source: 'seed', ref: 'test.tsv:4', field: 'name', message: '"Not A Name" is not a valid npm package name' },
      { source: 'seed', ref: 'test.tsv:5', field: 'downloads_a_month', message: '"many" is not a whole number of downloads' },
      { source: 'seed', ref: 'test.tsv:6', field: 'columns', message: 'has 2 column(s), expected 4' },
      { source: 'seed', ref: 'test.tsv:7', field: 'name', message: '"@acme/plugin-good" was already listed on line 2' },
    ]);
    expect(snapshot.listings).toHaveLength(1);
    expect(snapshot.listings[0]).toMatchObject({
      spec: { id: 'acme.good', name: 'Good', version: '1.2.3', description: 'A good plugin' },
      downloadsMonthly: 15,
    });
  });

  it('refuses a file whose header is not the expected columns', async () => {
    const snapshot = await SeedRegistrySource.fromText('package\tversion\n@a/b\t1.0.0', 'x.tsv').read();
    expect(snapshot.listings).toEqual([]);
    expect(snapshot.issues).toEqual([
      {
        source: 'seed',
        ref: 'x.tsv:1',
        field: 'header',
        message: 'must be the columns name, version, downloads_a_month, summary separated by tabs',
      },
    ]);
  });
});
