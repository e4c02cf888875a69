import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { PluginDetails } from '@internal/backstage-plugin-marketplace-common';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../../api';
import { SafeMarkdown } from '../SafeMarkdown';
import { PanelMessage } from './PanelMessage';

/** The plugin's CHANGELOG, or the list of its releases when it ships none. */
export const ChangelogPanel = (props: { plugin: PluginDetails }) => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const { value, loading, error } = useAsync(
    () => marketplaceApi.getChangelog(props.plugin.id),
    [marketplaceApi, props.plugin.id],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <InfoCard
      title="Changelog"
      subheader={
        value?.origin === 'releases'
          ? 'The plugin ships no changelog; these are its releases.'
          : undefined
      }
    >
      {value?.markdown.trim() ? (
        <SafeMarkdown content={value.markdown} />
      ) : (
        <PanelMessage>No changes have been recorded for this plugin.</PanelMessage>
      )}
    </InfoCard>
  );
};
