import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import {
  PluginDetails,
  PluginPermissionRequest,
  ResourceLimits,
} from '@internal/backstage-plugin-marketplace-common';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { PanelMessage } from './PanelMessage';

const HOST_CAPABILITIES: Record<string, string> = {
  log: 'Write to the backend log',
  kv: 'Keep data in its own key-value store',
  'catalog.read': 'Read software catalog entities, as the user who calls it',
  'config.read': 'Read its own configuration',
  'events.publish': 'Publish events to other plugins',
  'events.subscribe': 'Receive events from other plugins',
};

/** A permission request as a sentence. */
export function describePermission(request: PluginPermissionRequest): string {
  if (request.permission === 'fetch') {
    return request.hosts?.length
      ? `Make HTTP requests to ${request.hosts.join(', ')}`
      : 'Make HTTP requests to any host';
  }
  return (
    HOST_CAPABILITIES[request.permission] ??
    `Use the Backstage permission “${request.permission}”`
  );
}

const LIMIT_LABELS: Array<[keyof ResourceLimits, string, (value: number) => string]> = [
  ['memoryMb', 'Memory', v => `${v} MB`],
  ['cpuTimeMsPerCall', 'CPU time per call', v => `${v} ms`],
  ['cpuTimeMsTotal', 'CPU time in total', v => `${v} ms`],
  ['wallClockMsPerCall', 'Wall-clock time per call', v => `${v} ms`],
  ['kvQuotaBytes', 'Key-value store quota', v => `${v} bytes`],
  ['networkBytesPerMinute', 'Network per minute', v => `${v} bytes`],
  ['maxConnections', 'Connections at once', v => String(v)],
  ['apiCallsPerMinute', 'Host calls per minute', v => String(v)],
];

function describeLimits(limits: ResourceLimits): Record<string, string> {
  return Object.fromEntries(
    LIMIT_LABELS.flatMap(([key, label, format]) =>
      limits[key] === undefined ? [] : [[label, format(limits[key] as number)]],
    ),
  );
}

/**
 * What the plugin asks to be allowed, in words. Only a sandboxed plugin is
 * held to it; a plugin installed from npm runs inside the backend with all of
 * its access, which the page says rather than implying a guarantee.
 */
export const PermissionsPanel = (props: { plugin: PluginDetails }) => {
  const { spec } = props.plugin;
  const sandboxed = spec.installation.method === 'sandbox';
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={spec.sandbox ? 8 : 12}>
        <InfoCard title="Permissions">
          <Typography variant="body2" color="textSecondary" paragraph>
            {sandboxed
              ? 'This plugin runs in a sandbox: it can do only what is listed here.'
              : 'Declared by the author. This plugin is installed from npm and runs inside the backend, so these are not enforced.'}
          </Typography>
          {spec.permissions.length === 0 ? (
            <PanelMessage>This plugin asks for no permissions.</PanelMessage>
          ) : (
            <List dense aria-label="Requested permissions">
              {spec.permissions.map(request => (
                <ListItem key={`${request.permission}:${request.hosts?.join(',') ?? ''}`}>
                  <ListItemText
                    primary={describePermission(request)}
                    secondary={
                      request.reason
                        ? `${request.reason} (${request.permission})`
                        : request.permission
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      {spec.sandbox && (
        <Grid item xs={12} md={4}>
          <InfoCard title="Sandbox limits">
            <StructuredMetadataTable metadata={describeLimits(spec.sandbox.limits)} dense />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
};
