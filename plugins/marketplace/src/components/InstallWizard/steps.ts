import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The steps of the install wizard, in order. */
export const WIZARD_STEPS = [
  { id: 'overview', label: 'Overview' },
  { id: 'permissions', label: 'Permissions' },
  { id: 'dependencies', label: 'Dependencies' },
  { id: 'configure', label: 'Configure' },
  { id: 'preview', label: 'Preview' },
  { id: 'confirm', label: 'Confirm' },
] as const;

/** One of {@link WIZARD_STEPS}. */
export type WizardStepId = (typeof WIZARD_STEPS)[number]['id'];

/** The position of a step in the wizard. */
export function stepIndex(step: WizardStepId): number {
  return WIZARD_STEPS.findIndex(s => s.id === step);
}

/**
 * The open step, kept in the `step` query parameter so that Back and Forward
 * move between steps and a step can be linked to; unknown values open the
 * overview. Each change is a history entry.
 */
export function useWizardStep(): [WizardStepId, (step: WizardStepId, options?: { replace?: boolean }) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('step');
  const step = WIZARD_STEPS.find(s => s.id === requested)?.id ?? 'overview';
  const setStep = useCallback(
    (next: WizardStepId, options?: { replace?: boolean }) =>
      setSearchParams(
        current => {
          const params = new URLSearchParams(current);
          params.set('step', next);
          return params;
        },
        { replace: options?.replace },
      ),
    [setSearchParams],
  );
  return [step, setStep];
}
