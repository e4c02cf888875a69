import {
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  PLUGIN_CATEGORIES,
  PluginSummary,
} from '@internal/backstage-plugin-marketplace-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';

const CATEGORY_TITLES = new Map<string, string>(
  PLUGIN_CATEGORIES.map(c => [c.id, c.title]),
);

const columns: TableColumn<PluginSummary & { score: number }>[] = [
  {
    title: 'Plugin',
    field: 'name',
    highlight: true,
    render: plugin => (
      <>
        <Typography variant="body1">{plugin.name}</Typography>
        <Typography variant="body2" color="textSecondary">
          {plugin.description || 'No description.'}
        </Typography>
      </>
    ),
  },
  {
    title: 'Category',
    field: 'category',
    render: plugin => CATEGORY_TITLES.get(plugin.category) ?? plugin.category,
  },
  { title: 'Author', field: 'author' },
  {
    title: 'Downloads / month',
    field: 'downloadsMonthly',
    type: 'numeric',
    render: plugin => plugin.downloadsMonthly.toLocaleString('en'),
  },
  { title: 'Quality', field: 'qualityScore', type: 'numeric' },
];

/**
 * The best matches for a search, by meaning as well as by words (hybrid search).
 */
export const SearchResults = (props: { query: string; category?: string }) => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const { query, category } = props;
  const { value, loading, error } = useAsync(
    () => marketplaceApi.searchPlugins({ q: query, category, limit: 20 }),
    [marketplaceApi, query, category],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table
      title={`Results for “${query}”`}
      subtitle={`${value?.totalCount ?? 0} matching plugins, best first`}
      columns={columns}
      data={value?.items ?? []}
      options={{ paging: false, search: false, sorting: false, padding: 'dense' }}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          No plugin matches “{query}”. Try other words or another category.
        </Typography>
      }
    />
  );
};
