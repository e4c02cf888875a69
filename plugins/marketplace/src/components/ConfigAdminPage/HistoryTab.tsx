import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ConfigRevision } from '@internal/backstage-plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { marketplaceApiRef } from '../../api';
import { DiffView } from '../common/DiffView';
import { useQueryParam } from './adminTabs';
import { isConflict, messageOf } from './errors';

const useStyles = makeStyles(theme => ({
  actions: { display: 'flex', gap: theme.spacing(1), whiteSpace: 'nowrap' },
  diff: { marginTop: theme.spacing(3) },
  alert: { marginBottom: theme.spacing(2) },
}));

function describeRevision(revision: ConfigRevision): string {
  const how = revision.appliedLive ? 'applied live' : 'needs a restart';
  return revision.rollbackOf !== undefined ? `rollback to ${revision.rollbackOf}, ${how}` : how;
}

/**
 * Every change of the managed config, newest first: who, when and why, its
 * diff, and a rollback (itself a new revision) after confirmation.
 */
export const HistoryTab = () => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const classes = useStyles();
  const revisions = useAsyncRetry(() => marketplaceApi.listConfigRevisions(), [marketplaceApi]);
  const [selected, setSelected] = useQueryParam('revision');
  const [confirming, setConfirming] = useState<ConfigRevision>();
  const [rolling, setRolling] = useState(false);
  const [outcome, setOutcome] = useState<{ severity: 'success' | 'error'; text: string }>();

  if (revisions.loading && !revisions.value) return <Progress />;
  if (revisions.error) return <ResponseErrorPanel error={revisions.error} title="Could not read the history" />;
  const items = revisions.value ?? [];
  if (items.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No changes yet"
        description="Every save of the managed config, from this page or the install wizard, shows up here with its diff."
      />
    );
  }
  const current = items[0]?.revision;
  const shown = items.find(r => String(r.revision) === selected);

  const rollback = async (target: ConfigRevision) => {
    setRolling(true);
    try {
      // Against the newest revision shown: a change made meanwhile is not silently undone.
      const made = await marketplaceApi.rollbackConfig(target.revision, { baseRevision: current });
      setOutcome({
        severity: 'success',
        text: `Rolled back to revision ${target.revision}: saved as revision ${made.revision}. ${
          made.appliedLive ? 'It took effect without a restart.' : 'It takes effect when the backend restarts.'
        }`,
      });
      setSelected(String(made.revision));
      revisions.retry();
    } catch (error) {
      setOutcome({
        severity: 'error',
        text: isConflict(error)
          ? `Not rolled back: the managed config changed since this history was loaded (${messageOf(error as Error)}). The history below is reloaded; check it and try again.`
          : `Not rolled back: ${messageOf(error as Error)}`,
      });
      if (isConflict(error)) revisions.retry();
    } finally {
      setRolling(false);
      setConfirming(undefined);
    }
  };

  return (
    <>
      {outcome && (
        <Alert severity={outcome.severity} className={classes.alert}>
          {outcome.text}
        </Alert>
      )}
      <MuiTable size="small" aria-label="Revisions of the managed config">
        <TableHead>
          <TableRow>
            <TableCell>Revision</TableCell>
            <TableCell>When</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Effect</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(r => (
            <TableRow key={r.revision} selected={r.revision === shown?.revision}>
              <TableCell>{r.revision}</TableCell>
              <TableCell>{new Date(r.createdAt).toLocaleString()}</TableCell>
              <TableCell>{r.author}</TableCell>
              <TableCell>{r.message}</TableCell>
              <TableCell>{describeRevision(r)}</TableCell>
              <TableCell>
                <div className={classes.actions}>
                  <Button
                    size="small"
                    onClick={() => setSelected(String(r.revision))}
                    aria-pressed={r.revision === shown?.revision}
                    aria-label={`Changes of revision ${r.revision}`}
                  >
                    Changes
                  </Button>
                  <Button
                    size="small"
                    color="secondary"
                    disabled={r.revision === current}
                    onClick={() => setConfirming(r)}
                    aria-label={`Roll back to revision ${r.revision}`}
                  >
                    Roll back
                  </Button>
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </MuiTable>
      {shown && (
        <div className={classes.diff}>
          <Typography variant="h6" component="h3" gutterBottom>
            Revision {shown.revision}: {shown.message}
          </Typography>
          <DiffView diff={shown.diff} title={`Changes of revision ${shown.revision}`} />
        </div>
      )}
      <Dialog
        open={confirming !== undefined}
        onClose={() => setConfirming(undefined)}
        aria-labelledby="marketplace-rollback-title"
      >
        <DialogTitle id="marketplace-rollback-title">Roll back to revision {confirming?.revision}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The managed config becomes what it was at revision {confirming?.revision} ({confirming?.message}).
            Every later change is undone by a new revision; the history keeps them all.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(undefined)}>Cancel</Button>
          <Button
            color="secondary"
            variant="contained"
            disabled={rolling}
            onClick={() => confirming && rollback(confirming)}
          >
            Roll back
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
