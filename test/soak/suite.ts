/**
 * What every soak suite is, and how their counts add up to the one summary line.
 *
 * A suite is a module in test/soak/suites/ exporting
 *   export async function run(setting: SoakSetting): Promise<SuiteResult>
 * `npm run soak` runs each at the full setting and `npm test` (test/integration/soak.test.ts) at the
 * short one. Counts are plain numbers; `kills`, `ops` and the names a suite lists in `info` are
 * figures, every other count is a failure that must be 0 (a suite that invents a new kind of failure
 * only has to count it).
 */

export type SoakLevel = 'short' | 'full';

export interface SoakSetting {
  /** `short`: npm test (minutes, still meaningful); `full`: npm run soak (the figures quality.md asks for). */
  readonly level: SoakLevel;
  /** Seeds the suite's random choices so that a run can be repeated. */
  readonly seed: number;
  /** Progress for the operator (stderr); never card data or secrets. */
  log(line: string): void;
}

export interface SuiteResult {
  readonly name: string;
  readonly counts: Readonly<Record<string, number>>;
  /** Counts that are figures rather than failures, besides `kills` and `ops` (e.g. `races`, `faults`). */
  readonly info?: readonly string[];
}

export type SoakSuite = (setting: SoakSetting) => Promise<SuiteResult>;

/** The summary line's columns, in its order; each is summed over the suites. */
export const SUMMARY_KEYS = ['kills', 'ops', 'doubles', 'lost', 'unresolved', 'unmanageable', 'sent_beyond_balance', 'wrong_success'] as const;

const ALWAYS_INFO: ReadonlySet<string> = new Set(['kills', 'ops']);

/** The counts of this result that must be 0 and are not. */
export function failuresOf(result: SuiteResult): Array<[string, number]> {
  const info = new Set([...ALWAYS_INFO, ...(result.info ?? [])]);
  return Object.entries(result.counts).filter(([name, value]) => !info.has(name) && value !== 0);
}

export function summaryLine(results: readonly SuiteResult[]): string {
  const totals = SUMMARY_KEYS.map((key) => `${key}=${results.reduce((sum, result) => sum + (result.counts[key] ?? 0), 0)}`);
  return `soak: ${totals.join(' ')}`;
}

/** One row per suite, one column per count any suite reported (summary columns first), plus its time. */
export function table(results: ReadonlyArray<SuiteResult & { readonly seconds?: number }>): string {
  const extra = [...new Set(results.flatMap((result) => Object.keys(result.counts)))].filter((key) => !(SUMMARY_KEYS as readonly string[]).includes(key)).sort();
  const columns = ['suite', ...SUMMARY_KEYS, ...extra, 'seconds'];
  const rows = results.map((result) => [
    result.name,
    ...[...SUMMARY_KEYS, ...extra].map((key) => (key in result.counts ? String(result.counts[key]) : '-')),
    result.seconds === undefined ? '-' : result.seconds.toFixed(1),
  ]);
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('  ');
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
