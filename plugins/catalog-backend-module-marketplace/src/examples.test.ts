import { Entity } from '@backstage/catalog-model';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMarketplaceEntityValidator } from './kinds/validateMarketplaceEntity';

// The examples app-config.yaml loads into the catalog of the running app.
const EXAMPLES = resolve(
  __dirname,
  '../../../examples/marketplace-plugins.yaml',
);

describe('examples/marketplace-plugins.yaml', () => {
  it('holds only valid marketplace entities, of every kind under both apiVersions', () => {
    const location = { type: 'file', target: EXAMPLES };
    const results = [...parseEntityYaml(readFileSync(EXAMPLES), location)];
    const entities = results.flatMap(r =>
      r.type === 'entity' ? [r.entity as Entity] : [],
    );
    const validate = createMarketplaceEntityValidator();

    expect(results.filter(r => r.type !== 'entity')).toEqual([]);
    expect(entities.map(e => [e.apiVersion, e.kind, validate(e)])).toEqual([
      ['marketplace.backstage.io/v1alpha1', 'Plugin', true],
      ['marketplace.backstage.io/v1alpha1', 'Package', true],
      ['extensions.backstage.io/v1alpha1', 'Plugin', true],
      ['extensions.backstage.io/v1alpha1', 'Package', true],
      ['marketplace.backstage.io/v1alpha1', 'PluginCollection', true],
    ]);
  });
});
