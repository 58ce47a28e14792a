import type { VirtualItem } from '@tanstack/react-virtual';
import type { ReactNode, RefObject } from 'react';

interface VirtualGridBodyProps<Row> {
  readonly scrollRef: RefObject<HTMLDivElement | null>;
  readonly testId: string;
  readonly rows: readonly Row[];
  readonly items: readonly VirtualItem[];
  readonly totalSize: number;
  /** What an empty list says, or null while there may be rows (loading, an error shown). */
  readonly empty: ReactNode;
  /** The row class the grid's columns hang on, for the placeholder of a page not read yet. */
  readonly loaderClassName?: string;
  readonly loadingText: string;
  renderRow(row: Row, item: VirtualItem): ReactNode;
}

/**
 * The scrolling body of a virtualised grid (use-virtual-rows.ts): the rows in view, a placeholder
 * row where the next page is still being read, and the empty notice.
 */
export function VirtualGridBody<Row>({ scrollRef, testId, rows, items, totalSize, empty, loaderClassName, loadingText, renderRow }: VirtualGridBodyProps<Row>) {
  return (
    <div ref={scrollRef} className="tx-scroll" data-testid={testId}>
      {empty}
      <div className="tx-body" style={{ height: totalSize }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (row === undefined) {
            return (
              <div key={item.key} className={loaderClassName === undefined ? 'tx-row tx-loader' : `tx-row tx-loader ${loaderClassName}`} style={{ transform: `translateY(${item.start}px)` }} role="row">
                <span role="gridcell">{loadingText}</span>
              </div>
            );
          }
          return renderRow(row, item);
        })}
      </div>
    </div>
  );
}
