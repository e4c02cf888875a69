import { RefObject, useCallback, useEffect, useState } from 'react';

/** The nearest ancestor that scrolls, or undefined when the window does. */
function scrollParent(element: HTMLElement | null): HTMLElement | undefined {
  for (let node = element?.parentElement; node; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node);
    if ((overflowY === 'auto' || overflowY === 'scroll') && node.scrollHeight > node.clientHeight) {
      return node;
    }
  }
  return undefined;
}

/**
 * Which rows of a list of fixed-height rows are in view, when the page itself
 * scrolls (not a box inside it): the list keeps its full height, so the page
 * scrolls as usual, and only the rows near the viewport are rendered.
 */
export function useWindowVirtualRows(options: {
  container: RefObject<HTMLElement>;
  rowCount: number;
  rowHeight: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
}): { start: number; end: number } {
  const { container, rowCount, rowHeight, overscan = 3 } = options;
  // Before the first measurement, render what a desktop viewport would show.
  const [range, setRange] = useState({ start: 0, end: Math.min(rowCount, 12) });

  const measure = useCallback(() => {
    const element = container.current;
    if (!element) return;
    const parent = scrollParent(element);
    const viewportTop = parent ? parent.getBoundingClientRect().top : 0;
    const viewportHeight = parent ? parent.clientHeight : window.innerHeight;
    const top = element.getBoundingClientRect().top - viewportTop;
    const first = Math.floor(-top / rowHeight);
    const last = Math.ceil((viewportHeight - top) / rowHeight);
    const start = Math.max(0, Math.min(rowCount, first - overscan));
    const end = Math.max(start, Math.min(rowCount, last + overscan));
    setRange(current => (current.start === start && current.end === end ? current : { start, end }));
  }, [container, rowCount, rowHeight, overscan]);

  useEffect(() => {
    measure();
    const parent = scrollParent(container.current);
    const target: HTMLElement | Window = parent ?? window;
    target.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    return () => {
      target.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
    };
  }, [container, measure]);

  return range;
}
