import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  PluginDependency,
  PluginDetails,
} from '@internal/backstage-plugin-marketplace-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import TreeItem from '@material-ui/lab/TreeItem';
import TreeView from '@material-ui/lab/TreeView';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../../../api';
import { PanelMessage } from './PanelMessage';

type Loaded =
  | { status: 'loading' }
  | { status: 'loaded'; dependencies: PluginDependency[] }
  | { status: 'failed'; error: Error };

/** What every node of the tree needs: which nodes are open, and the plugins fetched so far. */
interface TreeState {
  expanded: ReadonlySet<string>;
  loaded: Readonly<Record<string, Loaded>>;
  load(pluginId: string): void;
  /** Opens more nodes, keeping those open. */
  expand(nodeIds: string[]): void;
}

const TreeStateContext = createContext<TreeState | undefined>(undefined);

function useTreeState(): TreeState {
  const state = useContext(TreeStateContext);
  if (!state) throw new Error('Dependency tree nodes must be rendered inside the tree');
  return state;
}

const useStyles = makeStyles(theme => ({
  label: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    padding: theme.spacing(0.25, 0),
  },
  range: { color: theme.palette.text.secondary, fontFamily: 'monospace' },
  note: { color: theme.palette.text.secondary, fontStyle: 'italic' },
}));

/** Dependencies by the package that declares them, each list dependencies first, then peers, by name. */
function groupByPackage(dependencies: PluginDependency[]): Array<[string, PluginDependency[]]> {
  const groups = new Map<string, PluginDependency[]>();
  for (const dependency of dependencies) {
    groups.set(dependency.package, [...(groups.get(dependency.package) ?? []), dependency]);
  }
  return [...groups.entries()].map(([pkg, list]) => [
    pkg,
    [...list].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name)),
  ]);
}

function packageNodeId(parentId: string, pkg: string): string {
  return `${parentId}/${pkg}`;
}

/** One dependency; a marketplace plugin opens onto its own dependencies. */
function DependencyNode(props: {
  nodeId: string;
  dependency: PluginDependency;
  ancestors: string[];
}) {
  const { nodeId, dependency, ancestors } = props;
  const classes = useStyles();
  const { expanded, loaded, load, expand } = useTreeState();
  const { pluginId } = dependency;
  const owner = ancestors[ancestors.length - 1];
  let note: string | undefined;
  if (pluginId === owner) note = 'part of this plugin';
  else if (pluginId && ancestors.includes(pluginId)) note = `cycle: ${pluginId} is already above`;
  const expandable = Boolean(pluginId) && !note;
  const isExpanded = expandable && expanded.has(nodeId);
  const result = pluginId ? loaded[pluginId] : undefined;
  const groupsOpened = useRef(false);

  useEffect(() => {
    if (isExpanded && pluginId) load(pluginId);
  }, [isExpanded, pluginId, load]);
  // The first time its dependencies arrive, their package groups open too,
  // so that opening a plugin shows what it depends on in one step.
  useEffect(() => {
    if (!isExpanded || result?.status !== 'loaded' || groupsOpened.current) return;
    groupsOpened.current = true;
    expand(groupByPackage(result.dependencies).map(([pkg]) => packageNodeId(nodeId, pkg)));
  }, [isExpanded, result, nodeId, expand]);

  const label = (
    <span className={classes.label}>
      <span>{dependency.name}</span>
      <span className={classes.range}>{dependency.range}</span>
      {dependency.kind === 'peer' && <Chip size="small" variant="outlined" label="peer" />}
      {pluginId && !note && (
        <Chip size="small" variant="outlined" label={`marketplace: ${pluginId}`} />
      )}
      {note && <span className={classes.note}>{note}</span>}
    </span>
  );
  return (
    <TreeItem nodeId={nodeId} label={label}>
      {expandable && pluginId
        ? pluginChildren(nodeId, loaded[pluginId], [...ancestors, pluginId])
        : undefined}
    </TreeItem>
  );
}

// TreeView and TreeItem find their children by the `nodeId` prop of the
// elements passed directly to them (that is how arrow keys move through the
// tree), so groups are built as arrays of elements, never wrapped in a
// fragment or a component of their own.
function packageGroups(parentId: string, dependencies: PluginDependency[], ancestors: string[]) {
  return groupByPackage(dependencies).map(([pkg, list]) => {
    const groupId = packageNodeId(parentId, pkg);
    return (
      <TreeItem key={groupId} nodeId={groupId} label={`${pkg} (${list.length})`}>
        {list.map(dependency => (
          <DependencyNode
            key={`${dependency.kind}:${dependency.name}`}
            nodeId={`${groupId}/${dependency.kind}:${dependency.name}`}
            dependency={dependency}
            ancestors={ancestors}
          />
        ))}
      </TreeItem>
    );
  });
}

