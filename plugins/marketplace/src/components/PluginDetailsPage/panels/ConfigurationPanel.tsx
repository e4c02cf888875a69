import { CodeSnippet, InfoCard, Table, TableColumn } from '@backstage/core-components';
import {
  EnvironmentVariableSpec,
  PluginDetails,
} from '@internal/backstage-plugin-marketplace-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import LockIcon from '@material-ui/icons/Lock';
import { ConfigKey, configKeys } from './configSchema';
import { PanelMessage } from './PanelMessage';

const useStyles = makeStyles({
  code: { fontFamily: 'monospace', wordBreak: 'break-all' },
  snippet: { width: '100%', overflowX: 'auto' },
});

const SecretChip = () => (
  <Chip size="small" variant="outlined" icon={<LockIcon />} label="Secret" />
);

const KeysTable = (props: { keys: ConfigKey[] }) => {
  const classes = useStyles();
  const columns: TableColumn<ConfigKey>[] = [
    { title: 'Key', field: 'path', render: row => <span className={classes.code}>{row.path}</span> },
    { title: 'Type', field: 'type' },
    { title: 'Description', field: 'description', sorting: false },
    { title: 'Required', field: 'required', render: row => (row.required ? 'Yes' : 'No') },
    { title: 'Secret', field: 'secret', render: row => (row.secret ? <SecretChip /> : 'No') },
  ];
  return (
    <Table<ConfigKey>
      title="Configuration keys"
      subtitle="Secret keys hold credentials: set them from environment variables (${ENV_VAR}), not as values in the file."
      columns={columns}
      data={props.keys}
      options={{ paging: props.keys.length > 50, pageSize: 50, search: props.keys.length > 10, padding: 'dense', draggable: false }}
    />
  );
};

const CollapsedJson = (props: { title: string; value: unknown }) => {
  const classes = useStyles();
  return (
    <Accordion TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography>{props.title}</Typography>
      </AccordionSummary>
      <AccordionDetails>
        <div className={classes.snippet}>
          <CodeSnippet language="json" text={JSON.stringify(props.value, null, 2)} showCopyCodeButton />
        </div>
      </AccordionDetails>
    </Accordion>
  );
};

const EnvironmentTable = (props: { variables: EnvironmentVariableSpec[] }) => {
  const classes = useStyles();
  const columns: TableColumn<EnvironmentVariableSpec>[] = [
    { title: 'Variable', field: 'name', render: row => <span className={classes.code}>{row.name}</span> },
    { title: 'Description', field: 'description', sorting: false },
    { title: 'Required', field: 'required', render: row => (row.required ? 'Yes' : 'No') },
    { title: 'Secret', field: 'secret', render: row => (row.secret ? <SecretChip /> : 'No') },
    // An example of a secret could be a real one pasted by mistake: not shown.
    { title: 'Example', field: 'example', sorting: false, render: row => (row.secret ? '' : row.example) },
  ];
  return (
    <Table<EnvironmentVariableSpec>
      title="Environment variables"
      columns={columns}
      data={props.variables}
      options={{ paging: false, search: false, padding: 'dense', draggable: false }}
    />
  );
};

/** The plugin's configuration schema as a table of keys, its raw schema, and the environment it reads. */
export const ConfigurationPanel = (props: { plugin: PluginDetails }) => {
  const { configSchema, defaultConfig, environmentVariables } = props.plugin.spec;
  const keys = configKeys(configSchema);
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        {keys.length === 0 ? (
          <InfoCard title="Configuration keys">
            <PanelMessage>
              {configSchema
                ? 'The configuration schema describes no keys.'
                : 'This plugin declares no configuration schema.'}
            </PanelMessage>
          </InfoCard>
        ) : (
          <KeysTable keys={keys} />
        )}
      </Grid>
      {configSchema && (
        <Grid item>
          <CollapsedJson title="Raw configuration schema (JSON Schema)" value={configSchema} />
        </Grid>
      )}
      {defaultConfig && (
        <Grid item>
          <CollapsedJson title="Default configuration" value={defaultConfig} />
        </Grid>
      )}
      <Grid item>
        {environmentVariables.length === 0 ? (
          <InfoCard title="Environment variables">
            <PanelMessage>This plugin reads no environment variables.</PanelMessage>
          </InfoCard>
        ) : (
          <EnvironmentTable variables={environmentVariables} />
        )}
      </Grid>
    </Grid>
  );
};
