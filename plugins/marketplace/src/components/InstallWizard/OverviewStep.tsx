import {
  PluginDetails,
  PluginVersion,
} from '@internal/backstage-plugin-marketplace-common';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { CompatibilityChip, compatibilityOf } from '../common/PluginBadges';
import { roleTitle } from '../common/format';
import { restartNote } from './restartNote';

const METHODS: Record<PluginDetails['spec']['installation']['method'], string> = {
  npm: 'its npm packages are added to this app',
  sandbox: "its bundle runs in the backend's sandbox, with only the permissions it asks for",
  manual: 'it is installed by hand, following the steps below',
};

const useStyles = makeStyles(theme => ({
  row: { display: 'flex', alignItems: 'center', gap: theme.spacing(2), flexWrap: 'wrap', margin: theme.spacing(2, 0) },
  select: { minWidth: 260 },
  section: { marginTop: theme.spacing(3) },
}));

/** A version as the picker lists it: prerelease, deprecation and fit in words. */
export function versionLabel(version: PluginVersion, appVersion: string | undefined): string {
  const notes: string[] = [];
  if (version.prerelease) notes.push('prerelease');
  if (version.deprecated) notes.push('deprecated');
  if (compatibilityOf(version.backstageVersion, appVersion) === 'incompatible') {
    notes.push(`needs Backstage ${version.backstageVersion}`);
  }
  return notes.length ? `${version.version} (${notes.join(', ')})` : version.version;
}

/**
 * The first step: what the plugin is, which version to install, whether it
 * fits this app, and what installing it involves.
 */
export const OverviewStep = (props: {
  plugin: PluginDetails;
  versions: PluginVersion[];
  version: string;
  onVersionChange: (version: string) => void;
  appVersion?: string;
}) => {
  const { plugin, versions, version, onVersionChange, appVersion } = props;
  const classes = useStyles();
  const { installation } = plugin.spec;
  const chosen = versions.find(v => v.version === version);
  const options = versions.some(v => v.version === version)
    ? versions
    : [{ version, prerelease: false, backstageVersion: plugin.backstageVersion }, ...versions];
  return (
    <>
      <Typography paragraph>{plugin.description}</Typography>
      <div className={classes.row}>
        <TextField
          select
          id="marketplace-install-version"
          label="Version"
          value={version}
          onChange={event => onVersionChange(event.target.value)}
          SelectProps={{ native: true }}
          variant="outlined"
          size="small"
          className={classes.select}
          helperText={chosen?.deprecated ? `Deprecated: ${chosen.deprecated}` : undefined}
        >
          {options.map(v => (
            <option key={v.version} value={v.version}>
              {versionLabel(v, appVersion)}
            </option>
          ))}
        </TextField>
        <CompatibilityChip range={chosen?.backstageVersion ?? plugin.backstageVersion} appVersion={appVersion} />
      </div>
      <Typography variant="h6" component="h3" className={classes.section}>
        What installing means
      </Typography>
      <Typography paragraph>
        Installing {plugin.name} {version}: {METHODS[installation.method]}.
        {` ${restartNote(installation).sentence}`}{' '}
        The next steps show what it may do, what else comes with it and its configuration; nothing changes
        until you confirm at the end.
      </Typography>
      {installation.packages.length > 0 && (
        <MuiTable size="small" aria-label="Packages">
          <TableHead>
            <TableRow>
              <TableCell>Package</TableCell>
              <TableCell>Role</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {installation.packages.map(p => (
              <TableRow key={p.name}>
                <TableCell>{p.name}</TableCell>
                <TableCell>{roleTitle(p.role)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </MuiTable>
      )}
      {installation.steps && installation.steps.length > 0 && (
        <>
          <Typography variant="h6" component="h3" className={classes.section}>
            Manual steps
          </Typography>
          <ol>
            {installation.steps.map(step => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </>
      )}
    </>
  );
};
