import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { CategoryCount, PluginSummary } from '@internal/backstage-plugin-marketplace-common';
import ButtonBase from '@material-ui/core/ButtonBase';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../api';
import { PluginCard } from '../PluginCard';

const useStyles = makeStyles(theme => ({
  category: {
    width: '100%',
    height: '100%',
    display: 'block',
    textAlign: 'left',
    padding: theme.spacing(2),
    borderRadius: theme.shape.borderRadius,
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}` },
  },
  reason: { marginTop: theme.spacing(0.5) },
  cell: { display: 'flex', flexDirection: 'column' },
}));

const SECTION_SIZE = 4;

function PluginRow(props: {
  title: string;
  subheader?: string;
  load: () => Promise<Array<PluginSummary & { reason?: string }>>;
  appVersion?: string;
  empty: ReactNode;
  deps: unknown[];
}) {
  const classes = useStyles();
  const { value, loading, error } = useAsync(props.load, props.deps);
  return (
    <InfoCard title={props.title} subheader={props.subheader}>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.length === 0 && <Typography color="textSecondary">{props.empty}</Typography>}
      {value && value.length > 0 && (
        <Grid container spacing={2} role="list" aria-label={props.title}>
          {value.slice(0, SECTION_SIZE).map(plugin => (
            <Grid item xs={12} sm={6} lg={3} key={plugin.id} role="listitem" className={classes.cell}>
              <PluginCard plugin={plugin} appVersion={props.appVersion} />
              {plugin.reason && (
                <Typography variant="caption" color="textSecondary" className={classes.reason}>
                  {plugin.reason}
                </Typography>
              )}
            </Grid>
          ))}
        </Grid>
      )}
    </InfoCard>
  );
}

/** Categories as tiles with their plugin counts. */
export const CategoryBrowser = (props: { onSelect: (category: string) => void }) => {
  const classes = useStyles();
  const marketplaceApi = useApi(marketplaceApiRef);
  const { value, loading, error } = useAsync(() => marketplaceApi.listCategories(), [marketplaceApi]);
  return (
    <InfoCard title="Browse by category">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Grid container spacing={2}>
          {value
            .filter((c: CategoryCount) => c.count > 0)
            .map(c => (
              <Grid item xs={12} sm={6} md={4} lg={3} key={c.id}>
                <Paper variant="outlined" style={{ height: '100%' }}>
                  <ButtonBase className={classes.category} onClick={() => props.onSelect(c.id)}>
                    <Typography variant="subtitle1" component="span" display="block">
                      {c.title} ({c.count})
                    </Typography>
                    <Typography variant="body2" color="textSecondary" component="span" display="block">
                      {c.description}
                    </Typography>
                  </ButtonBase>
                </Paper>
              </Grid>
            ))}
        </Grid>
      )}
    </InfoCard>
  );
};

/**
 * The marketplace home without a search: what is trending, what is popular,
 * what is recommended for this user, and the categories.
 */
export const DiscoverySections = (props: {
  appVersion?: string;
  onSelectCategory: (category: string) => void;
}) => {
  const marketplaceApi = useApi(marketplaceApiRef);
  const { appVersion } = props;
  const sections = [
    {
      title: 'Recommended for you',
      subheader: "From what your teams' entities use and what was installed together",
      load: () => marketplaceApi.getRecommendations(SECTION_SIZE),
      empty: 'Nothing to recommend yet.',
    },
    {
      title: 'Trending this week',
      subheader: 'Views and installs over the last 7 days, recent ones counting most',
      load: () => marketplaceApi.getTrending({ range: '7d', limit: SECTION_SIZE }),
      empty: 'Nothing is trending yet: views and installs show up here.',
    },
    {
      title: 'Popular',
      subheader: 'Most installed here, then most downloaded on npm',
      load: () => marketplaceApi.getPopular({ limit: SECTION_SIZE }),
      empty: 'No plugins yet.',
    },
  ];
  return (
    <Grid container spacing={3}>
      {sections.map(section => (
        <Grid item xs={12} key={section.title}>
          <PluginRow {...section} deps={[marketplaceApi]} appVersion={appVersion} />
        </Grid>
      ))}
      <Grid item xs={12}>
        <CategoryBrowser onSelect={props.onSelectCategory} />
      </Grid>
    </Grid>
  );
};
