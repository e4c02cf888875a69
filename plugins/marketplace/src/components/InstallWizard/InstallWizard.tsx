import { useApi } from '@backstage/frontend-plugin-api';
import { JsonObject } from '@backstage/types';
import { PluginDetails } from '@internal/backstage-plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';
import { useAppEnvironment } from '../../hooks/useAppEnvironment';
import { hasConfiguration } from '../common/configForm';
import { ConfigureStep } from './ConfigureStep';
import { ConfirmStep } from './ConfirmStep';
import { DependenciesStep } from './DependenciesStep';
import { OverviewStep } from './OverviewStep';
import { PermissionsStep } from './PermissionsStep';
import { PreviewStep } from './PreviewStep';
import { stepIndex, useWizardStep, WIZARD_STEPS, WizardStepId } from './steps';
import { useConfigValidation } from './useConfigValidation';
import { WizardStepper } from './WizardStepper';
import { firstBlock } from './reachability';

const useStyles = makeStyles(theme => ({
  panel: { padding: theme.spacing(3) },
  heading: { marginBottom: theme.spacing(2), '&:focus': { outline: 'none' } },
  footer: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginTop: theme.spacing(3),
    flexWrap: 'wrap',
  },
  reason: { flex: 1, minWidth: 200 },
}));

/**
 * The install wizard of one plugin. What the user chooses (version,
 * configuration) lives in this component's state, so moving between steps,
 * with the buttons, the stepper or the browser's Back, never loses input; the
 * step itself is in the URL.
 */
export const InstallWizard = (props: { plugin: PluginDetails; onStarted: (jobId: string) => void }) => {
  const { plugin, onStarted } = props;
  const classes = useStyles();
  const marketplaceApi = useApi(marketplaceApiRef);
  const { backstageVersion: appVersion } = useAppEnvironment();
  const [step, setStep] = useWizardStep();
  const [version, setVersion] = useState(plugin.version);
  const [editedConfig, setEditedConfig] = useState<JsonObject>();

  const versions = useAsync(() => marketplaceApi.getVersions(plugin.id), [marketplaceApi, plugin.id]);
  const plan = useAsync(
    () => marketplaceApi.planInstall({ plugins: [{ pluginId: plugin.id, version }] }),
    [marketplaceApi, plugin.id, version],
  );
  // Only for the companions it recommends; the plan says everything else.
  const analysis = useAsync(
    () => marketplaceApi.getDependencyAnalysis(plugin.id, version).catch(() => undefined),
    [marketplaceApi, plugin.id, version],
  );
  const form = useAsync(() => marketplaceApi.getConfigurationForm(plugin.id), [marketplaceApi, plugin.id]);
  const hasConfig = hasConfiguration(form.value?.schema);
  const config = editedConfig ?? form.value?.formData;
  const validation = useConfigValidation(plugin.id, config, hasConfig);

  const wantsPreview = step === 'preview' || step === 'confirm';
  const preview = useAsync(async () => {
    if (!wantsPreview || !hasConfig || !config) return undefined;
    return marketplaceApi.previewPluginConfig(plugin.id, config);
  }, [marketplaceApi, plugin.id, wantsPreview, hasConfig, config]);

  const block = firstBlock({ plan, form, hasConfig, validation: validation.status });
  const maxReachable = block ? block.index : WIZARD_STEPS.length - 1;
  const current = stepIndex(step);

  // A link straight to a later step waits for what it needs, then falls back
  // to the step that blocks it.
  const loading = plan.loading || form.loading;
  useEffect(() => {
    if (!loading && current > maxReachable) setStep(WIZARD_STEPS[maxReachable].id, { replace: true });
  }, [loading, current, maxReachable, setStep]);

  // Focus follows the step, so keyboard and screen reader users start at its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const [checking, setChecking] = useState(false);
  const goNext = async () => {
    const next = WIZARD_STEPS[current + 1];
    if (!next) return;
    if (step === 'configure' && hasConfig && validation.status === 'stale') {
      setChecking(true);
      const result = await validation.validateNow();
      setChecking(false);
      if (result && !result.valid) return;
    }
    setStep(next.id);
  };
  const goTo = (target: WizardStepId) => setStep(target);

  const installRequest = () => ({
    plugins: [{ pluginId: plugin.id, version }],
    config: hasConfig && config ? { [plugin.id]: config } : undefined,
  });
  const install = async () => {
    const response = await marketplaceApi.install(installRequest());
    // Follow the requested plugin's job; the progress view shows its whole batch.
    const job = response.jobs.find(j => j.pluginId === plugin.id) ?? response.jobs[response.jobs.length - 1];
    if (!job) throw new Error(`${plugin.name} ${version} is already installed: there is nothing to do`);
    onStarted(job.id);
  };

  const nextBlocked = current + 1 > maxReachable;
  const isLast = current === WIZARD_STEPS.length - 1;
  const reasonId = 'marketplace-install-next-reason';
  const title = WIZARD_STEPS[current].label;

  return (
    <>
      <WizardStepper step={step} maxReachable={maxReachable} onStep={goTo} />
      <Paper className={classes.panel} variant="outlined">
        <Typography variant="h5" component="h2" tabIndex={-1} ref={heading} className={classes.heading}>
          {title}
        </Typography>
        {step === 'overview' && (
          <OverviewStep
            plugin={plugin}
            versions={versions.value ?? []}
            version={version}
            onVersionChange={setVersion}
            appVersion={appVersion}
          />
        )}
        {step === 'permissions' && <PermissionsStep plugin={plugin} />}
        {step === 'dependencies' && (
          <DependenciesStep pluginName={plugin.name} plan={plan} analysis={analysis.value} />
        )}
        {step === 'configure' && (
          <ConfigureStep
            pluginName={plugin.name}
            form={form}
            config={config}
            onChange={setEditedConfig}
            validation={validation}
          />
        )}
        {step === 'preview' && <PreviewStep pluginName={plugin.name} hasConfig={hasConfig} preview={preview} />}
        {step === 'confirm' && (
          <ConfirmStep
            plugin={plugin}
            version={version}
            plan={plan.value}
            hasConfig={hasConfig}
            preview={preview.value}
            onInstall={install}
            onExport={() => marketplaceApi.exportInstall(installRequest())}
          />
        )}
        <div className={classes.footer}>
          <Button
            variant="outlined"
            disabled={current === 0}
            onClick={() => goTo(WIZARD_STEPS[current - 1].id)}
          >
            Back
          </Button>
          {!isLast && (
            <Button
              variant="contained"
              color="primary"
              disabled={nextBlocked || checking}
              onClick={goNext}
              aria-describedby={nextBlocked && block ? reasonId : undefined}
            >
              Next: {WIZARD_STEPS[current + 1].label}
            </Button>
          )}
          {nextBlocked && block && !isLast && (
            <Typography id={reasonId} variant="body2" className={classes.reason}>
              {block.reason}
            </Typography>
          )}
        </div>
      </Paper>
    </>
  );
};
