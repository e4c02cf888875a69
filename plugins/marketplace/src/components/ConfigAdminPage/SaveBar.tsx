import { ConfigRevision } from '@internal/backstage-plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { isConflict, messageOf } from './errors';

const useStyles = makeStyles(theme => ({
  row: { display: 'flex', gap: theme.spacing(2), alignItems: 'flex-start', flexWrap: 'wrap', marginTop: theme.spacing(2) },
  message: { flex: '1 1 320px' },
  alert: { marginTop: theme.spacing(2) },
}));

/** What happened to the last save. */
export type SaveOutcome =
  | { kind: 'saved'; revision: ConfigRevision }
  | { kind: 'conflict'; message: string }
  | { kind: 'failed'; message: string };

/** Runs a save and says how it went; a 409 becomes a conflict. */
export async function attemptSave(save: () => Promise<ConfigRevision>): Promise<SaveOutcome> {
  try {
    return { kind: 'saved', revision: await save() };
  } catch (error) {
    return isConflict(error)
      ? { kind: 'conflict', message: messageOf(error as Error) }
      : { kind: 'failed', message: messageOf(error as Error) };
  }
}

/**
 * A change message (every revision has one) and Save, with the outcome:
 * saved (and whether it took effect live), a conflict with someone else's
 * change (reload, then redo the edit), or the backend's reason for refusing.
 */
export const SaveBar = (props: {
  disabled?: boolean;
  onSave: (message: string) => Promise<SaveOutcome>;
  onReload: () => void;
  idPrefix: string;
}) => {
  const { disabled, onSave, onReload, idPrefix } = props;
  const classes = useStyles();
  const [message, setMessage] = useState('');
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome>();
  const save = async () => {
    setSaving(true);
    const result = await onSave(message.trim());
    setSaving(false);
    setOutcome(result);
    if (result.kind === 'saved') setMessage('');
  };
  return (
    <>
      <div className={classes.row}>
        <TextField
          id={`${idPrefix}-message`}
          label="What changed and why"
          value={message}
          onChange={event => setMessage(event.target.value)}
          variant="outlined"
          size="small"
          required
          className={classes.message}
          helperText="Kept with the revision in the history."
        />
        <Button
          variant="contained"
          color="primary"
          onClick={save}
          disabled={disabled || saving || message.trim() === ''}
        >
          {saving ? 'Saving…' : 'Save'}
        </Button>
      </div>
      {outcome?.kind === 'saved' && (
        <Alert severity="success" className={classes.alert}>
          Saved as revision {outcome.revision.revision}.{' '}
          {outcome.revision.appliedLive
            ? 'It took effect without a restart.'
            : 'It takes effect when the backend restarts.'}
        </Alert>
      )}
      {outcome?.kind === 'conflict' && (
        <Alert
          severity="warning"
          className={classes.alert}
          action={
            <Button color="inherit" size="small" onClick={() => { setOutcome(undefined); onReload(); }}>
              Reload
            </Button>
          }
        >
          Not saved: someone else changed the managed config since you opened it ({outcome.message}). Reload
          to see their change, then make yours again; reloading replaces what you typed, so copy it first if
          you need it.
        </Alert>
      )}
      {outcome?.kind === 'failed' && (
        <Alert severity="error" className={classes.alert}>
          Not saved: {outcome.message}
        </Alert>
      )}
    </>
  );
};
