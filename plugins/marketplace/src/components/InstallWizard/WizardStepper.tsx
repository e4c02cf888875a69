import Step from '@material-ui/core/Step';
import StepButton from '@material-ui/core/StepButton';
import Stepper from '@material-ui/core/Stepper';
import { makeStyles } from '@material-ui/core/styles';
import { WIZARD_STEPS, WizardStepId } from './steps';

const useStyles = makeStyles(theme => ({
  stepper: { backgroundColor: 'transparent', padding: theme.spacing(3, 0), overflowX: 'auto' },
}));

/**
 * The steps as buttons: any step up to the first one something blocks can be
 * opened with the mouse or the keyboard (Tab, then Enter or Space).
 */
export const WizardStepper = (props: {
  step: WizardStepId;
  /** The index of the last step that may be opened. */
  maxReachable: number;
  onStep: (step: WizardStepId) => void;
}) => {
  const { step, maxReachable, onStep } = props;
  const classes = useStyles();
  const active = WIZARD_STEPS.findIndex(s => s.id === step);
  return (
    <nav aria-label="Install steps">
      <Stepper nonLinear activeStep={active} className={classes.stepper}>
        {WIZARD_STEPS.map((s, index) => (
          <Step key={s.id} completed={index < active}>
            <StepButton
              onClick={() => onStep(s.id)}
              disabled={index > maxReachable}
              aria-current={index === active ? 'step' : undefined}
            >
              {s.label}
            </StepButton>
          </Step>
        ))}
      </Stepper>
    </nav>
  );
};
