/**
 * `npm run soak`: every suite in test/soak/suites/ at the full setting, one after the other, then
 * one table and the summary line
 *   soak: kills=N ops=N doubles=0 lost=0 unresolved=0 unmanageable=0 sent_beyond_balance=0 wrong_success=0
 * The exit code is 1 when any count that must be 0 is not (or a suite failed to run).
 *
 *   node test/soak/run-soak.ts [--setting full|short] [--suite crash --suite race …] [--seed N]
 */
import { randomInt } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { failuresOf, mustBeZero, summaryLine, table, type SoakLedgerKind, type SoakLevel, type SoakOptions, type SoakSuite, type TableRow } from './suite.ts';

const SUITES_DIR = fileURLToPath(new URL('./suites/', import.meta.url));

export interface DiscoveredSuite {
  /** The module's name, and `@postgres` when the consoles share a PostgreSQL ledger. */
  readonly name: string;
  readonly run: SoakSuite;
  readonly ledger: SoakLedgerKind;
  /** Why this variant cannot run here (no PostgreSQL server); absent when it can. */
  readonly unavailable?: string;
  /** The module's own list of counts that are failures, if it gives one. */
  readonly mustBeZero?: readonly string[];
}

export interface SuiteOutcome extends TableRow {
  readonly seconds: number;
  readonly failures: ReadonlyArray<[string, number]>;
}

const postgresUnavailable = process.env['CONSOLE_TEST_PG_URL'] ? undefined : 'no PostgreSQL server (CONSOLE_TEST_PG_URL is unset; npm run soak and npm test start one)';

/**
 * Every module in test/soak/suites/ that exports `run`, by file name; a module that exports
 * `LEDGERS` once per ledger it runs its consoles on (SQLite alone otherwise).
 */
export async function discoverSuites(only: readonly string[] = []): Promise<DiscoveredSuite[]> {
  const files = readdirSync(SUITES_DIR)
    .filter((file) => file.endsWith('.ts'))
    .sort();
  const suites: DiscoveredSuite[] = [];
  for (const file of files) {
    const name = basename(file, '.ts');
    if (only.length > 0 && !only.includes(name)) continue;
    const module = (await import(pathToFileURL(`${SUITES_DIR}${file}`).href)) as { run?: SoakSuite; MUST_BE_ZERO?: readonly string[]; LEDGERS?: readonly SoakLedgerKind[] };
    if (typeof module.run !== 'function') throw new Error(`test/soak/suites/${file} exports no run(level, options)`);
    for (const ledger of module.LEDGERS ?? ['sqlite']) {
      suites.push({
        name: ledger === 'sqlite' ? name : `${name}@${ledger}`,
        run: module.run,
        ledger,
        ...(ledger === 'postgres' && postgresUnavailable !== undefined ? { unavailable: postgresUnavailable } : {}),
        ...(Array.isArray(module.MUST_BE_ZERO) ? { mustBeZero: module.MUST_BE_ZERO } : {}),
      });
    }
  }
  const missing = only.filter((name) => !suites.some((suite) => suite.name === name || suite.name.startsWith(`${name}@`)));
  if (missing.length > 0) throw new Error(`no such suite: ${missing.join(', ')}`);
  return suites;
}

export async function runSuite(suite: DiscoveredSuite, level: SoakLevel, options: SoakOptions & { log: (line: string) => void }): Promise<SuiteOutcome> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const run = await suite.run(level, { ...options, ledger: suite.ledger });
    const result = { ...run, name: suite.name };
    const failures = failuresOf({ name: result.name, counts: result.counts }, suite.mustBeZero);
    if (failures.length > 0) for (const example of (result.examples ?? []).slice(0, 20)) options.log(`${suite.name}: ${example.slice(0, 500)}`);
    const outcome = { name: result.name, counts: result.counts, ...(result.info ? { info: result.info } : {}) };
    return { ...outcome, seconds: seconds(), zero: mustBeZero(outcome, suite.mustBeZero), failures: failuresOf(outcome, suite.mustBeZero) };
  } catch (error) {
    options.log(`${suite.name}: the suite failed to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { name: suite.name, counts: { suite_errors: 1 }, seconds: seconds(), zero: ['suite_errors'], failures: [['suite_errors', 1]] };
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      setting: { type: 'string', default: 'full' },
      suite: { type: 'string', multiple: true, default: [] },
      seed: { type: 'string' },
    },
  });
  if (values.setting !== 'full' && values.setting !== 'short') {
    process.stderr.write('--setting is full or short\n');
    return 2;
  }
  const level = values.setting as SoakLevel;
  const seed = values.seed === undefined ? randomInt(2 ** 31) : Number(values.seed);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`soak: ${level} setting, seed ${seed}`);
  const outcomes: SuiteOutcome[] = [];
  for (const suite of await discoverSuites(values.suite)) {
    if (suite.unavailable !== undefined) {
      log(`soak: ${suite.name} skipped: ${suite.unavailable}`);
      continue;
    }
    log(`soak: ${suite.name}…`);
    const outcome = await runSuite(suite, level, { seed, log });
    log(`soak: ${suite.name} done in ${outcome.seconds.toFixed(1)} s`);
    outcomes.push(outcome);
  }
  process.stdout.write(`${table(outcomes)}\n${summaryLine(outcomes)}\n`);
  const failed = outcomes.flatMap((outcome) => outcome.failures.map(([name, value]) => `${outcome.name}.${name}=${value}`));
  if (failed.length > 0) process.stderr.write(`soak: FAILED: ${failed.join(' ')}\n`);
  return failed.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  process.exitCode = await main();
}
