import { useEffect, useId, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartEvent, type ActiveElement } from 'chart.js';
import { useT } from '../../../i18n/locale-store.ts';
import { CHART_COLOURS } from '../utils/chart-colours.ts';
import type { ChartBar } from '../utils/chart-bars.ts';

// Only the parts these charts draw, so the bundle carries no other chart type.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface BarChartProps {
  readonly title: string;
  readonly bars: readonly ChartBar[];
  /** Column headings of the table the chart is also shown as. */
  readonly labelHeading: string;
  readonly valueHeading: string;
  /** Bars across (long labels such as decline reasons) rather than up. */
  readonly horizontal?: boolean;
  /** The bars are amounts, not counts: the value axis may show fractions. */
  readonly amounts?: boolean;
  readonly testId: string;
  /** Shown instead of the chart when there are no bars. */
  readonly emptyText?: string;
  readonly children?: React.ReactNode;
}

/** Axis labels are cut short so the bars keep their room; the tooltip and the table have them whole. */
const AXIS_LABEL_LENGTH = 28;

function shortened(label: string): string {
  return label.length > AXIS_LABEL_LENGTH ? `${label.slice(0, AXIS_LABEL_LENGTH - 1)}…` : label;
}

function open(href: string | null): void {
  if (href !== null) window.location.hash = href;
}

/**
 * One bar chart (Chart.js on a canvas) whose bars open the payments list, with the same figures
 * as a table for screen readers and keyboards: the canvas is one image with a summary for a label,
 * and every row of the table has the link its bar has.
 */
export function BarChart({ title, bars, labelHeading, valueHeading, horizontal = false, amounts = false, testId, emptyText, children }: BarChartProps) {
  const t = useT();
  const headingId = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);
  // Read by the click handler, which the chart keeps from its first drawing.
  const current = useRef(bars);
  current.current = bars;

  useEffect(() => {
    if (canvas.current === null) return;
    const indexAxis = horizontal ? 'y' : 'x';
    const valueAxis = horizontal ? 'x' : 'y';
    const axis = { grid: { color: CHART_COLOURS.grid }, beginAtZero: true };
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [], backgroundColor: [], maxBarThickness: 48 }] },
      options: {
        indexAxis,
        responsive: true,
        maintainAspectRatio: false,
        // Figures are read, not watched: no animation to wait for.
        animation: false,
        plugins: {
          tooltip: {
            callbacks: { title: (items) => current.current[items[0]?.dataIndex ?? -1]?.label ?? '', label: (item) => current.current[item.dataIndex]?.valueText ?? '' },
          },
        },
        scales: {
          [indexAxis]: { ...axis, ticks: { color: CHART_COLOURS.text, callback: (value: string | number) => shortened(current.current[Number(value)]?.label ?? '') } },
          // A count of payments has no half payment.
          [valueAxis]: { ...axis, ticks: { color: CHART_COLOURS.text, ...(amounts ? {} : { precision: 0 }) } },
        },
        onClick: (_event: ChartEvent, elements: ActiveElement[]) => open(current.current[elements[0]?.index ?? -1]?.href ?? null),
        onHover: (event: ChartEvent, elements: ActiveElement[]) => {
          const target = event.native?.target;
          if (target instanceof HTMLCanvasElement) target.style.cursor = elements.some((element) => current.current[element.index]?.href) ? 'pointer' : 'default';
        },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [horizontal, amounts]);

  useEffect(() => {
    const drawn = chart.current;
    if (drawn === null) return;
    drawn.data.labels = bars.map((bar) => bar.label);
    const dataset = drawn.data.datasets[0]!;
    dataset.data = bars.map((bar) => bar.value);
    dataset.backgroundColor = bars.map((bar) => bar.colour);
    dataset.label = title;
    drawn.update();
  }, [bars, title]);

  const summary = t('dashboard.chart.summary', { title, figures: bars.map((bar) => `${bar.label} ${bar.valueText}`).join('; ') });
  const empty = bars.length === 0 || bars.every((bar) => bar.value === 0);
  return (
    <figure className="dashboard-chart" aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId}>{title}</h2>
      {children}
      {empty && emptyText !== undefined && <p className="hint">{emptyText}</p>}
      <div className={`chart-canvas-box${horizontal ? ' chart-canvas-box-tall' : ''}${empty && emptyText !== undefined ? ' chart-canvas-box-hidden' : ''}`}>
        <canvas ref={canvas} role="img" aria-label={summary} data-testid={`${testId}-canvas`} />
      </div>
      <figcaption className="hint">{t('dashboard.chart.clickHint')}</figcaption>
      <details className="chart-table">
        <summary>{t('dashboard.table.show')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              <th scope="col">{valueHeading}</th>
              <th scope="col">
                <span className="visually-hidden">{t('dashboard.table.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key} data-testid={`${testId}-row-${bar.key}`}>
                <th scope="row">{bar.label}</th>
                <td>{bar.valueText}</td>
                <td>{bar.href !== null && <a href={bar.href}>{t('dashboard.table.open')}</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
