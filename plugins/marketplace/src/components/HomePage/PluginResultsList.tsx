import { SearchHit, PluginSummary } from '@internal/backstage-plugin-marketplace-common';
import { makeStyles } from '@material-ui/core/styles';
import { CSSProperties, useCallback } from 'react';
import useMeasure from 'react-use/esm/useMeasure';
import { FixedSizeList, ListChildComponentProps } from 'react-window';
import { PluginCard } from '../PluginCard';
import { ResultsView } from './searchState';

const ROW_HEIGHT: Record<ResultsView, number> = { grid: 236, list: 76, detailed: 236 };
const MIN_CARD_WIDTH: Record<ResultsView, number> = { grid: 280, list: 10_000, detailed: 480 };
const GAP = 16;
const FALLBACK_WIDTH = 1024;
/** Rows from the end at which the next page is asked for. */
const PREFETCH_ROWS = 4;

const useStyles = makeStyles({
  root: { width: '100%' },
  row: { display: 'grid', gap: GAP, paddingBottom: GAP, boxSizing: 'border-box' },
});

export interface PluginResultsListProps {
  items: SearchHit[];
  totalCount: number;
  view: ResultsView;
  appVersion?: string;
  hasMore: boolean;
  onLoadMore: () => void;
  onOpen?: (plugin: PluginSummary) => void;
  /** Height of the scrolling area in pixels. */
  height: number;
}

interface RowData {
  items: SearchHit[];
  columns: number;
  view: ResultsView;
  appVersion?: string;
  totalCount: number;
  onOpen?: (plugin: PluginSummary) => void;
}

const Row = ({ index, style, data }: ListChildComponentProps<RowData>) => {
  const classes = useStyles();
  const { items, columns, view, appVersion, totalCount, onOpen } = data;
  const cells = items.slice(index * columns, index * columns + columns);
  return (
    <div
      style={{ ...(style as CSSProperties), gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
      className={classes.row}
      role="presentation"
    >
      {cells.map((plugin, i) => (
        <div
          key={plugin.id}
          role="listitem"
          aria-posinset={index * columns + i + 1}
          aria-setsize={totalCount}
        >
          <PluginCard plugin={plugin} appVersion={appVersion} variant={view} onOpen={onOpen} />
        </div>
      ))}
    </div>
  );
};

/**
 * Search results as a virtualized grid or list: only the rows in view are in
 * the DOM, so thousands of results scroll as smoothly as twenty. Nearing the
 * end asks for the next page.
 */
export const PluginResultsList = (props: PluginResultsListProps) => {
  const classes = useStyles();
  const { items, view, hasMore, onLoadMore, height } = props;
  const [ref, measured] = useMeasure<HTMLDivElement>();
  // Before the first measurement (and where nothing measures, as in tests) assume a desktop width.
  const width = measured.width || FALLBACK_WIDTH;
  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_CARD_WIDTH[view] + GAP)));
  const rowCount = Math.ceil(items.length / columns);

  const onItemsRendered = useCallback(
    ({ visibleStopIndex }: { visibleStopIndex: number }) => {
      if (hasMore && visibleStopIndex >= rowCount - PREFETCH_ROWS) onLoadMore();
    },
    [hasMore, onLoadMore, rowCount],
  );

  const data: RowData = {
    items,
    columns,
    view,
    appVersion: props.appVersion,
    totalCount: props.totalCount,
    onOpen: props.onOpen,
  };
  return (
    <div ref={ref} className={classes.root} role="list" aria-label="Plugins">
      {rowCount > 0 && (
        <FixedSizeList
          height={Math.min(height, rowCount * ROW_HEIGHT[view])}
          width={width}
          itemCount={rowCount}
          itemSize={ROW_HEIGHT[view]}
          itemData={data}
          overscanCount={3}
          onItemsRendered={onItemsRendered}
        >
          {Row}
        </FixedSizeList>
      )}
    </div>
  );
};
