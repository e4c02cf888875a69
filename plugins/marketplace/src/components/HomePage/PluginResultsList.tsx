import { PluginSummary, SearchHit } from '@internal/backstage-plugin-marketplace-common';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useRef } from 'react';
import useMeasure from 'react-use/esm/useMeasure';
import { PluginCard } from '../PluginCard';
import { ResultsView } from './searchState';
import { useWindowVirtualRows } from './useWindowVirtualRows';

const ROW_HEIGHT: Record<ResultsView, number> = { grid: 236, list: 76, detailed: 236 };
const MIN_CARD_WIDTH: Record<ResultsView, number> = { grid: 280, list: 10_000, detailed: 480 };
const GAP = 16;
// Where nothing measures (tests) assume a desktop width.
const FALLBACK_WIDTH = 1024;
/** Rows from the end at which the next page is asked for. */
const PREFETCH_ROWS = 4;

const useStyles = makeStyles({
  root: { width: '100%', position: 'relative' },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'grid',
    gap: GAP,
    paddingBottom: GAP,
    boxSizing: 'border-box',
  },
});

export interface PluginResultsListProps {
  items: SearchHit[];
  totalCount: number;
  view: ResultsView;
  appVersion?: string;
  hasMore: boolean;
  onLoadMore: () => void;
  onOpen?: (plugin: PluginSummary) => void;
}

/**
 * Search results as a virtualized grid or list: the list takes its full
 * height so the page scrolls as usual, but only the rows near the viewport
 * are in the DOM, so thousands of results scroll as smoothly as twenty.
 * Nearing the end asks for the next page.
 */
export const PluginResultsList = (props: PluginResultsListProps) => {
  const classes = useStyles();
  const { items, view, hasMore, onLoadMore, totalCount, appVersion, onOpen } = props;
  const [measureRef, measured] = useMeasure<HTMLDivElement>();
  const container = useRef<HTMLDivElement>(null);
  const width = measured.width || FALLBACK_WIDTH;
  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_CARD_WIDTH[view] + GAP)));
  const rowCount = Math.ceil(items.length / columns);
  const rowHeight = ROW_HEIGHT[view];
  const { start, end } = useWindowVirtualRows({ container, rowCount, rowHeight });

  useEffect(() => {
    if (hasMore && end >= rowCount - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, end, rowCount, onLoadMore]);

  const rows = [];
  for (let index = start; index < end; index++) {
    const cells = items.slice(index * columns, index * columns + columns);
    rows.push(
      <div
        key={index}
        className={classes.row}
        style={{ top: index * rowHeight, height: rowHeight, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
        role="presentation"
      >
        {cells.map((plugin, i) => (
          <div key={plugin.id} role="listitem" aria-posinset={index * columns + i + 1} aria-setsize={totalCount}>
            <PluginCard plugin={plugin} appVersion={appVersion} variant={view} onOpen={onOpen} />
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div ref={measureRef}>
      <div
        ref={container}
        className={classes.root}
        style={{ height: rowCount * rowHeight }}
        role="list"
        aria-label="Plugins"
      >
        {rows}
      </div>
    </div>
  );
};
