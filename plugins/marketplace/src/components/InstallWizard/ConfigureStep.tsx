import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { JsonObject } from '@backstage/types';
import { ConfigurationForm } from '@internal/backstage-plugin-marketplace-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useMemo } from 'react';
import { hasConfiguration } from '../common/configForm';
import { PluginConfigForm } from '../common/PluginConfigForm';
import { ConfigValidationState } from './useConfigValidation';

/** Errors on the whole document rather than one field, which the form cannot place. */
function documentErrors(validation: ConfigValidationState) {
  return validation.errors.filter(e => e.path === '' || e.path === '/');
}

/**
 * The plugin's configuration as a form from its schema, pre-filled by the
 * backend (current config, else what it detected, else defaults); the backend
 * validates as the user types and its errors show at the fields.
 */
export const ConfigureStep = (props: {
  pluginName: string;
  form: { loading: boolean; error?: Error; value?: ConfigurationForm };
  config: JsonObject | undefined;
  onChange: (config: JsonObject) => void;
  validation: ConfigValidationState;
}) => {
  const { pluginName, form, config, onChange, validation } = props;
  const secrets = useMemo(
    () => form.value?.steps.flatMap(step => step.fields.filter(f => f.secret).map(f => f.path)) ?? [],
    [form.value],
  );
  if (form.loading) return <Progress />;
  if (form.error) return <ResponseErrorPanel error={form.error} title="Could not load the configuration form" />;
  if (!form.value || !hasConfiguration(form.value.schema)) {
    return <Typography>{pluginName} needs no configuration: there is nothing to fill in here.</Typography>;
  }
  const problems = validation.errors.length;
  return (
    <>
      <Typography paragraph>
        {form.value.required
          ? `${pluginName} needs some configuration before it works. Values found in this app are filled in already.`
          : `${pluginName} works without configuration; change what you want to differ from the defaults.`}
      </Typography>
      {documentErrors(validation).map(error => (
        <Alert severity="error" key={error.message}>
          {error.message}
        </Alert>
      ))}
      {validation.status === 'failed' && (
        <Alert severity="warning">
          The configuration could not be checked just now ({validation.error?.message}); the preview checks it again.
        </Alert>
      )}
      <PluginConfigForm
        schema={form.value.schema}
        uiSchema={form.value.uiSchema}
        formData={config ?? form.value.formData}
        onChange={onChange}
        errors={validation.errors}
        secrets={secrets}
        environment={form.value.environment}
        idPrefix="marketplace-config"
      />
      <Typography variant="body2" role="status" aria-live="polite">
        {validation.status === 'stale' && 'Checking…'}
        {validation.status === 'valid' && 'The configuration is valid.'}
        {validation.status === 'invalid' &&
          `${problems} problem${problems === 1 ? '' : 's'} to fix: see the messages under the fields.`}
      </Typography>
    </>
  );
};
