import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { JsonObject } from '@backstage/types';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { marketplaceApiRef } from '../../api';
import { hasConfiguration } from '../common/configForm';
import { PluginConfigForm } from '../common/PluginConfigForm';
import { useConfigValidation } from '../InstallWizard/useConfigValidation';
import { useQueryParam } from './adminTabs';
import { attemptSave, SaveBar } from './SaveBar';

/** One plugin's form: its part of the managed config, validated as it is edited. */
const PluginForm = (props: { pluginId: string }) => {
  const { pluginId } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  // The form and the revision it was read at load together, so a reload after a conflict refreshes both.
  const loaded = useAsyncRetry(async () => {
    const [form, managed] = await Promise.all([
      marketplaceApi.getConfigurationForm(pluginId),
      marketplaceApi.getManagedConfig(),
    ]);
    return { form, revision: managed.revision };
  }, [marketplaceApi, pluginId]);
  const [edited, setEdited] = useState<{ source: unknown; config: JsonObject }>();
  // Edits belong to the form they were made on; a reload starts again from the file.
  const config = edited && edited.source === loaded.value ? edited.config : loaded.value?.form.formData;
  const hasConfig = hasConfiguration(loaded.value?.form.schema);
  const validation = useConfigValidation(pluginId, config, hasConfig);
  const secrets = useMemo(
    () => loaded.value?.form.steps.flatMap(s => s.fields.filter(f => f.secret).map(f => f.path)) ?? [],
    [loaded.value],
  );

  // A reload after a save keeps the form (and the save's outcome) on screen.
  if (loaded.loading && !loaded.value) return <Progress />;
  if (loaded.error) return <ResponseErrorPanel error={loaded.error} title="Could not load the form" />;
  if (!loaded.value || !config) return null;
  if (!hasConfig) return <Typography>This plugin has no configuration.</Typography>;
  const { form, revision } = loaded.value;
  return (
    <>
      <PluginConfigForm
        schema={form.schema}
        uiSchema={form.uiSchema}
        formData={config}
        onChange={next => setEdited({ source: loaded.value, config: next })}
        errors={validation.errors}
        secrets={secrets}
        environment={form.environment}
        idPrefix="marketplace-admin-config"
      />
      <Typography variant="body2" role="status" aria-live="polite">
        {validation.status === 'invalid' && 'Fix the problems shown at the fields before saving.'}
      </Typography>
      <SaveBar
        idPrefix="marketplace-admin-plugin"
        disabled={validation.status === 'invalid' || !edited || edited.source !== loaded.value}
        onReload={loaded.retry}
        onSave={async message => {
          const outcome = await attemptSave(() =>
            marketplaceApi.saveManagedConfig({ pluginId, config, message, baseRevision: revision }),
          );
          if (outcome.kind === 'saved') loaded.retry();
          return outcome;
        }}
      />
    </>
  );
};

/** Pick an installed plugin and edit its configuration as a form. */
export const PluginConfigTab = () => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const installed = useAsync(() => marketplaceApi.listInstalled(), [marketplaceApi]);
  const [pluginId, setPluginId] = useQueryParam('plugin');

  if (installed.loading) return <Progress />;
  if (installed.error) return <ResponseErrorPanel error={installed.error} />;
  const plugins = installed.value ?? [];
  if (plugins.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No plugins installed from the marketplace yet"
        description="Once a plugin is installed, its configuration can be edited here as a form. The Raw YAML tab edits the whole file."
      />
    );
  }
  return (
    <>
      <TextField
        select
        id="marketplace-admin-plugin"
        label="Plugin"
        value={pluginId ?? ''}
        onChange={event => setPluginId(event.target.value || undefined)}
        SelectProps={{ native: true }}
        variant="outlined"
        size="small"
        style={{ minWidth: 280, marginBottom: 16 }}
      >
        <option value="">Choose a plugin…</option>
        {plugins.map(p => (
          <option key={p.pluginId} value={p.pluginId}>
            {p.pluginId} {p.version}
          </option>
        ))}
      </TextField>
      {pluginId && <PluginForm key={pluginId} pluginId={pluginId} />}
    </>
  );
};
