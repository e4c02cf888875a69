import { Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  PLUGIN_CATEGORIES,
  PluginSortField,
  PluginSummary,
} from '@internal/backstage-plugin-marketplace-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useCallback } from 'react';
import { marketplaceApiRef } from '../../api';

const CATEGORY_TITLES = new Map<string, string>(
  PLUGIN_CATEGORIES.map(c => [c.id, c.title]),
);

const SORT_BY_FIELD: Record<string, PluginSortField> = {
  name: 'name',
  downloadsMonthly: 'downloads',
  qualityScore: 'quality',
  publishedAt: 'published',
};

const columns: TableColumn<PluginSummary>[] = [
  {
    title: 'Plugin',
    field: 'name',
    highlight: true,
    render: plugin => (
      <>
        <Typography variant="body1">
          {plugin.name}
          {plugin.firstParty && (
            <Chip size="small" label="Official" style={{ marginLeft: 8 }} />
          )}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {plugin.description || 'No description.'}
        </Typography>
      </>
    ),
  },
  {
    title: 'Category',
    field: 'category',
    sorting: false,
    render: plugin => CATEGORY_TITLES.get(plugin.category) ?? plugin.category,
  },
  { title: 'Author', field: 'author', sorting: false },
  {
    title: 'Downloads / month',
    field: 'downloadsMonthly',
    type: 'numeric',
    render: plugin => plugin.downloadsMonthly.toLocaleString('en'),
  },
  { title: 'Quality', field: 'qualityScore', type: 'numeric' },
  {
    title: 'Packages',
    field: 'roles',
    sorting: false,
    render: plugin => plugin.roles.join(', '),
  },
];

/**
 * The registry's plugins, a page at a time from the backend.
 */
export const PluginTable = (props: { category?: string }) => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const { category } = props;

  const load = useCallback(
    async (query: {
      page: number;
      pageSize: number;
      orderBy?: TableColumn<PluginSummary>;
      orderDirection?: string;
    }) => {
      const field = query.orderBy?.field as string | undefined;
      const sort = (field && SORT_BY_FIELD[field]) || 'downloads';
      let order: 'asc' | 'desc' | undefined;
      if (field) order = query.orderDirection === 'asc' ? 'asc' : 'desc';
      const response = await marketplaceApi.listPlugins({
        offset: query.page * query.pageSize,
        limit: query.pageSize,
        sort,
        order,
        category,
      });
      return {
        data: response.items,
        page: query.page,
        totalCount: response.totalCount,
      };
    },
    [marketplaceApi, category],
  );

  return (
    <Table<PluginSummary>
      // A new key starts again at page one when the category changes.
      key={category ?? 'all'}
      title={
        category
          ? `Plugins: ${CATEGORY_TITLES.get(category) ?? category}`
          : 'All plugins'
      }
      columns={columns}
      data={load as any}
      options={{
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        search: false,
        padding: 'dense',
      }}
    />
  );
};
