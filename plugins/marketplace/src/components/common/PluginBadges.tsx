import { gradeOf, isCompatible } from '@internal/backstage-plugin-marketplace-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import WarningIcon from '@material-ui/icons/Warning';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';

/** Whether a plugin fits this app: yes, no, or unknown when the app's release is unknown. */
export function compatibilityOf(
  range: string | undefined,
  appVersion: string | undefined,
): 'compatible' | 'incompatible' | 'unknown' {
  if (!appVersion) return 'unknown';
  try {
    return isCompatible(range, appVersion) ? 'compatible' : 'incompatible';
  } catch {
    return 'unknown';
  }
}

/** Compatibility of a plugin's declared Backstage range with this app's release. */
export const CompatibilityChip = (props: { range?: string; appVersion?: string }) => {
  const { range, appVersion } = props;
  const state = compatibilityOf(range, appVersion);
  const title =
    state === 'unknown'
      ? "This app's Backstage release is unknown"
      : `${range ? `Needs Backstage ${range}` : 'Declares no Backstage range'}; this app is ${appVersion}`;
  const label = { compatible: 'Compatible', incompatible: 'Incompatible', unknown: 'Compatibility unknown' }[state];
  const icon = {
    compatible: <CheckCircleIcon />,
    incompatible: <WarningIcon />,
    unknown: <HelpOutlineIcon />,
  }[state];
  return (
    <Tooltip title={title}>
      <Chip
        size="small"
        variant="outlined"
        icon={icon}
        label={label}
        color={state === 'incompatible' ? 'secondary' : 'default'}
        aria-label={`${label}: ${title}`}
      />
    </Tooltip>
  );
};

/** A plugin's quality score with its grade. */
export const QualityChip = (props: { score: number }) => (
  <Tooltip title="Quality score from documentation, license, recency, downloads, types and config schema">
    <Chip
      size="small"
      variant="outlined"
      label={`Quality ${gradeOf(props.score)} · ${props.score}`}
      aria-label={`Quality score ${props.score} of 100, grade ${gradeOf(props.score)}`}
    />
  </Tooltip>
);

/** Shown on plugins that are installed in this app. */
export const InstalledChip = () => (
  <Chip size="small" color="primary" icon={<CheckCircleIcon />} label="Installed" />
);

/** Shown on the official first-party plugins. */
export const OfficialChip = () => (
  <Chip size="small" variant="outlined" icon={<VerifiedUserIcon />} label="Official" />
);
