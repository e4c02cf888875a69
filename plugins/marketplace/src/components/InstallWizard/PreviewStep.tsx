import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ConfigPreview } from '@internal/backstage-plugin-marketplace-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DiffView } from '../common/DiffView';
import { ValidationResult } from '../common/ValidationResult';
import { isForbidden } from '../ConfigAdminPage/useConfigAccess';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(3) },
  yaml: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(13),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5),
    overflow: 'auto',
    maxHeight: 480,
    margin: 0,
    color: theme.palette.text.primary,
  },
}));

/**
 * What the managed config file would become: the validation result, a
 * readable diff against the file as it is, and the whole file.
 */
export const PreviewStep = (props: {
  pluginName: string;
  hasConfig: boolean;
  preview: { loading: boolean; error?: Error; value?: ConfigPreview };
}) => {
  const { pluginName, hasConfig, preview } = props;
  const classes = useStyles();
  if (!hasConfig) {
    return (
      <Typography>
        {pluginName} needs no configuration, so installing it leaves the managed config as it is.
      </Typography>
    );
  }
  if (preview.loading) return <Progress />;
  if (preview.error && isForbidden(preview.error)) {
    return (
      <Typography>
        Previewing the managed config needs the <code>marketplace.plugin.configure</code> permission, which you
        do not have. A platform admin can preview and apply this configuration.
      </Typography>
    );
  }
  if (preview.error) return <ResponseErrorPanel error={preview.error} title="Could not preview the configuration" />;
  if (!preview.value) return null;
  return (
    <>
      <ValidationResult
        validation={preview.value.validation}
        validText="The configuration is valid against the plugin's schema."
      />
      <Typography variant="h6" component="h3" className={classes.section}>
        Changes to the managed config
      </Typography>
      <DiffView
        diff={preview.value.diff}
        title="Changes to the managed config"
        emptyText="The managed config stays as it is: these values are there already."
      />
      <Typography variant="h6" component="h3" className={classes.section}>
        The managed config after the change
      </Typography>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be reachable by keyboard (axe scrollable-region-focusable) */}
      <pre className={classes.yaml} tabIndex={0} role="region" aria-label="The managed config after the change, YAML">
        {preview.value.yaml || '# empty'}
      </pre>
    </>
  );
};
