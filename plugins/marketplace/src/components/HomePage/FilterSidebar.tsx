import { FacetCount } from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { LIST_FACETS, ListFacetDefinition, VALUE_FACETS, ValueFacetDefinition } from './facetDefinitions';
import { SearchState } from './searchState';

const useStyles = makeStyles(theme => ({
  group: { border: 0, margin: 0, padding: 0, marginBottom: theme.spacing(2), minWidth: 0 },
  legend: { padding: 0, marginBottom: theme.spacing(0.5), fontWeight: 600 },
  option: { display: 'flex', marginRight: 0, '& .MuiFormControlLabel-label': { flex: 1, minWidth: 0 } },
  label: { display: 'flex', justifyContent: 'space-between', gap: theme.spacing(1) },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
}));

function OptionLabel(props: { text: string; count: number }) {
  const classes = useStyles();
  return (
    <span className={classes.label}>
      <span className={classes.name} title={props.text}>{props.text}</span>
      <Typography component="span" variant="body2" aria-label={`${props.count} plugins`}>
        {props.count}
      </Typography>
    </span>
  );
}

function ListFacet(props: {
  definition: ListFacetDefinition;
  counts: FacetCount[];
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  const classes = useStyles();
  const { definition, counts, selected, onChange } = props;
  const [expanded, setExpanded] = useState(false);
  if (counts.length === 0) return null;
  const limit = definition.initiallyShown ?? 10;
  const shown = expanded ? counts : counts.filter((c, i) => i < limit || selected.includes(c.value));
  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter(v => v !== value) : [...selected, value]);
  return (
    <fieldset className={classes.group}>
      <Typography component="legend" variant="subtitle2" className={classes.legend}>
        {definition.title}
      </Typography>
      {shown.map(({ value, count }) => (
        <FormControlLabel
          key={value}
          className={classes.option}
          control={
            <Checkbox
              size="small"
              checked={selected.includes(value)}
              onChange={() => toggle(value)}
              disabled={count === 0 && !selected.includes(value)}
            />
          }
          label={<OptionLabel text={definition.label?.(value) ?? value} count={count} />}
        />
      ))}
      {counts.length > shown.length && (
        <Button size="small" onClick={() => setExpanded(true)}>
          Show {counts.length - shown.length} more
        </Button>
      )}
    </fieldset>
  );
}

function ValueFacet(props: {
  definition: ValueFacetDefinition;
  counts: FacetCount[];
  selected?: string;
  onChange: (value?: string) => void;
}) {
  const classes = useStyles();
  const { definition, counts, selected, onChange } = props;
  const options = counts.filter(c => !definition.skip?.includes(c.value));
  if (options.length === 0) return null;
  return (
    <fieldset className={classes.group}>
      <Typography component="legend" variant="subtitle2" className={classes.legend}>
        {definition.title}
      </Typography>
      {options.map(({ value, count }) => (
        <FormControlLabel
          key={value}
          className={classes.option}
          control={
            <Radio
              size="small"
              checked={selected === value}
              // A second click clears the choice, as radio groups in filter panels usually allow.
              onClick={() => onChange(selected === value ? undefined : value)}
              disabled={count === 0 && selected !== value}
              inputProps={{ name: definition.param }}
            />
          }
          label={<OptionLabel text={definition.label(value)} count={count} />}
        />
      ))}
    </fieldset>
  );
}

/**
 * Every facet the search API offers, with counts over the filtered results:
 * what choosing a value would give.
 */
export const FilterSidebar = (props: {
  facets: Record<string, FacetCount[]>;
  state: SearchState;
  onChange: (patch: Partial<SearchState>) => void;
}) => {
  const { facets, state, onChange } = props;
  return (
    <Box component="section" aria-label="Filters">
      {LIST_FACETS.map(definition => (
        <ListFacet
          key={definition.facet}
          definition={definition}
          counts={facets[definition.facet] ?? []}
          selected={state.lists[definition.param]}
          onChange={values => onChange({ lists: { ...state.lists, [definition.param]: values } })}
        />
      ))}
      {VALUE_FACETS.map(definition => (
        <ValueFacet
          key={definition.facet}
          definition={definition}
          counts={facets[definition.facet] ?? []}
          selected={state.values[definition.param]}
          onChange={value => onChange({ values: { ...state.values, [definition.param]: value } })}
        />
      ))}
    </Box>
  );
};
