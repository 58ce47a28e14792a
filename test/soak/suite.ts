/**
 * What every soak suite is, and how their counts add up to one table and the one summary line.
 *
 * A suite is a module in test/soak/suites/ exporting
 *   export async function run(level: 'short' | 'full', options?: { seed?: number; log?: (line: string) => void }): Promise<{ name, counts }>
 * and, optionally, `MUST_BE_ZERO`: the names of its counts that are failures. Without it, every
 * count but `kills`, `ops` and the names the result lists in `info` is a failure. The summary
 * line's failure columns (doubles, lost, …) must be 0 whatever the suite says. `npm run soak` runs
 * each suite at `full`; `npm test` (test/integration/soak.test.ts) at `short`.
 */

export type SoakLevel = 'short' | 'full';
/** Where the consoles of a process suite keep their ledger. */
export type SoakLedgerKind = 'sqlite' | 'postgres';

export interface SoakOptions {
  /** Seeds the suite's random choices (property-based suites replay a failure with it). */
  readonly seed?: number;
  /** Progress for the operator; never card data or secrets. */
  readonly log?: (line: string) => void;
  /** For suites that export `LEDGERS`: the ledger this run's consoles share (default SQLite). */
  readonly ledger?: SoakLedgerKind;
}

export interface SuiteResult {
  readonly name: string;
  readonly counts: Readonly<Record<string, number>>;
  /** Counts that are figures rather than failures, besides `kills` and `ops` (e.g. `races`, `faults`). */
  readonly info?: readonly string[];
  /** What went wrong, one line per case (a suite's own wording), printed when a must-be-zero count is not. */
  readonly examples?: readonly string[];
}

export type SoakSuite = (level: SoakLevel, options?: SoakOptions) => Promise<SuiteResult>;

/** The summary line's columns, in its order; each is summed over the suites. */
export const SUMMARY_KEYS = ['kills', 'ops', 'doubles', 'lost', 'unresolved', 'unmanageable', 'sent_beyond_balance', 'wrong_success'] as const;

const FIGURES: ReadonlySet<string> = new Set(['kills', 'ops']);
const SUMMARY_FAILURES: readonly string[] = SUMMARY_KEYS.filter((key) => !FIGURES.has(key));

/** The names of this result's counts that must be 0. */
export function mustBeZero(result: SuiteResult, declared?: readonly string[]): string[] {
  if (declared !== undefined) return [...new Set([...declared, ...SUMMARY_FAILURES])].filter((name) => name in result.counts);
  const info = new Set([...FIGURES, ...(result.info ?? [])]);
  return Object.keys(result.counts).filter((name) => !info.has(name));
}

/** The counts of this result that must be 0 and are not. */
export function failuresOf(result: SuiteResult, declared?: readonly string[]): Array<[string, number]> {
  return mustBeZero(result, declared)
    .map((name): [string, number] => [name, result.counts[name] ?? 0])
    .filter(([, value]) => value !== 0);
}

export function log(options: SoakOptions | undefined): (line: string) => void {
  return options?.log ?? ((line) => process.stderr.write(`${line}\n`));
}

export function summaryLine(results: readonly SuiteResult[]): string {
  const totals = SUMMARY_KEYS.map((key) => `${key}=${results.reduce((sum, result) => sum + (result.counts[key] ?? 0), 0)}`);
  return `soak: ${totals.join(' ')}`;
}

export interface TableRow extends SuiteResult {
  readonly seconds?: number;
  /** What `mustBeZero` gave for it. */
  readonly zero: readonly string[];
}

/**
 * One row per suite: the summary columns, then the suite's other counts that must be 0, then its
 * figures, then its time. Per-gateway breakdowns (`gateway:count`) stay out; suites log them.
 */
export function table(rows: readonly TableRow[]): string {
  const columns = ['suite', ...SUMMARY_KEYS, 'other (must be 0)', 'figures', 'seconds'];
  const pairs = (row: TableRow, wanted: (name: string) => boolean) =>
    Object.entries(row.counts)
      .filter(([name]) => !name.includes(':') && !(SUMMARY_KEYS as readonly string[]).includes(name) && wanted(name))
      .map(([name, value]) => `${name}=${value}`)
      .join(' ') || '-';
  const cells = rows.map((row) => [
    row.name,
    ...SUMMARY_KEYS.map((key) => (key in row.counts ? String(row.counts[key]) : '-')),
    pairs(row, (name) => row.zero.includes(name)),
    pairs(row, (name) => !row.zero.includes(name)),
    row.seconds === undefined ? '-' : row.seconds.toFixed(1),
  ]);
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((row) => (row[index] ?? '').length)));
  const textual = new Set([0, columns.length - 3, columns.length - 2]);
  const line = (values: readonly string[]) => values.map((value, index) => (textual.has(index) ? value.padEnd(widths[index] ?? 0) : value.padStart(widths[index] ?? 0))).join('  ').trimEnd();
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}
