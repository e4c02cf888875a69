import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { marketplaceApiRef } from '../../api';
import { entityMarketplaceContent } from '../../entityContent';
import { detailsApi, pluginDetails } from '../PluginDetailsPage/testData';

const pluginEntity: Entity = {
  apiVersion: 'extensions.backstage.io/v1alpha1',
  kind: 'Plugin',
  metadata: { name: 'todo', namespace: 'default', title: 'Todo' },
  spec: { packages: ['acme-plugin-todo'] },
  relations: [{ type: 'hasPart', targetRef: 'package:default/acme-plugin-todo' }],
};

const packageEntity: Entity = {
  apiVersion: 'extensions.backstage.io/v1alpha1',
  kind: 'Package',
  metadata: { name: 'acme-plugin-todo', namespace: 'default' },
  spec: { packageName: '@acme/plugin-todo', backstage: { role: 'frontend-plugin' } },
};

function renderEntityPage(entity: Entity, getPlugin = jest.fn(async () => pluginDetails())) {
  renderTestApp({
    extensions: [createTestEntityPage({ entity }), entityMarketplaceContent],
    apis: [
      [marketplaceApiRef, detailsApi(pluginDetails(), { getPlugin })],
      catalogApiMock({ entities: [entity, packageEntity] }),
      mockApis.permission(),
    ],
  });
  return { getPlugin };
}

describe('Marketplace tab of Plugin entities', () => {
  it("shows the marketplace's details of the plugin the entity describes", async () => {
    const { getPlugin } = renderEntityPage(pluginEntity);

    expect(await screen.findByRole('heading', { level: 1, name: 'Todo' })).toBeInTheDocument();
    expect(getPlugin).toHaveBeenCalledWith('acme.todo');
    expect(screen.getByRole('tab', { name: 'Dependencies' })).toBeInTheDocument();
  });

  it('says how to link an entity that names no package', async () => {
    renderEntityPage({ ...pluginEntity, spec: {}, relations: [] });

    expect(await screen.findByText('Not linked to a marketplace plugin')).toBeInTheDocument();
  });

  it('is offered on entities of kind Plugin only, as the Marketplace tab', () => {
    const tester = createExtensionTester(entityMarketplaceContent);
    const appliesTo = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'service' },
    };

    expect(appliesTo?.(pluginEntity)).toBe(true);
    expect(appliesTo?.(component)).toBe(false);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Marketplace');
    expect(tester.get(coreExtensionData.routePath)).toBe('marketplace');
  });
});
