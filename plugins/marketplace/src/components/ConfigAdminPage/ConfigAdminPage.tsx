import { Content, EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ADMIN_TABS, AdminTab, useAdminTab } from './adminTabs';
import { HistoryTab } from './HistoryTab';
import { PluginConfigTab } from './PluginConfigTab';
import { RawYamlTab } from './RawYamlTab';
import { useConfigAccess } from './useConfigAccess';

const useStyles = makeStyles(theme => ({
  tabs: { borderBottom: `1px solid ${theme.palette.divider}`, margin: theme.spacing(2, 0, 3) },
  panel: { padding: theme.spacing(3) },
}));

const tabId = (tab: AdminTab) => `marketplace-config-tab-${tab}`;
const panelId = (tab: AdminTab) => `marketplace-config-panel-${tab}`;

const Panel = (props: { tab: AdminTab }) => {
  switch (props.tab) {
    case 'plugins':
      return <PluginConfigTab />;
    case 'history':
      return <HistoryTab />;
    default:
      return <RawYamlTab />;
  }
};

/**
 * Platform admins' editor of the managed app-config at `/admin/config` under
 * the marketplace: the raw YAML, a form per installed plugin, and the history
 * with diffs and rollback. Only users the policy allows to configure plugins
 * see it; others are told plainly that they may not.
 *
 * @public
 */
export const ConfigAdminPage = () => {
  const classes = useStyles();
  const access = useConfigAccess();
  const [tab, setTab] = useAdminTab();

  let body;
  if (access.loading) body = <Progress />;
  else if (access.error) body = <ResponseErrorPanel error={access.error} />;
  else if (!access.allowed) {
    body = (
      <EmptyState
        missing="info"
        title="You are not allowed to edit the managed configuration"
        description="Editing the marketplace's managed app-config needs the marketplace.plugin.configure permission. Ask a platform admin if you need it."
      />
    );
  } else {
    body = (
      <>
        <Tabs
          className={classes.tabs}
          value={tab}
          onChange={(_event, next: AdminTab) => setTab(next)}
          indicatorColor="primary"
          textColor="primary"
          aria-label="Managed configuration"
        >
          {ADMIN_TABS.map(t => (
            <Tab key={t.id} value={t.id} label={t.label} id={tabId(t.id)} aria-controls={panelId(t.id)} />
          ))}
        </Tabs>
        {/* On paper: secondary text (labels, help) on the page background misses WCAG AA contrast. */}
        <Paper variant="outlined" className={classes.panel}>
          <Box role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
            <Panel tab={tab} />
          </Box>
        </Paper>
      </>
    );
  }
  return (
    <Content>
      <Typography variant="h4" component="h1">
        Managed configuration
      </Typography>
      {body}
    </Content>
  );
};