/**
 * The children of an expanded marketplace plugin: a placeholder until its
 * dependencies arrive. `ancestors` are the plugins from the root down to it.
 */
function pluginChildren(nodeId: string, loaded: Loaded | undefined, ancestors: string[]) {
  if (!loaded || loaded.status === 'loading') {
    return <TreeItem nodeId={`${nodeId}/loading`} label="Loading…" />;
  }
  if (loaded.status === 'failed') {
    return (
      <TreeItem
        nodeId={`${nodeId}/failed`}
        label={`Could not load its dependencies: ${loaded.error.message}`}
      />
    );
  }
  if (loaded.dependencies.length === 0) {
    return <TreeItem nodeId={`${nodeId}/none`} label="No dependencies" />;
  }
  return packageGroups(nodeId, loaded.dependencies, ancestors);
}

/**
 * The plugin's dependencies as a tree, grouped by the package that declares
 * them. Dependencies that are marketplace plugins open onto their own
 * dependencies, fetched when first opened; a plugin already on the path from
 * the root is shown as a cycle instead of being opened again.
 */
export const DependenciesPanel = (props: { plugin: PluginDetails }) => {
  const { plugin } = props;
  const marketplaceApi = useApi(marketplaceApiRef);
  const root = useAsync(() => marketplaceApi.getDependencies(plugin.id), [marketplaceApi, plugin.id]);
  const [expanded, setExpanded] = useState<string[]>();
  const [loaded, setLoaded] = useState<Record<string, Loaded>>({});
  // Requested plugins, so that a plugin reached by two paths is fetched once.
  const requested = useRef(new Set<string>());

  const load = useCallback(
    (pluginId: string) => {
      if (requested.current.has(pluginId)) return;
      requested.current.add(pluginId);
      setLoaded(current => ({ ...current, [pluginId]: { status: 'loading' } }));
      marketplaceApi.getDependencies(pluginId).then(
        result =>
          setLoaded(current => ({
            ...current,
            [pluginId]: { status: 'loaded', dependencies: result.dependencies },
          })),
        error =>
          setLoaded(current => ({ ...current, [pluginId]: { status: 'failed', error } })),
      );
    },
    [marketplaceApi],
  );

  const rootGroupIds = useRef<string[]>([]);
  const expand = useCallback(
    (nodeIds: string[]) =>
      setExpanded(current => [...new Set([...(current ?? rootGroupIds.current), ...nodeIds])]),
    [],
  );

  if (root.loading) return <Progress />;
  if (root.error) return <ResponseErrorPanel error={root.error} />;
  const dependencies = root.value?.dependencies ?? [];
  if (dependencies.length === 0) {
    return (
      <InfoCard title="Dependencies">
        <PanelMessage>This plugin declares no dependencies.</PanelMessage>
      </InfoCard>
    );
  }

  const rootId = plugin.id;
  // The packages of the plugin start open, so its own dependencies show at once.
  rootGroupIds.current = groupByPackage(dependencies).map(([pkg]) => packageNodeId(rootId, pkg));
  const expandedIds = expanded ?? rootGroupIds.current;
  return (
    <InfoCard
      title="Dependencies"
      subheader={`Of version ${root.value?.version ?? plugin.version}. Dependencies that are marketplace plugins open onto their own.`}
    >
      <Typography variant="body2" color="textSecondary" paragraph>
        Use the arrow keys to move through the tree; right opens a node, left closes it.
      </Typography>
      <TreeStateContext.Provider value={{ expanded: new Set(expandedIds), loaded, load, expand }}>
        <TreeView
          aria-label={`Dependencies of ${plugin.name}`}
          defaultCollapseIcon={<ExpandMoreIcon />}
          defaultExpandIcon={<ChevronRightIcon />}
          expanded={expandedIds}
          onNodeToggle={(_event: unknown, nodeIds: string[]) => setExpanded(nodeIds)}
        >
          {packageGroups(rootId, dependencies, [plugin.id])}
        </TreeView>
      </TreeStateContext.Provider>
    </InfoCard>
  );
};
