import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** A quiet line that says a panel has nothing to show, and why. */
export const PanelMessage = (props: { children: ReactNode }) => (
  <Typography variant="body2" color="textSecondary">
    {props.children}
  </Typography>
);
