import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The Marketplace tab on catalog entities of kind Plugin: what the
 * marketplace knows of the plugin the entity describes.
 */
export const entityMarketplaceContent = EntityContentBlueprint.make({
  name: 'marketplace',
  params: {
    path: 'marketplace',
    title: 'Marketplace',
    filter: { kind: 'plugin' },
    loader: () =>
      import('./components/EntityMarketplaceContent').then(m => <m.EntityMarketplaceContent />),
  },
});
