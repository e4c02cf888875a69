import { Gauge, InfoCard, Table, TableColumn } from '@backstage/core-components';
import { PluginDetails } from '@internal/backstage-plugin-marketplace-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { timeAgo } from '../../common/format';
import { PanelMessage } from './PanelMessage';

interface SignalRow {
  name: string;
  score: number;
  weight: number;
  detail: string;
}

const SIGNAL_TITLES: Record<string, string> = {
  documentation: 'Documentation',
  recency: 'Recency',
  popularity: 'Popularity',
  license: 'License',
  repository: 'Repository',
  types: 'TypeScript types',
  configSchema: 'Config schema',
};

/** `configSchema` → "Config schema" for signals this page does not know by name. */
function signalTitle(name: string): string {
  if (SIGNAL_TITLES[name]) return SIGNAL_TITLES[name];
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

const columns: TableColumn<SignalRow>[] = [
  { title: 'Signal', field: 'name', render: row => signalTitle(row.name) },
  { title: 'Score', field: 'score', render: row => percent(row.score) },
  { title: 'Weight', field: 'weight', render: row => percent(row.weight) },
  {
    title: 'Points',
    field: 'points',
    sorting: false,
    render: row => (row.score * row.weight * 100).toFixed(1),
  },
  { title: 'Why', field: 'detail', sorting: false },
];

/** The quality score, its grade, and what each signal contributed. */
export const QualityPanel = (props: { plugin: PluginDetails }) => {
  const metrics = props.plugin.qualityMetrics;
  const rows: SignalRow[] = Object.entries(metrics?.signals ?? {})
    .map(([name, signal]) => ({ name, ...signal }))
    .sort((a, b) => b.weight - a.weight);
  if (!metrics) {
    return (
      <InfoCard title="Quality">
        <PanelMessage>No quality score has been computed for this plugin yet.</PanelMessage>
      </InfoCard>
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={3}>
        <InfoCard title="Score">
          <Gauge value={metrics.score / 100} />
          <Typography variant="h6" component="p" align="center">
            Grade {metrics.grade} · {metrics.score} of 100
          </Typography>
          <Typography variant="body2" color="textSecondary" align="center">
            Computed {timeAgo(metrics.computedAt) ?? 'at an unknown time'}
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={9}>
        {rows.length === 0 ? (
          <InfoCard title="Signals">
            <PanelMessage>The score carries no signals.</PanelMessage>
          </InfoCard>
        ) : (
          <Table<SignalRow>
            title="Signals"
            subtitle="Each signal scores 0–100%; the score is their sum weighted as shown."
            columns={columns}
            data={rows}
            options={{ paging: false, search: false, padding: 'dense', draggable: false }}
          />
        )}
      </Grid>
    </Grid>
  );
};
