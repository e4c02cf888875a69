import { PluginDetails } from '@internal/backstage-plugin-marketplace-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { describePermission } from '../PluginDetailsPage/panels/PermissionsPanel';

/**
 * What the plugin asks to be allowed, in words, and whether that is enforced:
 * only a sandboxed plugin is held to its list.
 */
export const PermissionsStep = (props: { plugin: PluginDetails }) => {
  const { plugin } = props;
  const { permissions, installation } = plugin.spec;
  const sandboxed = installation.method === 'sandbox';
  return (
    <>
      <Typography paragraph>
        {sandboxed
          ? `${plugin.name} runs in a sandbox: it can do only what is listed here, and nothing else.`
          : `${plugin.name} is installed from npm and runs inside the backend with the backend's own access; the author declares what it uses, but nothing enforces the list.`}
      </Typography>
      {permissions.length === 0 ? (
        <Typography>{plugin.name} asks for no permissions.</Typography>
      ) : (
        <List aria-label="Permissions the plugin asks for">
          {permissions.map(request => (
            <ListItem key={`${request.permission}:${request.hosts?.join(',') ?? ''}`} divider>
              <ListItemText
                primary={describePermission(request)}
                secondary={request.reason ? `Why: ${request.reason} (${request.permission})` : request.permission}
              />
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
};
