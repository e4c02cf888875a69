import {
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  INSTALL_STEPS,
  InstallJob,
  InstallJobEvent,
  PluginDetails,
} from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { JobResult } from './JobResult';
import { InstallJobsState, isFinished, useInstallJobs } from './useInstallJobs';

const useStyles = makeStyles(theme => ({
  job: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
  header: { display: 'flex', alignItems: 'center', gap: theme.spacing(2), flexWrap: 'wrap' },
  title: { flex: 1 },
  events: { listStyle: 'none', padding: 0, margin: 0, fontSize: '0.875rem' },
  event: { padding: theme.spacing(0.5, 0), borderBottom: `1px solid ${theme.palette.divider}` },
  time: { fontFamily: 'monospace', marginRight: theme.spacing(1) },
  output: {
    fontFamily: 'monospace',
    whiteSpace: 'pre-wrap',
    margin: theme.spacing(0.5, 0, 0, 0),
    maxHeight: 200,
    overflow: 'auto',
    background: theme.palette.background.default,
    padding: theme.spacing(1),
  },
}));

/** A job's state in words, with its colour. */
export const JobState = (props: { job: InstallJob }) => {
  const { job } = props;
  if (job.state === 'done') {
    if (job.result?.status === 'pending-restart') return <StatusWarning>pending restart</StatusWarning>;
    if (job.result?.status === 'pending-rebuild') return <StatusWarning>pending rebuild</StatusWarning>;
    return <StatusOK>done</StatusOK>;
  }
  if (job.state === 'failed') return <StatusError>failed</StatusError>;
  if (job.state === 'cancelled') return <StatusPending>cancelled</StatusPending>;
  if (job.state === 'queued') return <StatusPending>{job.cancelRequested ? 'cancelling' : 'queued'}</StatusPending>;
  return <StatusRunning>{job.cancelRequested ? `cancelling (${job.state})` : job.state}</StatusRunning>;
};

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function EventLine(props: { event: InstallJobEvent; start?: string }) {
  const { event, start } = props;
  const classes = useStyles();
  const at = start ? Math.max(0, Date.parse(event.createdAt) - Date.parse(start)) : undefined;
  return (
    <li className={classes.event}>
      {at !== undefined && <span className={classes.time}>+{seconds(at)}</span>}
      <strong>{event.step}</strong> {event.status}
      {event.package ? ` · ${event.package}` : ''}: {event.message}
      {event.durationMs !== undefined && ` (${seconds(event.durationMs)})`}
      {event.output && (
        // Focusable: long output scrolls, and keyboard users must be able to scroll it too (axe:
        // scrollable-region-focusable), which the lint rule for non-interactive elements does not know.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <pre className={classes.output} tabIndex={0} aria-label={`Output of ${event.step}`}>
          {event.output}
        </pre>
      )}
    </li>
  );
}

function activeStep(job: InstallJob): number {
  if (job.state === 'done') return INSTALL_STEPS.length;
  const index = INSTALL_STEPS.indexOf(job.state as (typeof INSTALL_STEPS)[number]);
  if (index >= 0) return index;
  if (job.error && job.error.step !== 'queued') return INSTALL_STEPS.indexOf(job.error.step);
  return -1;
}

