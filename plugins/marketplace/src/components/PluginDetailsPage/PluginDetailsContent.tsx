import { EmptyState, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { PluginDetails } from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { makeStyles } from '@material-ui/core/styles';
import { useAppEnvironment } from '../../hooks/useAppEnvironment';
import { rootRouteRef } from '../../routes';
import { DETAIL_TABS, DetailTab, useDetailTab } from './detailTabs';
import { PluginHeader } from './PluginHeader';
import { ChangelogPanel } from './panels/ChangelogPanel';
import { ConfigurationPanel } from './panels/ConfigurationPanel';
import { DependenciesPanel } from './panels/DependenciesPanel';
import { OverviewPanel } from './panels/OverviewPanel';
import { PermissionsPanel } from './panels/PermissionsPanel';
import { QualityPanel } from './panels/QualityPanel';
import { VersionsPanel } from './panels/VersionsPanel';
import { isNotFound, usePluginDetails, useRecordView } from './usePluginDetails';

const useStyles = makeStyles(theme => ({
  tabs: {
    borderBottom: `1px solid ${theme.palette.divider}`,
    margin: theme.spacing(3, 0),
  },
}));

const tabId = (tab: DetailTab) => `marketplace-details-tab-${tab}`;
const panelId = (tab: DetailTab) => `marketplace-details-panel-${tab}`;

const TabPanel = (props: { tab: DetailTab; plugin: PluginDetails; appVersion?: string }) => {
  const { tab, plugin, appVersion } = props;
  switch (tab) {
    case 'versions':
      return <VersionsPanel plugin={plugin} appVersion={appVersion} />;
    case 'changelog':
      return <ChangelogPanel plugin={plugin} />;
    case 'dependencies':
      return <DependenciesPanel plugin={plugin} />;
    case 'quality':
      return <QualityPanel plugin={plugin} />;
    case 'permissions':
      return <PermissionsPanel plugin={plugin} />;
    case 'configuration':
      return <ConfigurationPanel plugin={plugin} />;
    default:
      return <OverviewPanel plugin={plugin} />;
  }
};

const NotFound = (props: { pluginId: string }) => {
  const marketplaceLink = useRouteRef(rootRouteRef);
  return (
    <EmptyState
      missing="data"
      title={`No plugin with id “${props.pluginId}”`}
      description="The marketplace has no plugin by that id. It may have been removed, or the link may be mistyped."
      action={marketplaceLink ? <Link to={marketplaceLink()}>Back to the marketplace</Link> : undefined}
    />
  );
};

/**
 * Everything the marketplace knows about one plugin: a header with the way to
 * install it, and tabs whose choice is kept in the `tab` query parameter.
 * Shared by the details page and the Marketplace tab of catalog entities.
 */
export const PluginDetailsContent = (props: { pluginId: string }) => {
  const { pluginId } = props;
  const classes = useStyles();
  const { value: plugin, loading, error } = usePluginDetails(pluginId);
  const { backstageVersion: appVersion } = useAppEnvironment();
  const [tab, setTab] = useDetailTab();
  useRecordView(plugin);

  if (loading) return <Progress />;
  if (error) {
    return isNotFound(error) ? <NotFound pluginId={pluginId} /> : <ResponseErrorPanel error={error} />;
  }
  if (!plugin) return <NotFound pluginId={pluginId} />;

  return (
    <>
      <PluginHeader plugin={plugin} appVersion={appVersion} />
      <Tabs
        className={classes.tabs}
        value={tab}
        onChange={(_event, next: DetailTab) => setTab(next)}
        indicatorColor="primary"
        textColor="primary"
        variant="scrollable"
        scrollButtons="auto"
        aria-label={`Details of ${plugin.name}`}
      >
        {DETAIL_TABS.map(t => (
          <Tab key={t.id} value={t.id} label={t.label} id={tabId(t.id)} aria-controls={panelId(t.id)} />
        ))}
      </Tabs>
      <Box role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        <TabPanel tab={tab} plugin={plugin} appVersion={appVersion} />
      </Box>
    </>
  );
};
