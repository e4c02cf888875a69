import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  PluginDetails,
  PluginVersion,
} from '@internal/backstage-plugin-marketplace-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../../api';
import { CompatibilityChip } from '../../common/PluginBadges';
import { timeAgo } from '../../common/format';
import { PanelMessage } from './PanelMessage';

const PAGE_SIZE = 20;

const useStyles = makeStyles(theme => ({
  flags: { display: 'flex', gap: theme.spacing(0.5), flexWrap: 'wrap' },
}));

function formatDate(iso: string | undefined): string {
  if (!iso) return 'Unknown';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'Unknown';
  return `${date.toISOString().slice(0, 10)} (${timeAgo(iso)})`;
}

const Flags = (props: { version: PluginVersion }) => {
  const classes = useStyles();
  const { prerelease, deprecated } = props.version;
  if (!prerelease && !deprecated) return null;
  return (
    <div className={classes.flags}>
      {prerelease && <Chip size="small" variant="outlined" label="Prerelease" />}
      {deprecated && (
        <Tooltip title={deprecated}>
          <Chip
            size="small"
            color="secondary"
            label="Deprecated"
            aria-label={`Deprecated: ${deprecated}`}
          />
        </Tooltip>
      )}
    </div>
  );
};

/** Every release with its date, Backstage range and fit with this app. */
export const VersionsPanel = (props: { plugin: PluginDetails; appVersion?: string }) => {
  const { plugin, appVersion } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const { value, loading, error } = useAsync(
    () => marketplaceApi.getVersions(plugin.id),
    [marketplaceApi, plugin.id],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.length) {
    return (
      <InfoCard title="Versions">
        <PanelMessage>The registry knows no releases of this plugin.</PanelMessage>
      </InfoCard>
    );
  }

  const columns: TableColumn<PluginVersion>[] = [
    { title: 'Version', field: 'version', highlight: true },
    { title: 'Published', field: 'publishedAt', render: row => formatDate(row.publishedAt) },
    {
      title: 'Backstage',
      field: 'backstageVersion',
      render: row => row.backstageVersion ?? 'Not declared',
    },
    { title: 'Flags', sorting: false, render: row => <Flags version={row} /> },
    {
      title: 'This app',
      sorting: false,
      render: row => <CompatibilityChip range={row.backstageVersion} appVersion={appVersion} />,
    },
  ];
  return (
    <Table<PluginVersion>
      title={`Versions (${value.length})`}
      columns={columns}
      data={value}
      options={{
        paging: value.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        search: false,
        padding: 'dense',
        draggable: false,
      }}
    />
  );
};
