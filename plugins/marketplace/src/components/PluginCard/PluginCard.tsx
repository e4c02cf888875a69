import { Link, LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { PluginSummary } from '@internal/backstage-plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { pluginDetailsRouteRef } from '../../routes';
import { PluginAvatar } from '../common/PluginAvatar';
import {
  CompatibilityChip,
  InstalledChip,
  OfficialChip,
  QualityChip,
} from '../common/PluginBadges';
import { categoryTitle, formatCount, roleTitle, timeAgo } from '../common/format';

const useStyles = makeStyles(theme => ({
  card: {
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
    '&:focus-within': { outline: `2px solid ${theme.palette.primary.main}` },
  },
  content: { flex: 1, overflow: 'hidden', paddingBottom: theme.spacing(1) },
  header: { display: 'flex', gap: theme.spacing(1.5), alignItems: 'center', minWidth: 0 },
  title: { minWidth: 0 },
  name: {
    fontWeight: 600,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    display: 'block',
  },
  description: {
    marginTop: theme.spacing(1),
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  badges: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), marginTop: theme.spacing(1) },
  row: { display: 'flex', alignItems: 'center', gap: theme.spacing(2), height: '100%', padding: theme.spacing(0, 2) },
  rowText: { flex: 1, minWidth: 0 },
  ellipsis: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  stat: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', marginTop: theme.spacing(1) },
}));

export type PluginCardVariant = 'grid' | 'list' | 'detailed';

export interface PluginCardProps {
  plugin: PluginSummary;
  /** The app's Backstage release, for the compatibility badge. */
  appVersion?: string;
  variant?: PluginCardVariant;
  /** Called when the user opens the plugin, before navigating (e.g. to record a search click). */
  onOpen?: (plugin: PluginSummary) => void;
}

function Stats(props: { plugin: PluginSummary }) {
  const classes = useStyles();
  const { plugin } = props;
  const updated = timeAgo(plugin.publishedAt);
  return (
    <Typography variant="caption" component="div" className={classes.stat}>
      <span aria-label={`${plugin.downloadsMonthly} downloads a month`}>
        {formatCount(plugin.downloadsMonthly)} downloads/mo
      </span>
      {updated && <> · updated {updated}</>}
    </Typography>
  );
}

function Badges(props: { plugin: PluginSummary; appVersion?: string }) {
  const classes = useStyles();
  const { plugin, appVersion } = props;
  return (
    <div className={classes.badges}>
      {plugin.installed && <InstalledChip />}
      {plugin.firstParty && <OfficialChip />}
      <QualityChip score={plugin.qualityScore} />
      <CompatibilityChip range={plugin.backstageVersion} appVersion={appVersion} />
    </div>
  );
}

/**
 * A plugin in search results and discovery lists: icon, name, author,
 * category, description, quality, popularity, compatibility, install status and
 * quick actions. `grid` is a card, `list` a compact row, `detailed` a wide card
 * with everything.
 */
export const PluginCard = (props: PluginCardProps) => {
  const classes = useStyles();
  const { plugin, appVersion, variant = 'grid', onOpen } = props;
  const detailsLink = useRouteRef(pluginDetailsRouteRef);
  const href = detailsLink?.({ pluginId: plugin.id }) ?? '#';
  const open = () => onOpen?.(plugin);
  const byline = `${plugin.author || 'Unknown author'} · ${categoryTitle(plugin.category)}`;

  if (variant === 'list') {
    return (
      <Card className={classes.card} variant="outlined" data-testid="plugin-card">
        <div className={classes.row}>
          <PluginAvatar name={plugin.name} size={32} />
          <div className={classes.rowText}>
            <Link to={href} onClick={open} className={classes.name}>
              {plugin.name}
            </Link>
            <Typography variant="body2" color="textSecondary" className={classes.ellipsis}>
              {byline} — {plugin.description || 'No description.'}
            </Typography>
          </div>
          {plugin.installed && <InstalledChip />}
          <Stats plugin={plugin} />
        </div>
      </Card>
    );
  }

  return (
    <Card className={classes.card} variant="outlined" data-testid="plugin-card">
      <CardContent className={classes.content}>
        <div className={classes.header}>
          <PluginAvatar name={plugin.name} />
          <div className={classes.title}>
            <Link to={href} onClick={open} className={classes.name}>
              {plugin.name}
            </Link>
            <Typography variant="body2" color="textSecondary" className={classes.ellipsis}>
              {byline}
            </Typography>
          </div>
        </div>
        <Typography variant="body2" className={classes.description}>
          {plugin.description || 'No description.'}
        </Typography>
        {variant === 'detailed' && (
          <Typography variant="caption" color="textSecondary" component="div">
            v{plugin.version}
            {plugin.license && <> · {plugin.license}</>}
            {plugin.roles.length > 0 && <> · {plugin.roles.map(roleTitle).join(', ')}</>}
            {plugin.tags.length > 0 && <> · {plugin.tags.slice(0, 6).join(', ')}</>}
          </Typography>
        )}
        <Stats plugin={plugin} />
        <Badges plugin={plugin} appVersion={appVersion} />
      </CardContent>
      <CardActions>
        <Box flex={1} />
        <LinkButton size="small" to={`${href}?tab=overview`} onClick={open}
          aria-label={`Docs: ${plugin.name}`}>
          Docs
        </LinkButton>
        {!plugin.installed && (
          <LinkButton
            size="small"
            color="primary"
            startIcon={<GetAppIcon />}
            // The install wizard's route is the details route + /install (routes.ts).
            to={`${href}/install`}
            onClick={open}
            aria-label={`Install ${plugin.name}`}
          >
            Install
          </LinkButton>
        )}
      </CardActions>
    </Card>
  );
};
