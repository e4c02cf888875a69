import {
  InfoCard,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  marketplaceAdminPermission,
  RestartStatus,
  ReplicaStatus,
} from '@internal/backstage-plugin-marketplace-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useState } from 'react';
import { marketplaceApiRef } from '../../api';

const POLL_MS = 3000;

function ReplicaState(props: { replica: ReplicaStatus }) {
  const { replica } = props;
  if (replica.restarting) return <StatusPending>restarting</StatusPending>;
  if (replica.behind.length > 0)
    return <StatusWarning>needs a restart</StatusWarning>;
  return <StatusOK>runs what is installed</StatusOK>;
}

function ReplicaItem(props: { replica: ReplicaStatus }) {
  const { replica } = props;
  const name = `${replica.hostname} (pid ${replica.pid})${
    replica.self ? ', this one' : ''
  }`;
  return (
    <li aria-label={name}>
      <Typography variant="body2">
        <strong>{name}</strong>
      </Typography>
      <ReplicaState replica={replica} />
      <Typography variant="caption" color="textSecondary" component="div">
        Started {new Date(replica.startedAt).toLocaleString()}
        {replica.supervised
          ? ''
          : '; no supervisor starts it again, so it cannot restart itself'}
      </Typography>
      {replica.behind.length > 0 && (
        <ul
          aria-label={`What ${replica.hostname} (pid ${replica.pid}) does not run yet`}
        >
          {replica.behind.map(b => (
            <li key={b.pluginId}>
              <Typography variant="caption">{b.message}</Typography>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** Restarts every replica one at a time, for admins (asked only when the panel shows). */
function RestartAllReplicas(props: { rolling: boolean; onChanged: () => void }) {
  const { rolling, onChanged } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const admin = usePermission({ permission: marketplaceAdminPermission });
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<Error>();
  if (!admin.allowed) return null;

  const restartAll = async () => {
    setAsking(true);
    setError(undefined);
    try {
      await marketplaceApi.restartBackend({ replicas: 'all' });
      onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setAsking(false);
    }
  };
  return (
    <>
      <Box mt={1}>
        <Button variant="outlined" color="primary" onClick={restartAll} disabled={asking || rolling}>
          Restart all replicas, one at a time
        </Button>
      </Box>
      {error && <Alert severity="error">Could not start the rolling restart: {error.message}</Alert>}
    </>
  );
}

/**
 * The backend replicas sharing the marketplace's database and what each one
 * does not run yet (each takes up backend and frontend plugins when it
 * starts), with a restart of every replica, one at a time, for admins.
 * Shown when there is more than one replica, or a rolling restart is under
 * way; it polls while one is.
 */
export const ReplicasPanel = (props: { status?: RestartStatus; onChanged: () => void }) => {
  const { status, onChanged } = props;
  const rolling = status?.rolling;

  useEffect(() => {
    if (!rolling) return undefined;
    const timer = setInterval(onChanged, POLL_MS);
    return () => clearInterval(timer);
  }, [rolling, onChanged]);

  const replicas = status?.replicas ?? [];
  if (replicas.length < 2 && !rolling) return null;
  const behind = replicas.filter(r => r.behind.length > 0).length;

  return (
    <Box mt={3}>
      <InfoCard
        title="Backend replicas"
        subheader={behind ? `${behind} of ${replicas.length} need a restart` : `${replicas.length} replicas, all up to date`}
      >
        <ul aria-label="Backend replicas" style={{ paddingLeft: 16, margin: 0 }}>
          {replicas.map(replica => (
            <ReplicaItem key={replica.id} replica={replica} />
          ))}
        </ul>
        {rolling && (
          <Typography variant="body2" role="status">
            Rolling restart asked for by {rolling.requestedBy}: {rolling.remaining.length} replica
            {rolling.remaining.length === 1 ? '' : 's'} to go, one at a time.
          </Typography>
        )}
        <RestartAllReplicas rolling={Boolean(rolling)} onChanged={onChanged} />
      </InfoCard>
    </Box>
  );
};
