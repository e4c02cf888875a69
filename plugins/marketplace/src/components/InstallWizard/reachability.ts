import {
  ConfigurationForm,
  InstallPlan,
} from '@internal/backstage-plugin-marketplace-common';
import { stepIndex } from './steps';
import { ConfigValidationState } from './useConfigValidation';

interface Loadable<T> {
  loading: boolean;
  error?: Error;
  value?: T;
}

/**
 * The first step that cannot be left forward yet, with the reason in words;
 * undefined when every step is open. Steps up to and including it can be
 * opened, later ones cannot.
 */
export function firstBlock(state: {
  plan: Loadable<InstallPlan>;
  form: Loadable<ConfigurationForm>;
  hasConfig: boolean;
  validation: ConfigValidationState['status'];
}): { index: number; reason: string } | undefined {
  const { plan, form, hasConfig, validation } = state;
  const dependencies = stepIndex('dependencies');
  if (plan.loading) return { index: dependencies, reason: 'Working out the dependencies…' };
  if (plan.error || !plan.value) {
    return { index: dependencies, reason: 'The dependencies could not be worked out, so the install cannot go on.' };
  }
  if (!plan.value.ok) {
    return {
      index: dependencies,
      reason: 'A problem above blocks the install. Choosing another version on the Overview step may solve it.',
    };
  }
  const configure = stepIndex('configure');
  if (form.loading) return { index: configure, reason: 'Loading the configuration form…' };
  if (form.error) {
    return { index: configure, reason: 'The configuration form could not be loaded, so the install cannot go on.' };
  }
  if (hasConfig && validation === 'invalid') {
    return { index: configure, reason: 'Fix the configuration problems shown at the fields to go on.' };
  }
  return undefined;
}
