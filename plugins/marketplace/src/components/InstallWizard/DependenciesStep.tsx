import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  DependencyAnalysis,
  InstallPlan,
  PlannedPlugin,
  ResolutionProblem,
} from '@internal/backstage-plugin-marketplace-common';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { roleTitle } from '../common/format';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(3) },
  problem: { marginBottom: theme.spacing(1) },
}));

/** What happens to a plugin in the plan, in words. */
export function describeAction(plugin: PlannedPlugin): string {
  switch (plugin.action) {
    case 'upgrade':
      return `Upgraded from ${plugin.fromVersion}`;
    case 'downgrade':
      return `Downgraded from ${plugin.fromVersion}`;
    case 'keep':
      return 'Already installed; kept';
    default:
      return 'Installed';
  }
}

/** Why a plugin is in the plan, in words. */
export function describeReason(plugin: PlannedPlugin, names: Map<string, string>): string {
  if (plugin.reason === 'requested') return 'You asked for it';
  const by = plugin.requiredBy.map(id => names.get(id) ?? id);
  return by.length ? `Needed by ${by.join(', ')}` : 'Needed as a dependency';
}

const Problem = (props: { problem: ResolutionProblem }) => {
  const { problem } = props;
  const classes = useStyles();
  return (
    <Alert severity={problem.severity} className={classes.problem}>
      <AlertTitle>{problem.severity === 'error' ? 'Blocks the install' : 'Worth knowing'}</AlertTitle>
      {problem.message}
      {problem.suggestion && <Typography variant="body2">Suggestion: {problem.suggestion}</Typography>}
    </Alert>
  );
};

/**
 * What else comes with the plugin, with versions and reasons, and every
 * problem the resolver met in words with what would fit instead. A problem of
 * severity `error` blocks the next step.
 */
export const DependenciesStep = (props: {
  pluginName: string;
  plan: { loading: boolean; error?: Error; value?: InstallPlan };
  analysis?: DependencyAnalysis;
}) => {
  const { pluginName, plan, analysis } = props;
  const classes = useStyles();
  if (plan.loading) return <Progress />;
  if (plan.error) return <ResponseErrorPanel error={plan.error} title="Could not work out the dependencies" />;
  if (!plan.value) return null;
  const { plugins, packages, problems, external } = plan.value;
  const names = new Map(plugins.map(p => [p.pluginId, p.name]));
  const others = plugins.filter(p => p.reason === 'dependency');
  const externalEntries = Object.entries(external);
  return (
    <>
      {!plan.value.ok && (
        <Alert severity="error" className={classes.problem}>
          {pluginName} cannot be installed as planned. The problems below say why; going back to the
          overview and choosing another version may help.
        </Alert>
      )}
      {problems.map((problem, index) => (
        <Problem key={`${problem.kind}:${problem.pluginId}:${index}`} problem={problem} />
      ))}
      <Typography paragraph>
        {others.length === 0
          ? `${pluginName} needs no other marketplace plugins.`
          : `${pluginName} brings ${others.length} other plugin${others.length === 1 ? '' : 's'} with it.`}
        {plan.value.backstageVersion && ` Planned for Backstage ${plan.value.backstageVersion}.`}
      </Typography>
      <MuiTable size="small" aria-label="Plugins in the plan">
        <TableHead>
          <TableRow>
            <TableCell>Plugin</TableCell>
            <TableCell>Version</TableCell>
            <TableCell>What happens</TableCell>
            <TableCell>Why</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {plugins.map(p => (
            <TableRow key={p.pluginId}>
              <TableCell>{p.name}</TableCell>
              <TableCell>
                {p.version}
                {p.prerelease && ' (prerelease)'}
              </TableCell>
              <TableCell>{describeAction(p)}</TableCell>
              <TableCell>{describeReason(p, names)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </MuiTable>
      {packages.length > 0 && (
        <>
          <Typography variant="h6" component="h3" className={classes.section}>
            npm packages
          </Typography>
          <MuiTable size="small" aria-label="npm packages in the plan">
            <TableHead>
              <TableRow>
                <TableCell>Package</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Role</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {packages.map(p => (
                <TableRow key={p.name}>
                  <TableCell>{p.name}</TableCell>
                  <TableCell>{p.version}</TableCell>
                  <TableCell>{roleTitle(p.role)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </MuiTable>
        </>
      )}
      {externalEntries.length > 0 && (
        <>
          <Typography variant="h6" component="h3" className={classes.section}>
            From npm, outside the marketplace
          </Typography>
          <ul aria-label="npm dependencies outside the marketplace">
            {externalEntries.map(([name, ranges]) => (
              <li key={name}>
                {name} {ranges.join(' and ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {analysis && analysis.recommendations.length > 0 && (
        <>
          <Typography variant="h6" component="h3" className={classes.section}>
            Often installed with it
          </Typography>
          <ul aria-label="Often installed with it">
            {analysis.recommendations.map(r => (
              <li key={r.pluginId}>
                {r.pluginId}: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
};
