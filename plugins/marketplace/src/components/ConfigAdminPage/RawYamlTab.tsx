import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ConfigValidation } from '@internal/backstage-plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { marketplaceApiRef } from '../../api';
import { ValidationResult } from '../common/ValidationResult';
import { messageOf } from './errors';
import { attemptSave, SaveBar } from './SaveBar';

const useStyles = makeStyles(theme => ({
  editor: {
    '& textarea': { fontFamily: 'monospace', fontSize: theme.typography.pxToRem(13), lineHeight: 1.5 },
  },
  row: { display: 'flex', gap: theme.spacing(2), alignItems: 'center', margin: theme.spacing(2, 0) },
  notice: { marginBottom: theme.spacing(2) },
}));

/**
 * The managed config file as text: edit, validate against every installed
 * plugin's schema (errors with line numbers), and save with a message; the
 * save names the revision it was made on, so a concurrent change is refused
 * rather than overwritten.
 */
export const RawYamlTab = () => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const classes = useStyles();
  const config = useAsyncRetry(() => marketplaceApi.getManagedConfig(), [marketplaceApi]);
  const [text, setText] = useState<string>();
  const [validation, setValidation] = useState<ConfigValidation>();
  const [validateError, setValidateError] = useState<string>();
  const [validating, setValidating] = useState(false);

  // A (re)load replaces the text with the file as it is now.
  useEffect(() => {
    if (config.value) {
      setText(config.value.yaml);
      setValidation(undefined);
    }
  }, [config.value]);

  if (config.loading && text === undefined) return <Progress />;
  if (config.error) return <ResponseErrorPanel error={config.error} title="Could not read the managed config" />;
  if (!config.value || text === undefined) return null;
  const { path, revision } = config.value;

  const validate = async () => {
    setValidating(true);
    setValidateError(undefined);
    try {
      setValidation(await marketplaceApi.validateManagedConfig(text));
    } catch (error) {
      setValidation(undefined);
      setValidateError(messageOf(error as Error));
    } finally {
      setValidating(false);
    }
  };

  return (
    <>
      {config.value.loaded === false && (
        <Alert severity="info" className={classes.notice}>
          The running backend does not load <code>{path}</code>: saved changes take effect once it is started
          with <code>--config {path}</code>.
        </Alert>
      )}
      <Typography variant="body2" paragraph>
        <code>{path}</code> at revision {revision}. Secrets are written as <code>{'${ENV_VAR}'}</code> references,
        never as values.
      </Typography>
      <TextField
        id="marketplace-config-yaml"
        label="Managed config (YAML)"
        multiline
        minRows={16}
        maxRows={40}
        fullWidth
        variant="outlined"
        value={text}
        onChange={event => {
          setText(event.target.value);
          setValidation(undefined);
        }}
        className={classes.editor}
        inputProps={{ spellCheck: false }}
      />
      <div className={classes.row}>
        <Button variant="outlined" onClick={validate} disabled={validating}>
          {validating ? 'Validating…' : 'Validate'}
        </Button>
      </div>
      {validation && <ValidationResult validation={validation} validText="Valid YAML, and valid against every plugin's schema." />}
      {validateError && <Typography color="error">Could not validate: {validateError}</Typography>}
      <SaveBar
        idPrefix="marketplace-config-yaml"
        disabled={text === config.value.yaml}
        onReload={config.retry}
        onSave={async message => {
          const outcome = await attemptSave(() =>
            marketplaceApi.saveManagedConfig({ yaml: text, message, baseRevision: revision }),
          );
          if (outcome.kind === 'saved') config.retry();
          return outcome;
        }}
      />
    </>
  );
};
