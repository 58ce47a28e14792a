/**
 * What every bench shares: p50/p95 of a read from Node's own histogram, and the table the benches
 * print (old path next to new, in the same run). Figures only: nothing here passes or fails.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';

export interface Timing {
  readonly p50: number;
  readonly p95: number;
  readonly runs: number;
}

function record(histogram: RecordableHistogram, start: number): void {
  histogram.record(Math.max(1, Math.round((performance.now() - start) * 1e6)));
}

function timing(histogram: RecordableHistogram, runs: number): Timing {
  return { p50: histogram.percentile(50) / 1e6, p95: histogram.percentile(95) / 1e6, runs };
}

const warmUps = (runs: number) => Math.max(3, Math.floor(runs / 10));

/** Runs `read` after a warm-up (`warm` runs, else a tenth of `runs`, at least 3), `runs` times (ms). */
export function measure(read: () => unknown, runs: number, warm = warmUps(runs)): Timing {
  for (let i = 0; i < warm; i += 1) read();
  const histogram = createHistogram();
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    read();
    record(histogram, start);
  }
  return timing(histogram, runs);
}

/** The same for a read that answers a promise: each run waits for the answer, as a caller does. */
export async function measureAsync(read: () => Promise<unknown>, runs: number, warm = warmUps(runs)): Promise<Timing> {
  for (let i = 0; i < warm; i += 1) await read();
  const histogram = createHistogram();
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await read();
    record(histogram, start);
  }
  return timing(histogram, runs);
}

export function ms(value: number): string {
  return value < 0.1 ? value.toFixed(4) : value < 10 ? value.toFixed(3) : value.toFixed(1);
}

export interface ComparedRow {
  readonly read: string;
  readonly old: Timing;
  readonly now: Timing;
}

/**
 * One figure for `npm run bench`'s summary table and its JSON (test/bench/run.ts): the value, the
 * baseline measured in the same run, and the target where the product sets one. Lower is better
 * unless `higherIsBetter`.
 */
export interface Figure {
  /** The table it belongs to, e.g. "search, SQLite". */
  readonly group: string;
  readonly read: string;
  readonly unit: string;
  readonly value: number;
  readonly baseline?: { readonly label: string; readonly value: number };
  readonly target?: number;
  readonly higherIsBetter?: boolean;
}

/** Where run.ts collects figures; a bench run on its own (no run.ts) only prints its tables. */
export const FIGURES_FILE_ENV = 'CONSOLE_BENCH_FIGURES';

export function reportFigures(figures: readonly Figure[]): void {
  const file = process.env[FIGURES_FILE_ENV];
  if (file === undefined || figures.length === 0) return;
  appendFileSync(file, figures.map((figure) => `${JSON.stringify(figure)}\n`).join(''));
}

export interface ComparisonOptions {
  /** Short name of the table in the summary; the title is too long for a column. */
  readonly group?: string;
  /** The p95 (ms) each read must stay within, where the product sets one. */
  readonly targetP95Ms?: number;
  /** A last column judging each row. */
  readonly verdict?: { readonly header: string; of(row: ComparedRow): string };
}

/**
 * A markdown table: the first column left, the figures right; `ratio` compares p50s. Each row's
 * p95 goes to the summary with the old path's p95 as its baseline.
 */
export function printComparison(title: string, rows: readonly ComparedRow[], labels: { old: string; now: string } = { old: 'old', now: 'new' }, options: ComparisonOptions = {}): void {
  reportFigures(
    rows.map((row) => ({
      group: options.group ?? title,
      read: `${row.read}, p95`,
      unit: 'ms',
      value: row.now.p95,
      baseline: { label: labels.old, value: row.old.p95 },
      ...(options.targetP95Ms === undefined ? {} : { target: options.targetP95Ms }),
    })),
  );
  const { verdict } = options;
  const ratio = (row: ComparedRow) => {
    const value = row.old.p50 / row.now.p50;
    return value >= 10 ? `${Math.round(value)}×` : `${value.toFixed(2)}×`;
  };
  const header = ['read', `${labels.old} p50`, `${labels.old} p95`, `${labels.now} p50`, `${labels.now} p95`, `${labels.old}/${labels.now} p50`, 'runs', ...(verdict ? [verdict.header] : [])];
  const table = rows.map((row) => [row.read, ms(row.old.p50), ms(row.old.p95), ms(row.now.p50), ms(row.now.p95), ratio(row), `${row.old.runs}/${row.now.runs}`, ...(verdict ? [verdict.of(row)] : [])]);
  printTable(title, header, table);
}

/** A markdown table under its title: the first column left, the others right. */
export function printTable(title: string, header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
  for (const cells of rows) console.log(line(cells));
  console.log('');
}

/**
 * A bench that needs the OS keychain (the audit key) and was started without one starts itself
 * again under build/scripts/with-keychain.sh, in a keyring of its own, and exits with its status.
 */
export function rerunUnderKeychainIfNeeded(benchUrl: string): void {
  if (process.env['DBUS_SESSION_BUS_ADDRESS'] !== undefined || process.env['CONSOLE_BENCH_KEYCHAIN'] !== undefined) return;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const again = spawnSync('bash', ['build/scripts/with-keychain.sh', process.execPath, fileURLToPath(benchUrl), ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CONSOLE_BENCH_KEYCHAIN: '1', CONSOLE_PRIVATE_KEYRING: '1' },
  });
  process.exit(again.status ?? 1);
}
