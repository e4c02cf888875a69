import { Content, EmptyState, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useParams } from 'react-router-dom';
import { pluginDetailsRouteRef, rootRouteRef } from '../../routes';
import { isNotFound, usePluginDetails } from '../PluginDetailsPage/usePluginDetails';
import { InstallProgress } from './InstallProgress';
import { InstallWizard } from './InstallWizard';
import { useJobParam } from './useInstallJobs';

const useStyles = makeStyles(theme => ({
  back: { display: 'inline-block', marginBottom: theme.spacing(1) },
}));

/**
 * The install wizard at `/plugins/:pluginId/install` under the marketplace:
 * overview, permissions, dependencies, configuration, preview and confirm,
 * with the step in the `step` query parameter; once installing, the progress of
 * the job in the `job` query parameter.
 *
 * @public
 */
export const InstallWizardPage = () => {
  const { pluginId = '' } = useParams();
  const classes = useStyles();
  const details = useRouteRef(pluginDetailsRouteRef);
  const home = useRouteRef(rootRouteRef);
  const { value: plugin, loading, error } = usePluginDetails(pluginId);
  const [jobId, setJob] = useJobParam();

  let body;
  if (loading) body = <Progress />;
  else if (error && !isNotFound(error)) body = <ResponseErrorPanel error={error} />;
  else if (!plugin) {
    body = (
      <EmptyState
        missing="data"
        title={`No plugin with id “${pluginId}”`}
        description="There is nothing to install: the marketplace has no plugin by that id."
        action={home ? <Link to={home()}>Back to the marketplace</Link> : undefined}
      />
    );
  } else {
    body = (
      <>
        {details && (
          <Link to={details({ pluginId })} className={classes.back}>
            ← {plugin.name}
          </Link>
        )}
        <Typography variant="h4" component="h1">
          {jobId ? 'Installing' : 'Install'} {plugin.name}
        </Typography>
        {jobId ? <InstallProgress jobId={jobId} plugin={plugin} /> : <InstallWizard plugin={plugin} onStarted={setJob} />}
      </>
    );
  }
  return <Content>{body}</Content>;
};
