import { InfoCard, Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { InstallJob } from '@internal/backstage-plugin-marketplace-common';
import Typography from '@material-ui/core/Typography';
import { useEffect, useRef, useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { installWizardRouteRef } from '../../routes';
import { JobState } from '../InstallWizard/InstallProgress';
import { isFinished } from '../InstallWizard/useInstallJobs';

const POLL_MS = 2000;

/** A job as a link to its progress in the install wizard, with its state. */
export const JobLink = (props: { job: InstallJob }) => {
  const { job } = props;
  const wizardLink = useRouteRef(installWizardRouteRef);
  const label = `${job.action} ${job.pluginId}${job.version ? ` ${job.version}` : ''}`;
  return (
    <>
      <Typography variant="body2" component="span">
        {wizardLink ? (
          <Link to={`${wizardLink({ pluginId: job.pluginId })}?job=${encodeURIComponent(job.id)}`}>{label}</Link>
        ) : (
          label
        )}{' '}
      </Typography>
      <JobState job={job} />
    </>
  );
};

/**
 * Install, update and uninstall jobs still running, read again every two
 * seconds while there are any (or while `watch` asks for it, after this page
 * started one); `onFinished` is told when one ends so the list can refresh.
 */
export const ActiveJobs = (props: { watch: number; onFinished: () => void }) => {
  const { watch, onFinished } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const [jobs, setJobs] = useState<InstallJob[]>([]);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = new Set<string>();
    const poll = async () => {
      try {
        const all = await marketplaceApi.listInstallJobs({ limit: 50 });
        if (stopped) return;
        const active = all.filter(j => !isFinished(j));
        const ended = [...running].some(id => !active.some(j => j.id === id));
        running = new Set(active.map(j => j.id));
        setJobs(active);
        if (ended) finished.current();
        if (active.length) timer = setTimeout(poll, POLL_MS);
      } catch {
        // The jobs are extra information; the page works without them.
        if (!stopped) timer = setTimeout(poll, POLL_MS * 5);
      }
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [marketplaceApi, watch]);

  if (jobs.length === 0) return null;
  return (
    <InfoCard title="In progress">
      <ul aria-label="Jobs in progress">
        {jobs.map(job => (
          <li key={job.id}>
            <JobLink job={job} />
          </li>
        ))}
      </ul>
    </InfoCard>
  );
};
