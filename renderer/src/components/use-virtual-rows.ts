import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/** Paged grids draw their rows this tall unless they ask for another fixed height: fixed heights keep scrolling free of layout work. */
export const ROW_HEIGHT = 44;

const KEY_STEPS: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };

export interface VirtualRowsOptions<Row> {
  readonly rows: readonly Row[];
  /** Rows plus one slot for the "loading more" row while another page may come. */
  readonly count: number;
  readonly keyOf: (row: Row) => string | number;
  /** Enter or Space on a row. */
  readonly onActivate: (row: Row) => void;
  /** The grid's fixed row height in pixels, as its stylesheet draws it. */
  readonly rowHeight?: number;
}

/**
 * A grid of rows paged from the core, virtualised with roving focus: arrow keys, Page Up/Down,
 * Home and End move between rows (scrolling the one reached into view), Enter or Space activates
 * one. The caller draws the rows and asks for its next page from `lastVisibleIndex`.
 */
export function useVirtualRows<Row>({ rows, count, keyOf, onActivate, rowHeight = ROW_HEIGHT }: VirtualRowsOptions<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const latestKeyOf = useRef(keyOf);
  latestKeyOf.current = keyOf;
  // The virtualizer measures every row again whenever this function changes: a new one per render
  // would cost every scroll frame a pass over all the rows loaded.
  const getItemKey = useCallback(
    (index: number) => {
      const row = rows[index];
      return row === undefined ? 'more' : latestKeyOf.current(row);
    },
    [rows],
  );
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 12,
    getItemKey,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisibleIndex = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (focusIndex >= rows.length && rows.length > 0) setFocusIndex(rows.length - 1);
  }, [rows.length, focusIndex]);

  function moveFocus(index: number): void {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    setFocusIndex(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
    // The row may only exist after the virtualizer renders it; focus on the next frame.
    window.requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${target}"]`)?.focus();
    });
  }

  function onRowKeyDown(event: KeyboardEvent<HTMLElement>, index: number, row: Row): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onActivate(row);
      return;
    }
    const step = KEY_STEPS[event.key];
    if (step !== undefined) {
      event.preventDefault();
      moveFocus(index + step);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      moveFocus(event.key === 'Home' ? 0 : rows.length - 1);
    }
  }

  return { scrollRef, virtualizer, items, lastVisibleIndex, focusIndex, setFocusIndex, onRowKeyDown };
}
