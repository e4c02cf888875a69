import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { InstallExport } from '@internal/backstage-plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { DiffView } from '../common/DiffView';

const useStyles = makeStyles(theme => ({
  summary: {
    whiteSpace: 'pre-wrap',
    fontFamily: theme.typography.fontFamily,
    margin: theme.spacing(0, 0, 2),
  },
  heading: { '&:focus': { outline: 'none' } },
  file: { marginTop: theme.spacing(2) },
  status: { marginRight: 'auto', paddingLeft: theme.spacing(1) },
}));

/** Saves text as a file through the browser's download. */
function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/x-diff' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * The install as a change to review instead of an install: the backend's
 * summary, each file's diff, and the whole patch to download as
 * `<pluginId>.patch` or copy, for teams that deploy from git.
 */
export const ExportChangeDialog = (props: {
  open: boolean;
  pluginId: string;
  /** What is exported, e.g. "Todo 2.1.0". */
  label: string;
  /** Asks the backend for the change; called each time the dialog opens. */
  load: () => Promise<InstallExport>;
  onClose: () => void;
}) => {
  const { open, pluginId, label, load, onClose } = props;
  const classes = useStyles();
  const [status, setStatus] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  // Made again on every opening: the repository and the configuration may have changed.
  const change = useAsync(async () => {
    setStatus('');
    return open ? load() : undefined;
  }, [open]);

  const fileName = `${pluginId}.patch`;
  const patch = change.value?.patch ?? '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(patch);
      setStatus('Patch copied.');
    } catch {
      setStatus('The browser did not allow copying: select the patch in the diff, or download it.');
    }
  };
  const save = () => {
    download(patch, fileName);
    setStatus(`Saved as ${fileName}.`);
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="marketplace-export-title"
      aria-describedby="marketplace-export-summary"
      maxWidth="md"
      fullWidth
      scroll="paper"
      // Like the wizard's steps, the dialog starts at its heading for keyboard and screen reader users.
      TransitionProps={{ onEntered: () => heading.current?.focus() }}
    >
      <DialogTitle disableTypography>
        <Typography variant="h6" component="h2" id="marketplace-export-title" tabIndex={-1} ref={heading} className={classes.heading}>
          Export {label} as a change
        </Typography>
      </DialogTitle>
      <DialogContent dividers>
        {change.loading && <Progress />}
        {change.error && <ResponseErrorPanel error={change.error} />}
        {change.value && (
          <>
            <Typography id="marketplace-export-summary" variant="body2" component="pre" className={classes.summary}>
              {change.value.summary}
            </Typography>
            {change.value.files.map(file => (
              <section key={file.path} className={classes.file}>
                <Typography variant="subtitle2" component="h3" gutterBottom>
                  {file.path}
                </Typography>
                {/* The git header line says nothing the heading does not. */}
                <DiffView diff={file.diff.replace(/^diff --git .*\n/, '')} title={file.path} />
              </section>
            ))}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Typography role="status" variant="body2" className={classes.status}>
          {status}
        </Typography>
        <Button onClick={copy} disabled={!patch}>
          Copy
        </Button>
        <Button onClick={save} disabled={!patch} color="primary" variant="contained">
          Download .patch
        </Button>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