function JobCard(props: {
  job: InstallJob;
  events: InstallJobEvent[];
  plugin?: PluginDetails;
  onChange: InstallJobsState['update'];
}) {
  const { job, events, plugin, onChange } = props;
  const classes = useStyles();
  const marketplaceApi = useApi(marketplaceApiRef);
  const [acting, setActing] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const name = plugin?.id === job.pluginId ? plugin.name : job.pluginId;
  const verb = { install: 'Install', update: 'Update', uninstall: 'Remove' }[job.action];
  const title = `${verb} ${name}${job.version ? ` ${job.fromVersion ? `${job.fromVersion} → ` : ''}${job.version}` : ''}`;

  const act = async (action: (id: string) => Promise<InstallJob>) => {
    setActing(true);
    setActionError(undefined);
    try {
      onChange(await action(job.id));
    } catch (error) {
      setActionError(error as Error);
    } finally {
      setActing(false);
    }
  };
  const failedStep = job.state === 'failed' ? activeStep(job) : -1;
  const failedPackages = job.packages.filter(p => p.error);

  return (
    <Paper variant="outlined" className={classes.job} aria-label={title} role="region">
      <div className={classes.header}>
        <Typography variant="h6" component="h3" className={classes.title}>
          {title}
        </Typography>
        <span role="status" aria-label={`${title}: state`}>
          <JobState job={job} />
        </span>
        {job.attempt > 1 && <Typography variant="body2">attempt {job.attempt}</Typography>}
        {!isFinished(job) && (
          <Button variant="outlined" disabled={acting || job.cancelRequested} onClick={() => act(id => marketplaceApi.cancelInstallJob(id))}>
            Cancel
          </Button>
        )}
        {(job.state === 'failed' || job.state === 'cancelled') && (
          <Button variant="contained" color="primary" disabled={acting} onClick={() => act(id => marketplaceApi.retryInstallJob(id))}>
            Retry
          </Button>
        )}
      </div>
      {job.action !== 'uninstall' && (
        <Stepper activeStep={activeStep(job)} alternativeLabel>
          {INSTALL_STEPS.map((step, index) => (
            <Step key={step} completed={job.state === 'done' || index < activeStep(job)}>
              <StepLabel error={index === failedStep}>{step}</StepLabel>
            </Step>
          ))}
        </Stepper>
      )}
      {actionError && <Alert severity="error">{actionError.message}</Alert>}
      {job.state === 'failed' && job.error && (
        <Alert severity="error">
          Failed while {job.error.step}
          {job.error.package ? ` ${job.error.package}` : ''}: {job.error.message}
          {job.rolledBack ? ' What it had done was undone.' : ''}
        </Alert>
      )}
      {failedPackages.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Packages that failed</Typography>
          <ul>
            {failedPackages.map(p => (
              <li key={p.name}>
                {p.name}@{p.version}: {p.error}
              </li>
            ))}
          </ul>
        </Box>
      )}
      <Box mt={1}>
        <JobResult job={job} plugin={plugin} />
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">Events</Typography>
        {events.length === 0 ? (
          <Typography variant="body2">No events yet.</Typography>
        ) : (
          <ul className={classes.events} aria-label={`Events of ${title}`}>
            {events.map(event => (
              <EventLine key={event.id} event={event} start={job.startedAt ?? job.createdAt} />
            ))}
          </ul>
        )}
      </Box>
    </Paper>
  );
}

/**
 * The live progress of an install: every job of the batch the given job
 * belongs to, its steps, events with timing and output, per-package errors,
 * Cancel while it runs and Retry when it failed.
 *
 * @public
 */
export const InstallProgress = (props: { jobId: string; plugin?: PluginDetails }) => {
  const { jobId, plugin } = props;
  const state = useInstallJobs(jobId);
  if (state.loading) return <Progress />;
  if (state.error && state.jobs.length === 0) return <ResponseErrorPanel error={state.error} />;
  const running = state.jobs.filter(j => !isFinished(j)).length;
  const failed = state.jobs.filter(j => j.state === 'failed').length;
  let summary = `${state.jobs.length} job${state.jobs.length === 1 ? '' : 's'}: all finished`;
  if (running) summary = `${running} of ${state.jobs.length} job${state.jobs.length === 1 ? '' : 's'} running`;
  else if (failed) summary = `${failed} of ${state.jobs.length} failed`;
  return (
    <>
      <Typography variant="body1" role="status" gutterBottom>
        {summary}
      </Typography>
      {state.error && (
        <Alert severity="warning">Lost contact with the backend ({state.error.message}); trying again.</Alert>
      )}
      {state.jobs.map(job => (
        <JobCard key={job.id} job={job} events={state.events[job.id] ?? []} plugin={plugin} onChange={state.update} />
      ))}
    </>
  );
};
