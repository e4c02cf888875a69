import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';

/** One line of a unified diff, by what it does. */
export interface DiffLine {
  kind: 'added' | 'removed' | 'context' | 'hunk' | 'header';
  text: string;
}

/** Splits a unified diff into lines that say what they are. */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const lines = diff.replace(/\n$/, '').split('\n');
  return lines
    .filter(line => line !== '' && !line.startsWith('\\'))
    .map(line => {
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('Index:') || line.startsWith('====')) {
        return { kind: 'header', text: line };
      }
      if (line.startsWith('@@')) return { kind: 'hunk', text: line };
      if (line.startsWith('+')) return { kind: 'added', text: line.slice(1) };
      if (line.startsWith('-')) return { kind: 'removed', text: line.slice(1) };
      return { kind: 'context', text: line.startsWith(' ') ? line.slice(1) : line };
    });
}

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(13),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflowX: 'auto',
    margin: 0,
    padding: theme.spacing(1, 0),
    color: theme.palette.text.primary,
  },
  line: { whiteSpace: 'pre', padding: theme.spacing(0, 1.5), minHeight: '1.4em' },
  sign: { display: 'inline-block', width: '1.5em', userSelect: 'none' },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  // Tints on the text colour of the theme keep contrast in light and dark.
  added: { backgroundColor: alpha(theme.palette.success.main, 0.18) },
  removed: { backgroundColor: alpha(theme.palette.error.main, 0.18) },
  context: {},
  hunk: { color: theme.palette.text.secondary, fontStyle: 'italic' },
  header: { fontWeight: 600 },
}));

const SIGNS: Record<DiffLine['kind'], string> = {
  added: '+',
  removed: '−',
  context: ' ',
  hunk: '',
  header: '',
};

/**
 * A unified diff that reads at a glance: added lines tinted green with a
 * plus, removed lines red with a minus, and a summary in words for those who
 * do not see colour.
 */
export const DiffView = (props: { diff: string; title?: string; emptyText?: string }) => {
  const { diff, title = 'Changes', emptyText = 'No changes.' } = props;
  const classes = useStyles();
  const lines = parseUnifiedDiff(diff);
  const added = lines.filter(l => l.kind === 'added').length;
  const removed = lines.filter(l => l.kind === 'removed').length;
  if (added === 0 && removed === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyText}
      </Typography>
    );
  }
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <Typography variant="body2" component="figcaption" paragraph>
        {added} line{added === 1 ? '' : 's'} added, {removed} removed
      </Typography>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a region that scrolls sideways must be reachable by keyboard (axe scrollable-region-focusable) */}
      <div className={classes.diff} role="region" aria-label={`${title}: unified diff`} tabIndex={0}>
        {lines.map((line, index) => (
          <div
            key={index}
            className={`${classes.line} ${classes[line.kind]}`}
            data-diff={line.kind}
          >
            {(line.kind === 'added' || line.kind === 'removed' || line.kind === 'context') && (
              <span className={classes.sign} aria-hidden="true">
                {SIGNS[line.kind]}
              </span>
            )}
            {(line.kind === 'added' || line.kind === 'removed') && (
              <span className={classes.visuallyHidden}>{line.kind}: </span>
            )}
            {line.text}
          </div>
        ))}
      </div>
    </figure>
  );
};
