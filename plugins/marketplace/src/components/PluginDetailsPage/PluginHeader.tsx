import { Link } from '@backstage/core-components';
import {
  findMainPackage,
  PluginDetails,
} from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { PluginAvatar } from '../common/PluginAvatar';
import {
  CompatibilityChip,
  InstalledChip,
  OfficialChip,
  QualityChip,
} from '../common/PluginBadges';
import { categoryTitle, formatCount } from '../common/format';
import { InstallButton } from './InstallButton';
import { npmPackageUrl, safeExternalUrl } from './urls';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'flex-start',
    flexWrap: 'wrap',
  },
  main: { flex: '1 1 400px', minWidth: 0 },
  // Secondary text on the page background (not a card) falls just below WCAG AA contrast.
  meta: { color: theme.palette.text.primary },
  description: { marginTop: theme.spacing(1) },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
}));

/** Repository, homepage and npm, each only when it is a safe http(s) URL. */
function linksOf(plugin: PluginDetails): Array<{ label: string; href: string }> {
  const { documentation } = plugin.spec;
  const main = findMainPackage(plugin.packages) ?? plugin.packages[0];
  const links = [
    { label: 'Repository', href: safeExternalUrl(documentation.repository) },
    { label: 'Homepage', href: safeExternalUrl(documentation.homepage) },
    { label: 'npm', href: main ? npmPackageUrl(main.name) : undefined },
  ];
  return links.flatMap(link => (link.href ? [{ label: link.label, href: link.href }] : []));
}

/**
 * Who made the plugin, what it is, how it fits this app, and the way to
 * install it.
 */
export const PluginHeader = (props: { plugin: PluginDetails; appVersion?: string }) => {
  const { plugin, appVersion } = props;
  const classes = useStyles();
  return (
    <Box className={classes.root} component="section" aria-label={`About ${plugin.name}`}>
      <PluginAvatar name={plugin.name} size={64} />
      <div className={classes.main}>
        <Typography variant="h4" component="h1">
          {plugin.name}
        </Typography>
        <Typography variant="body2" className={classes.meta}>
          by {plugin.author} · {categoryTitle(plugin.category)} · v{plugin.version} ·{' '}
          {formatCount(plugin.downloadsMonthly)} downloads/month
        </Typography>
        <Typography variant="body1" className={classes.description}>
          {plugin.description}
        </Typography>
        <div className={classes.row}>
          {plugin.firstParty && <OfficialChip />}
          {plugin.installed && <InstalledChip />}
          <CompatibilityChip
            range={plugin.spec.backstageVersion ?? plugin.backstageVersion}
            appVersion={appVersion}
          />
          <QualityChip score={plugin.qualityScore} />
        </div>
        <nav aria-label="Links" className={classes.row}>
          {linksOf(plugin).map(link => (
            <Link key={link.label} to={link.href} target="_blank" rel="noopener noreferrer">
              {link.label}
            </Link>
          ))}
        </nav>
      </div>
      <InstallButton plugin={plugin} />
    </Box>
  );
};
