import { SearchSort } from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import ViewListIcon from '@material-ui/icons/ViewList';
import ViewModuleIcon from '@material-ui/icons/ViewModule';
import ViewAgendaIcon from '@material-ui/icons/ViewAgenda';
import { ResultsView } from './searchState';

const SORT_TITLES: Record<SearchSort, string> = {
  relevance: 'Relevance',
  popularity: 'Most downloaded',
  updated: 'Recently updated',
  name: 'Name',
  quality: 'Quality',
};

// The outlined label's default grey falls below WCAG AA contrast on Backstage's page background.
const useStyles = makeStyles(theme => ({ label: { color: theme.palette.text.primary } }));

/** Result count, sort order, layout and "clear filters" above the results. */
export const ResultsToolbar = (props: {
  totalCount?: number;
  hasQuery: boolean;
  sort?: SearchSort;
  view: ResultsView;
  filterCount: number;
  onSort: (sort: SearchSort) => void;
  onView: (view: ResultsView) => void;
  onClearFilters: () => void;
}) => {
  const classes = useStyles();
  const { totalCount, hasQuery, view, filterCount } = props;
  // Without a query the backend orders by popularity; show what is in effect.
  const sort = props.sort ?? (hasQuery ? 'relevance' : 'popularity');
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={16} mb={2}>
      <Typography variant="h6" component="h2" role="status" style={{ flex: 1 }}>
        {totalCount === undefined ? 'Searching…' : `${totalCount.toLocaleString('en')} plugin${totalCount === 1 ? '' : 's'}`}
      </Typography>
      {filterCount > 0 && (
        <Button size="small" onClick={props.onClearFilters}>
          Clear {filterCount} filter{filterCount === 1 ? '' : 's'}
        </Button>
      )}
      <TextField
        select
        size="small"
        variant="outlined"
        id="marketplace-sort"
        label="Sort by"
        value={sort}
        onChange={event => props.onSort(event.target.value as SearchSort)}
        SelectProps={{ native: true }}
        InputLabelProps={{ className: classes.label }}
        style={{ minWidth: 180 }}
      >
        {(Object.keys(SORT_TITLES) as SearchSort[])
          .filter(s => hasQuery || s !== 'relevance')
          .map(s => (
            <option key={s} value={s}>
              {SORT_TITLES[s]}
            </option>
          ))}
      </TextField>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={view}
        onChange={(_event, value) => value && props.onView(value)}
        aria-label="Layout"
      >
        <ToggleButton value="grid" aria-label="Grid view">
          <ViewModuleIcon />
        </ToggleButton>
        <ToggleButton value="list" aria-label="List view">
          <ViewListIcon />
        </ToggleButton>
        <ToggleButton value="detailed" aria-label="Detailed view">
          <ViewAgendaIcon />
        </ToggleButton>
      </ToggleButtonGroup>
    </Box>
  );
};
