/**
 * `npm run bench`'s summary: every figure the benches reported, grouped, with its baseline from the
 * same run, its target and whether it is met, and optionally the same figure from an earlier run.
 */
import { ms, type Figure } from './bench-kit.ts';

export interface BenchRun {
  readonly commit: string;
  readonly at: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string };
  readonly benches: readonly string[];
  readonly figures: readonly Figure[];
}

/** The figures file holds one JSON figure per line; a line a bench cut short (it crashed) is left out. */
export function readFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      figures.push(JSON.parse(line) as Figure);
    } catch {
      // A bench killed mid-write leaves half a line; its other figures still count.
    }
  }
  return figures;
}

function value(figure: Pick<Figure, 'unit'>, amount: number): string {
  if (figure.unit === 'ms') return `${ms(amount)} ms`;
  if (figure.unit === 's') return `${amount.toFixed(2)} s`;
  return `${amount >= 100 ? Math.round(amount).toLocaleString('en') : amount.toFixed(2)} ${figure.unit}`;
}

function verdict(figure: Figure): string {
  if (figure.target === undefined) return '';
  const met = figure.higherIsBetter === true ? figure.value >= figure.target : figure.value <= figure.target;
  return met ? 'met' : `MISSED by ${value(figure, Math.abs(figure.value - figure.target))}`;
}

const keyOf = (figure: Figure) => `${figure.group}\u0000${figure.read}`;

function table(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => (column <= 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column <= 1 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function benchSummary(run: BenchRun, earlier: BenchRun | null): string {
  const before = new Map((earlier?.figures ?? []).map((figure) => [keyOf(figure), figure]));
  const header = ['group', 'figure', 'value', 'baseline (same run)', 'target', 'verdict', ...(earlier === null ? [] : [`${earlier.commit}`])];
  const rows = run.figures.map((figure) => {
    const old = before.get(keyOf(figure));
    return [
      figure.group,
      figure.read,
      value(figure, figure.value),
      figure.baseline === undefined ? '' : `${value(figure, figure.baseline.value)} (${figure.baseline.label})`,
      figure.target === undefined ? '' : `${figure.higherIsBetter === true ? '≥' : '≤'} ${value(figure, figure.target)}`,
      verdict(figure),
      ...(earlier === null ? [] : [old === undefined ? '' : value(old, old.value)]),
    ];
  });
  const missed = run.figures.filter((figure) => verdict(figure).startsWith('MISSED')).length;
  const targets = run.figures.filter((figure) => figure.target !== undefined).length;
  const title = `Summary: ${run.figures.length} figures from ${run.benches.length} benches at ${run.commit} (${run.machine.cpus} × ${run.machine.cpuModel}, Node ${run.machine.node}); ${targets - missed} of ${targets} targets met`;
  return run.figures.length === 0 ? `\n${title}\n` : `\n${title}\n\n${table(header, rows)}\n`;
}
