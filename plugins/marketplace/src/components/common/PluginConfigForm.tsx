import { JsonObject } from '@backstage/types';
import {
  ConfigFieldError,
  DetectedEnvironment,
} from '@internal/backstage-plugin-marketplace-common';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Form, { Templates } from '@rjsf/material-ui';
import {
  ariaDescribedByIds,
  BaseInputTemplateProps,
  examplesId,
  getInputProps,
  RegistryWidgetsType,
  RJSFSchema,
  UiSchema,
  WidgetProps,
} from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo } from 'react';
import {
  ENV_VAR_WIDGET,
  envVarName,
  envVarReference,
  secretPaths,
  toErrorSchema,
  withSecretWidgets,
} from './configForm';

interface FormContext {
  environment?: DetectedEnvironment;
}

/**
 * A secret field: the user names the environment variable that holds the
 * secret, and the config gets `${NAME}`; the secret itself is never typed here.
 */
const EnvVarWidget = (props: WidgetProps) => {
  const { id, label, required, disabled, readonly, value, onChange, onBlur, onFocus, options, rawErrors = [] } = props;
  const environment = (props.formContext as FormContext | undefined)?.environment;
  const name = envVarName(value);
  const suggested = typeof options.envVar === 'string' ? options.envVar : 'MY_SECRET';
  const known = name ? environment?.environmentVariables?.[name] : undefined;
  // The backend's uiSchema may explain secrets already (`ui:help`, shown under the field).
  const explained = typeof props.uiSchema?.['ui:help'] === 'string';
  const notes: string[] = [];
  if (known === true) notes.push(`${name} is set on the backend.`);
  if (known === false) notes.push(`${name} is not set on the backend yet.`);
  if (!explained) notes.push(`The config file gets \${${name || suggested}}; the value stays on the backend.`);
  const help = notes.join(' ');
  const helperId = `${id}-env-help`;
  return (
    <TextField
      id={id}
      label={`${label || id} (environment variable name)`}
      required={required}
      disabled={disabled || readonly}
      value={name}
      error={rawErrors.length > 0}
      placeholder={suggested}
      onChange={event => onChange(envVarReference(event.target.value))}
      onBlur={event => onBlur(id, event.target.value)}
      onFocus={event => onFocus(id, event.target.value)}
      InputProps={{
        startAdornment: <InputAdornment position="start">{'${'}</InputAdornment>,
        endAdornment: <InputAdornment position="end">{'}'}</InputAdornment>,
      }}
      inputProps={{
        autoComplete: 'off',
        spellCheck: false,
        'aria-describedby': help ? `${helperId} ${ariaDescribedByIds(id)}` : ariaDescribedByIds(id),
      }}
      FormHelperTextProps={{ id: helperId }}
      helperText={help || undefined}
    />
  );
};

const widgets: RegistryWidgetsType = { [ENV_VAR_WIDGET]: EnvVarWidget };

const MuiBaseInputTemplate = Templates.BaseInputTemplate!;

/**
 * The Material UI input with its error and help linked to the `<input>`
 * itself: the theme puts `aria-describedby` on the wrapper, where screen
 * readers do not announce it.
 */
const BaseInputTemplate = (props: BaseInputTemplateProps) => {
  const { id, schema, type, options } = props;
  const { step, min, max } = getInputProps(schema, type, options);
  const examples = Array.isArray(schema.examples);
  return (
    <MuiBaseInputTemplate
      {...props}
      inputProps={{
        step,
        min,
        max,
        ...(examples ? { list: examplesId(id) } : {}),
        'aria-describedby': ariaDescribedByIds(id, examples),
      }}
    />
  );
};

const templates = { BaseInputTemplate };

/** Properties of {@link PluginConfigForm}. */
export interface PluginConfigFormProps {
  /** JSON Schema of the plugin's part of app-config. */
  schema: JsonObject;
  uiSchema?: JsonObject;
  formData: JsonObject;
  onChange: (formData: JsonObject) => void;
  /** The backend's validation errors, shown at their fields. */
  errors?: ConfigFieldError[];
  /** Pointers of secret fields beyond those the schema marks. */
  secrets?: string[];
  environment?: DetectedEnvironment;
  /** Keeps ids unique when two forms are on one page. */
  idPrefix?: string;
  disabled?: boolean;
}

/**
 * A plugin's configuration as a form generated from its JSON Schema
 * (`@rjsf/core` with Material UI 4). The backend is the judge of validity:
 * its errors (`errors`) show at the fields, so the form and the backend never
 * disagree about what is wrong.
 */
export const PluginConfigForm = (props: PluginConfigFormProps) => {
  const { schema, uiSchema = {}, formData, onChange, errors = [], secrets = [], environment, idPrefix = 'root', disabled } = props;
  const ui = useMemo(() => {
    const paths = [...new Set([...secretPaths(schema), ...secrets])];
    return {
      ...withSecretWidgets(uiSchema, paths),
      'ui:submitButtonOptions': { norender: true },
    } as UiSchema;
  }, [schema, uiSchema, secrets]);
  const extraErrors = useMemo(() => (errors.length ? toErrorSchema(errors) : undefined), [errors]);
  const formContext = useMemo<FormContext>(() => ({ environment }), [environment]);

  return (
    <Form
      schema={schema as RJSFSchema}
      uiSchema={ui}
      formData={formData}
      validator={validator}
      widgets={widgets}
      templates={templates}
      formContext={formContext}
      extraErrors={extraErrors}
      idPrefix={idPrefix}
      disabled={disabled}
      // The backend validates (debounced, as the user types); the browser's own
      // checks and rjsf's would only disagree with it.
      noValidate
      noHtml5Validate
      showErrorList={false}
      onChange={event => onChange((event.formData ?? {}) as JsonObject)}
      onSubmit={() => {}}
    />
  );
};
