import { renderInTestApp } from '@backstage/frontend-test-utils';
import { PluginDependency } from '@internal/backstage-plugin-marketplace-common';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { marketplaceApiRef } from '../../../api';
import { detailsApi, pluginDetails } from '../testData';
import { DependenciesPanel } from './DependenciesPanel';

const DEPENDENCIES: Record<string, PluginDependency[]> = {
  'acme.todo': [
    { package: '@acme/plugin-todo', name: '@backstage/core-plugin-api', range: '^1.10.0', kind: 'dependency' },
    { package: '@acme/plugin-todo', name: 'react', range: '^18.0.0', kind: 'peer' },
    { package: '@acme/plugin-todo', name: '@acme/plugin-todo-common', range: '^2.1.0', kind: 'dependency', pluginId: 'acme.todo' },
    { package: '@acme/plugin-todo', name: '@acme/plugin-kanban-react', range: '^1.0.0', kind: 'dependency', pluginId: 'acme.kanban' },
    { package: '@acme/plugin-todo-backend', name: '@backstage/backend-plugin-api', range: '^1.4.0', kind: 'dependency' },
  ],
  // Kanban depends back on Todo: a cycle.
  'acme.kanban': [
    { package: '@acme/plugin-kanban-react', name: '@acme/plugin-todo', range: '^2.0.0', kind: 'peer', pluginId: 'acme.todo' },
    { package: '@acme/plugin-kanban-react', name: '@acme/plugin-board', range: '^0.3.0', kind: 'dependency', pluginId: 'acme.board' },
  ],
  'acme.board': [],
};

function renderTree() {
  const getDependencies = jest.fn(async (pluginId: string) => ({
    pluginId,
    version: '2.1.0',
    dependencies: DEPENDENCIES[pluginId],
  }));
  const api = detailsApi(pluginDetails(), { getDependencies });
  renderInTestApp(<DependenciesPanel plugin={pluginDetails()} />, {
    apis: [[marketplaceApiRef, api]],
  });
  return { getDependencies };
}

/** The tree item whose own label contains the text. */
function item(text: string): HTMLElement {
  return screen.getByText(text).closest('[role="treeitem"]') as HTMLElement;
}

describe('DependenciesPanel', () => {
  it('groups the dependencies by the package that declares them, peers marked', async () => {
    renderTree();

    expect(await screen.findByRole('tree', { name: 'Dependencies of Todo' })).toBeInTheDocument();
    expect(screen.getByText('@acme/plugin-todo (4)')).toBeInTheDocument();
    expect(screen.getByText('@acme/plugin-todo-backend (1)')).toBeInTheDocument();
    expect(within(item('react')).getByText('peer')).toBeInTheDocument();
    expect(within(item('@acme/plugin-todo-common')).getByText('part of this plugin')).toBeInTheDocument();
    // Plain npm packages and the plugin's own packages do not open.
    expect(item('@backstage/core-plugin-api')).not.toHaveAttribute('aria-expanded');
    expect(item('@acme/plugin-todo-common')).not.toHaveAttribute('aria-expanded');
  });

  it('fetches a marketplace dependency when it is opened, and shows a cycle without following it', async () => {
    const { getDependencies } = renderTree();
    await screen.findByRole('tree');
    expect(getDependencies).toHaveBeenCalledTimes(1);

    const kanban = item('@acme/plugin-kanban-react');
    expect(kanban).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(within(kanban).getByText('@acme/plugin-kanban-react'));

    expect(kanban).toHaveAttribute('aria-expanded', 'true');
    expect(await within(kanban).findByText('@acme/plugin-kanban-react (2)')).toBeInTheDocument();
    expect(getDependencies).toHaveBeenLastCalledWith('acme.kanban');

    // Todo is above Kanban already: marked as a cycle and not openable.
    const cycle = within(kanban).getByText('cycle: acme.todo is already above');
    expect(cycle.closest('[role="treeitem"]')).not.toHaveAttribute('aria-expanded');

    // Closing and reopening does not fetch again.
    fireEvent.click(within(kanban).getAllByText('@acme/plugin-kanban-react')[0]);
    fireEvent.click(within(kanban).getAllByText('@acme/plugin-kanban-react')[0]);
    await within(kanban).findByText('@acme/plugin-kanban-react (2)');
    expect(getDependencies).toHaveBeenCalledTimes(2);
  });

  it('opens with the keyboard and says when a plugin has no dependencies', async () => {
    const { getDependencies } = renderTree();
    await screen.findByRole('tree');

    const kanban = item('@acme/plugin-kanban-react');
    act(() => kanban.focus());
    fireEvent.keyDown(kanban, { key: 'ArrowRight' });
    expect(kanban).toHaveAttribute('aria-expanded', 'true');
    const board = await waitFor(() => item('@acme/plugin-board'));

    act(() => board.focus());
    fireEvent.keyDown(board, { key: 'ArrowRight' });
    expect(board).toHaveAttribute('aria-expanded', 'true');
    expect(await within(board).findByText('No dependencies')).toBeInTheDocument();
    expect(getDependencies.mock.calls.map(([id]) => id)).toEqual(['acme.todo', 'acme.kanban', 'acme.board']);
  });

  it('says when the plugin declares no dependencies', async () => {
    const api = detailsApi(pluginDetails());
    renderInTestApp(<DependenciesPanel plugin={pluginDetails()} />, {
      apis: [[marketplaceApiRef, api]],
    });
    expect(await screen.findByText('This plugin declares no dependencies.')).toBeInTheDocument();
  });
});
