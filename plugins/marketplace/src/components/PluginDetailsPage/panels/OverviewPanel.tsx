import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  PluginDetails,
  PluginPackage,
} from '@internal/backstage-plugin-marketplace-common';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemAvatar from '@material-ui/core/ListItemAvatar';
import ListItemText from '@material-ui/core/ListItemText';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../../api';
import { pluginDetailsRouteRef } from '../../../routes';
import { PluginAvatar } from '../../common/PluginAvatar';
import { formatCount, roleTitle } from '../../common/format';
import { SafeMarkdown } from '../SafeMarkdown';
import { npmPackageUrl } from '../urls';
import { PanelMessage } from './PanelMessage';

const SIMILAR_LIMIT = 6;

const Readme = (props: { pluginId: string }) => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const { value, loading, error } = useAsync(
    () => marketplaceApi.getDocumentation(props.pluginId),
    [marketplaceApi, props.pluginId],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} title="The README could not be loaded" />;
  if (!value?.readme?.trim()) return <PanelMessage>This plugin has no README.</PanelMessage>;
  return <SafeMarkdown content={value.readme} />;
};

const packageColumns: TableColumn<PluginPackage>[] = [
  {
    title: 'Package',
    field: 'name',
    render: row => (
      <Link to={npmPackageUrl(row.name)} target="_blank" rel="noopener noreferrer">
        {row.name}
      </Link>
    ),
  },
  { title: 'Role', field: 'role', render: row => roleTitle(row.role) },
  { title: 'Version', field: 'version' },
  {
    title: 'Downloads/month',
    field: 'downloadsMonthly',
    type: 'numeric',
    render: row => formatCount(row.downloadsMonthly),
  },
];

const Packages = (props: { packages: PluginPackage[] }) =>
  props.packages.length === 0 ? (
    <InfoCard title="Packages">
      <PanelMessage>The registry lists no packages for this plugin.</PanelMessage>
    </InfoCard>
  ) : (
    <Table<PluginPackage>
      title="Packages"
      columns={packageColumns}
      data={props.packages}
      options={{ paging: false, search: false, padding: 'dense', draggable: false }}
    />
  );

const SimilarPlugins = (props: { pluginId: string }) => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const detailsLink = useRouteRef(pluginDetailsRouteRef);
  const { value, loading, error } = useAsync(
    () => marketplaceApi.getSimilar(props.pluginId, SIMILAR_LIMIT),
    [marketplaceApi, props.pluginId],
  );
  let content;
  if (loading) content = <Progress />;
  else if (error) content = <ResponseErrorPanel error={error} />;
  else if (!value?.length) content = <PanelMessage>No similar plugins found.</PanelMessage>;
  else {
    content = (
      <List dense disablePadding>
        {value.map(plugin => (
          <ListItem key={plugin.id} disableGutters>
            <ListItemAvatar>
              <PluginAvatar name={plugin.name} size={32} />
            </ListItemAvatar>
            <ListItemText
              primary={
                detailsLink ? (
                  <Link to={detailsLink({ pluginId: plugin.id })}>{plugin.name}</Link>
                ) : (
                  plugin.name
                )
              }
              secondary={plugin.description}
            />
          </ListItem>
        ))}
      </List>
    );
  }
  return <InfoCard title="Similar plugins">{content}</InfoCard>;
};

/** The README, the plugin's packages and plugins like it. */
export const OverviewPanel = (props: { plugin: PluginDetails }) => {
  const { plugin } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={8}>
        <Grid container spacing={3} direction="column">
          <Grid item>
            <InfoCard title="README">
              <Readme pluginId={plugin.id} />
            </InfoCard>
          </Grid>
          <Grid item>
            <Packages packages={plugin.packages} />
          </Grid>
        </Grid>
      </Grid>
      <Grid item xs={12} lg={4}>
        <SimilarPlugins pluginId={plugin.id} />
      </Grid>
    </Grid>
  );
};
