import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CatalogRegistrySource } from './CatalogRegistrySource';

// The examples app-config.yaml loads into the catalog of the running app.
const EXAMPLES = resolve(
  __dirname,
  '../../../../../examples/marketplace-plugins.yaml',
);

describe('CatalogRegistrySource on examples/marketplace-plugins.yaml', () => {
  it('lists every example plugin with no issues', async () => {
    const entities = parseAllDocuments(readFileSync(EXAMPLES, 'utf8')).map(
      doc => ({ metadata: { namespace: 'default' }, ...doc.toJS() } as Entity),
    );
    const source = CatalogRegistrySource.create({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
    });

    const { listings, issues } = await source.read();

    expect(issues).toEqual([]);
    expect(
      listings.map(l => [
        l.spec.id,
        l.spec.category,
        l.packages.map(p => `${p.name}@${p.version}`),
      ]),
    ).toEqual([
      [
        'acme.deploy-insights',
        'ci-cd',
        [
          '@acme/plugin-deploy-insights@2.4.1',
          '@acme/plugin-deploy-insights-backend@2.4.1',
          '@acme/plugin-deploy-insights-backend-module-github@2.4.1',
        ],
      ],
      [
        'backstage-community.tekton',
        'ci-cd',
        ['@backstage-community/plugin-tekton@3.19.0'],
      ],
    ]);
  });
});
