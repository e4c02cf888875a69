import { useApi } from '@backstage/frontend-plugin-api';
import { Suggestion } from '@internal/backstage-plugin-marketplace-common';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import SearchIcon from '@material-ui/icons/Search';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { marketplaceApiRef } from '../../api';

const KIND_TITLES: Record<Suggestion['kind'], string> = {
  plugin: 'Plugin',
  tag: 'Tag',
  category: 'Category',
};

// The outlined label's default grey falls below WCAG AA contrast on Backstage's page background.
const useStyles = makeStyles(theme => ({ label: { color: theme.palette.text.primary } }));

/**
 * The marketplace search box: results follow the text as it is typed, and
 * suggestions (plugins, tags, categories; typo-tolerant) drop down below it.
 */
export const SearchBar = (props: {
  value: string;
  /** The text to search for, debounced while typing; `final` on Enter. */
  onSearch: (text: string, final: boolean) => void;
  onSuggestion: (suggestion: Suggestion) => void;
}) => {
  const classes = useStyles();
  const { value, onSearch, onSuggestion } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const [input, setInput] = useState(value);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);

  // Follow the URL when it changes elsewhere (back button, a cleared search).
  useEffect(() => setInput(value), [value]);

  useDebounce(
    () => {
      const text = input.trim();
      if (text !== value) onSearch(text, false);
    },
    350,
    [input],
  );

  useDebounce(
    () => {
      const text = input.trim();
      if (!text) {
        setSuggestions([]);
        return;
      }
      marketplaceApi.autocomplete(text, 8).then(setSuggestions, () => setSuggestions([]));
    },
    120,
    [input, marketplaceApi],
  );

  return (
    <Autocomplete<Suggestion, false, false, true>
      freeSolo
      options={suggestions}
      filterOptions={options => options}
      getOptionLabel={option => (typeof option === 'string' ? option : option.label)}
      groupBy={option => KIND_TITLES[option.kind]}
      inputValue={input}
      onInputChange={(_event, text, reason) => {
        if (reason !== 'reset') setInput(text);
      }}
      onChange={(_event, choice) => {
        if (typeof choice === 'string') onSearch(choice.trim(), true);
        else if (choice) onSuggestion(choice);
      }}
      renderOption={option => (
        <Typography variant="body2" component="span">
          {option.label}
        </Typography>
      )}
      renderInput={params => (
        <TextField
          {...params}
          variant="outlined"
          label="Search plugins"
          placeholder="What do you need? e.g. on-call incidents, cloud cost per team"
          InputLabelProps={{ ...params.InputLabelProps, className: classes.label }}
          InputProps={{
            ...params.InputProps,
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          }}
        />
      )}
    />
  );
};
