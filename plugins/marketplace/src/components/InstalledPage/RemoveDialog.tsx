import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { InstallJob, UninstallPlan } from '@internal/backstage-plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';

const DATA_REMOVAL: Record<UninstallPlan['dataRemoval'], string | undefined> = {
  none: undefined,
  'plugin-database': "The plugin's database and everything it stored are deleted. This cannot be undone.",
  manual: 'The plugin stored data that the marketplace does not remove; its documentation says how to clean it up.',
};

function PlanDetails(props: { plan: UninstallPlan }) {
  const { plan } = props;
  const dataWarning = DATA_REMOVAL[plan.dataRemoval];
  return (
    <>
      {plan.dependents.length > 0 && (
        <Alert severity="error">
          {plan.dependents.join(', ')} {plan.dependents.length === 1 ? 'needs' : 'need'} {plan.pluginId}: remove{' '}
          {plan.dependents.length === 1 ? 'it' : 'them'} first.
        </Alert>
      )}
      {dataWarning && <Alert severity="warning">{dataWarning}</Alert>}
      {plan.warnings.map(warning => (
        <Alert severity="warning" key={warning}>
          {warning}
        </Alert>
      ))}
      <Typography variant="subtitle2" component="h3">
        What goes
      </Typography>
      <ul aria-label="What goes">
        {plan.packages.map(p => (
          <li key={p.name}>
            npm package {p.name}@{p.version} ({p.role})
          </li>
        ))}
        {plan.configKeys.map(key => (
          <li key={key}>config key {key}</li>
        ))}
        {plan.target === 'sandbox' && <li>its sandbox, stopped at once</li>}
        {plan.packages.length === 0 && plan.configKeys.length === 0 && plan.target !== 'sandbox' && (
          <li>the record that {plan.pluginId} is installed</li>
        )}
      </ul>
    </>
  );
}

/**
 * Asks before uninstalling a plugin: the removal plan lists the packages and
 * config keys that go and warns when data goes with them; removing is refused
 * while other installed plugins need this one.
 */
export const RemoveDialog = (props: {
  pluginId: string;
  onClose: () => void;
  onRemoved: (job: InstallJob) => void;
}) => {
  const { pluginId, onClose, onRemoved } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const plan = useAsync(() => marketplaceApi.getRemovalPlan(pluginId), [marketplaceApi, pluginId]);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<Error>();

  const remove = async () => {
    setRemoving(true);
    setError(undefined);
    try {
      const result = await marketplaceApi.uninstall(pluginId, { confirm: plan.value?.confirmRequired });
      onRemoved(result.job);
    } catch (e) {
      setError(e as Error);
      setRemoving(false);
    }
  };
  const blocked = !plan.value || plan.value.dependents.length > 0;
  return (
    <Dialog open onClose={onClose} aria-labelledby="marketplace-remove-title" fullWidth maxWidth="sm">
      <DialogTitle id="marketplace-remove-title">Remove {pluginId}?</DialogTitle>
      <DialogContent>
        {plan.loading && <Progress />}
        {plan.error && <ResponseErrorPanel error={plan.error} />}
        {plan.value && <PlanDetails plan={plan.value} />}
        {error && <Alert severity="error">Not removed: {error.message}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Keep it</Button>
        <Button variant="contained" color="secondary" disabled={blocked || removing} onClick={remove}>
          {plan.value?.confirmRequired ? 'Remove it and its data' : 'Remove'}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
