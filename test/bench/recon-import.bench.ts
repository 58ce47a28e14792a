/**
 * Reconciliation over 1,000,000 payments: the ledger (seeded in one SQL statement, cached like the
 * payment-search bench's) and the OPPWA statement the emulators' writer makes for it, with a few
 * thousand planted discrepancies of each kind (cached with its manifest). Times, each phase in a
 * process of its own so that its peak RSS is its own, and bundled as the console ships the core
 * (bundlePhases):
 *   parse          readStatement over a file stream, rows only;
 *   parse + match  the ledger read into the index, then every row matched, nothing saved;
 *   whole import   startReconImport through the SQLite port, every outcome saved (persist is the
 *                  difference with parse + match);
 * and the same match by pandas (test/bench/recon_pandas.py: read_csv + read_sql + merge) on the
 * same files. The correctness check compares every non-matched outcome with the manifest. Figures
 * against the issue's targets; nothing here is tuned to meet them. Every phase and pandas run
 * ROUNDS times in turn, and the medians are compared.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlantedDiscrepancy } from '../../shared/domain/sandbox-statement.ts';
import { CORE_PROCESS_FLAGS } from '../../electron/core/process-flags.ts';
import { LEDGER_MIGRATIONS } from '../../electron/core/ledger/migrations/index.ts';
import { checkDiscrepancies, ENTITY_ID, FEE_RULE, PROFILE_ID, seedReconLedger, writeReconStatement, type ReconCheck } from './recon-fixture.ts';
import { reportFigures } from './bench-kit.ts';
import type { PhaseResult } from './recon-phases.ts';
import type { ReconPhaseName } from './recon-phase-main.ts';
import { coreProcessOptions } from '../../build/scripts/build-electron.ts';
import { build } from 'esbuild';

const PAYMENTS = 1_000_000;
/** Bump when the seeded payments or the statement change, so cached files from an older seed are not reused. */
const SEED_VERSION = 2;
const TARGET = { importSeconds: 5, peakRssMiB: 1.5 * 1024 };
/** Rounds of every phase and pandas: `npm run bench -- recon --rounds 5`. */
const ROUNDS = ((): number => {
  const at = process.argv.indexOf('--rounds');
  const rounds = at === -1 ? 3 : Number(process.argv[at + 1]);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number of rounds, 1 or more');
  return rounds;
})();
const here = fileURLToPath(import.meta.url);

/**
 * The phases as the console ships them: bundled as the core host is (build-electron.ts), with the
 * statement's reading thread and the import's writing thread bundled beside them, where
 * statement-reader-thread.ts and recon-writer-thread.ts look for them. Run
 * from the TypeScript sources, the reading thread alone spent about 0.3 s more CPU stripping and
 * loading its modules, inside the timing.
 */
async function bundlePhases(folder: string): Promise<string> {
  const options = coreProcessOptions({ quiet: true });
  const phases = join(folder, 'recon-phases.cjs');
  await Promise.all([
    build({ ...options, entryPoints: [join(dirname(here), 'recon-phase-main.ts')], outfile: phases }),
    ...['statement-reader-worker', 'recon-writer-worker'].map((worker) =>
      build({ ...options, entryPoints: [fileURLToPath(new URL(`../../electron/core/recon/${worker}.ts`, import.meta.url))], outfile: join(folder, `${worker}.cjs`) }),
    ),
  ]);
  return phases;
}

function runPhase(phases: string, name: ReconPhaseName, statementFile: string, ledgerFile: string): PhaseResult {
  const run = spawnSync(process.execPath, [...CORE_PROCESS_FLAGS, phases, name, statementFile, ledgerFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`the ${name} phase failed (exit ${run.status ?? run.signal})`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as PhaseResult;
}

function cacheFolder(): string {
  const folder = process.env['CONSOLE_BENCH_CACHE'] ?? join(tmpdir(), 'payments-console-bench');
  mkdirSync(folder, { recursive: true });
  return folder;
}

function cachedLedger(folder: string): string {
  const file = join(folder, `recon-ledger-${PAYMENTS}-schema${LEDGER_MIGRATIONS.length}-seed${SEED_VERSION}.sqlite`);
  if (existsSync(file)) {
    console.log(`recon: reusing ${file}`);
    return file;
  }
  const building = `${file}.building-${process.pid}`;
  const started = Date.now();
  seedReconLedger(building, PAYMENTS);
  renameSync(building, file);
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  console.log(`recon: seeded ${PAYMENTS.toLocaleString('en')} payments in ${((Date.now() - started) / 1000).toFixed(1)} s → ${file}`);
  return file;
}

async function cachedStatement(folder: string): Promise<{ file: string; manifest: PlantedDiscrepancy[] }> {
  const file = join(folder, `recon-statement-${PAYMENTS}-seed${SEED_VERSION}.csv`);
  const manifestFile = `${file}.manifest.json`;
  if (existsSync(file) && existsSync(manifestFile)) {
    console.log(`recon: reusing ${file}`);
    return { file, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')) as PlantedDiscrepancy[] };
  }
  const started = Date.now();
  const building = `${file}.building-${process.pid}`;
  const manifest = await writeReconStatement(building, PAYMENTS);
  writeFileSync(manifestFile, JSON.stringify(manifest));
  renameSync(building, file);
  console.log(`recon: wrote the statement (${(statSync(file).size / 1e6).toFixed(0)} MB, ${manifest.length.toLocaleString('en')} planted) in ${((Date.now() - started) / 1000).toFixed(1)} s → ${file}`);
  return { file, manifest };
}

/**
 * Debian's python3-pandas is installed for Debian's own interpreter; a python3 earlier on PATH
 * (pyenv, a virtualenv) would not see it.
 */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Debian's python3-pandas, installed when missing and this process may (root, or sudo without a password). */
function pandasAvailable(): boolean {
  const probe = () => spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
  if (probe()) return true;
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!root && !sudo) {
    console.log('pandas: not installed, and installing python3-pandas needs root; the pandas column is skipped');
    return false;
  }
  console.log('pandas: installing python3-pandas (apt-get)…');
  const apt = (args: string[]) => spawnSync(sudo ? 'sudo' : 'apt-get', sudo ? ['-n', 'apt-get', ...args] : args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['install', '-y', 'python3-pandas']).status !== 0) apt(['update']);
  if (!probe() && apt(['install', '-y', 'python3-pandas']).status !== 0) {
    console.log('pandas: apt-get could not install python3-pandas; the pandas column is skipped');
    return false;
  }
  return probe();
}

interface PandasResult {
  readonly readCsvMs: number;
  readonly readLedgerMs: number;
  readonly mergeMs: number;
  readonly rows: number;
  readonly classes: Readonly<Record<string, number>>;
  readonly pandas: string;
  readonly peakRssMiB: number;
}

function runPandas(statementFile: string, ledgerFile: string): PandasResult | null {
  if (!pandasAvailable()) return null;
  const script = join(here, '..', 'recon_pandas.py');
  // /usr/bin/time would give its peak RSS but is not always installed; Python reports its own.
  const wrapper = `import resource, runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__'); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)`;
  const run = spawnSync(PYTHON, ['-c', wrapper, script, statementFile, ledgerFile, PROFILE_ID, ENTITY_ID, String(FEE_RULE.basisPoints), String(FEE_RULE.fixedMinor)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) {
    console.log(`pandas: the script failed (exit ${run.status ?? run.signal})`);
    return null;
  }
  const [json = '', rss = '0'] = run.stdout.trim().split('\n').slice(-2);
  return { ...(JSON.parse(json) as Omit<PandasResult, 'peakRssMiB'>), peakRssMiB: Number(rss) / 1024 };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en');
const mib = (value: number) => value.toFixed(0);

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
  for (const cells of rows) console.log(line(cells));
}

function describeCheck(what: string, check: ReconCheck): boolean {
  const ok = check.missed.length === 0 && check.falseOnes.length === 0;
  console.log(`${what}: ${check.found.toLocaleString('en')} of ${check.planted.toLocaleString('en')} planted discrepancies found in their expected class; ${check.missed.length} missed or misclassified; ${check.falseOnes.length} false${ok ? ' — OK' : ' — FAILED'}`);
  for (const entry of [...check.missed.slice(0, 5), ...check.falseOnes.slice(0, 5)]) console.log(`  ${entry}`);
  return ok;
}

async function main(): Promise<void> {
  const folder = cacheFolder();
  const bundled = mkdtempSync(join(tmpdir(), 'recon-bench-bundle-'));
  try {
    await measure(folder, await bundlePhases(bundled));
  } finally {
    rmSync(bundled, { recursive: true, force: true });
  }
}

async function measure(folder: string, phases: string): Promise<void> {
  const ledgerFile = cachedLedger(folder);
  const { file: statementFile, manifest } = await cachedStatement(folder);

  // This machine's speed drifts by a quarter from minute to minute: each phase and pandas run in
  // turn, ROUNDS times, and each figure is the median run's (the range is printed beside it).
  const runs: Array<{ parse: PhaseResult; match: PhaseResult; whole: PhaseResult; pandas: PandasResult | null }> = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    console.log(`recon: round ${round} of ${ROUNDS}`);
    const parseRun = runPhase(phases, 'parse', statementFile, ledgerFile);
    const matchRun = runPhase(phases, 'match', statementFile, ledgerFile);
    // The import adds a session to the ledger: it runs on a copy, so the cached file stays as seeded.
    const scratch = mkdtempSync(join(tmpdir(), 'recon-bench-'));
    try {
      const copy = join(scratch, 'ledger.sqlite');
      copyFileSync(ledgerFile, copy);
      // On disk before the timing starts: the copy's write-back (a gigabyte) would otherwise land in the import's commits.
      const written = openSync(copy, 'r+');
      try {
        fsyncSync(written);
      } finally {
        closeSync(written);
      }
      runs.push({ parse: parseRun, match: matchRun, whole: runPhase(phases, 'import', statementFile, copy), pandas: runPandas(statementFile, ledgerFile) });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const median = <T>(pick: (run: (typeof runs)[number]) => T, by: (value: T) => number): T => {
    const sorted = runs.map(pick).sort((a, b) => by(a) - by(b));
    return sorted[Math.floor((sorted.length - 1) / 2)] as T;
  };
  const spread = (values: number[]) => (values.length < 2 ? '' : ` (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`);
  const parse = median((run) => run.parse, (run) => run.ms);
  const match = median((run) => run.match, (run) => run.ms);
  const whole = median((run) => run.whole, (run) => run.ms);
  const pandasRuns = runs.map((run) => run.pandas).filter((run): run is PandasResult => run !== null);
  const pandasMs = (run: PandasResult) => run.readCsvMs + run.readLedgerMs + run.mergeMs;
  const pandas = pandasRuns.length === 0 ? null : median((run) => run.pandas as PandasResult, pandasMs);
  const ranges = {
    parse: spread(runs.map((run) => run.parse.ms)),
    match: spread(runs.map((run) => run.match.ms)),
    whole: spread(runs.map((run) => run.whole.ms)),
    pandas: spread(pandasRuns.map(pandasMs)),
  };

  const rows = parse.rows;
  const cpuOf = (run: PhaseResult) => `${seconds(run.cpu.coreMs)} / ${seconds(run.cpu.allMs)}`;
  const pandasTotal = pandas === null ? null : pandas.readCsvMs + pandas.readLedgerMs + pandas.mergeMs;
  const persistMs = whole.ms - match.ms;
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`\nReconciliation import: ${rows.toLocaleString('en')} statement rows (${(statSync(statementFile).size / 1e6).toFixed(0)} MB, OPPWA layout) against ${PAYMENTS.toLocaleString('en')} ledger payments (SQLite), each phase in its own process, bundled as the core host is\n`);
  table(
    ['phase', 'time s', 'rows/s', 'CPU s: core thread / all', 'peak RSS MiB', 'target', 'verdict'],
    [
      ['parse (readStatement over a file stream)', seconds(parse.ms) + ranges.parse, perSecond(rows, parse.ms), cpuOf(parse), mib(parse.peakRssMiB), '', ''],
      ['ledger read into the index (part of the next)', seconds(match.ledgerMs ?? 0), perSecond(PAYMENTS, match.ledgerMs ?? 0), '', '', '', ''],
      ['parse + match (ledger read, nothing saved)', seconds(match.ms) + ranges.match, perSecond(rows, match.ms), cpuOf(match), mib(match.peakRssMiB), pandasTotal === null ? 'no slower than pandas' : `≤ pandas ${seconds(pandasTotal)} s`, pandasTotal === null ? 'no pandas' : met(match.ms <= pandasTotal)],
      ['persist (whole import − parse + match)', seconds(persistMs), perSecond(rows, persistMs), '', '', '', ''],
      ['whole import (startReconImport, SQLite port)', seconds(whole.ms) + ranges.whole, perSecond(rows, whole.ms), cpuOf(whole), mib(whole.peakRssMiB), `≤ ${TARGET.importSeconds} s, ≤ ${mib(TARGET.peakRssMiB)} MiB`, `${met(whole.ms <= TARGET.importSeconds * 1000)} / ${met(whole.peakRssMiB <= TARGET.peakRssMiB)}`],
      ...(pandas === null
        ? [['pandas', 'unavailable', '', '', '', '', '']]
        : [
            [`pandas ${pandas.pandas}: read_csv`, seconds(pandas.readCsvMs), perSecond(pandas.rows, pandas.readCsvMs), '', '', '', ''],
            ['pandas: read_sql of the ledger', seconds(pandas.readLedgerMs), perSecond(PAYMENTS, pandas.readLedgerMs), '', '', '', ''],
            ['pandas: merge on gateway id + classify', seconds(pandas.mergeMs), perSecond(pandas.rows, pandas.mergeMs), '', '', '', ''],
            ['pandas: total', seconds(pandasTotal ?? 0) + ranges.pandas, perSecond(pandas.rows, pandasTotal ?? 0), '', mib(pandas.peakRssMiB), '', ''],
          ]),
    ],
  );
  console.log('');
  reportFigures([
    { group: 'reconciliation, 1,000,000 rows', read: 'whole import', unit: 's', value: whole.ms / 1000, target: TARGET.importSeconds, baseline: { label: 'parse alone', value: parse.ms / 1000 } },
    { group: 'reconciliation, 1,000,000 rows', read: 'whole import, peak RSS', unit: 'MiB', value: whole.peakRssMiB, target: TARGET.peakRssMiB },
    {
      group: 'reconciliation, 1,000,000 rows',
      read: 'parse + match',
      unit: 's',
      value: match.ms / 1000,
      ...(pandasTotal === null ? {} : { baseline: { label: 'pandas', value: pandasTotal / 1000 }, target: pandasTotal / 1000 }),
    },
  ]);
  const classNames = [...new Set([...Object.keys(match.classes ?? {}), ...Object.keys(whole.classes ?? {}), ...Object.keys(pandas?.classes ?? {})])].sort();
  table(
    ['class', 'match', 'saved session', 'pandas'],
    classNames.map((name) => [name, String(match.classes?.[name] ?? 0), String(whole.classes?.[name] ?? 0), pandas === null ? '' : String(pandas.classes[name] ?? 0)]),
  );
  console.log('');
  // Every round's outcome is checked, not only the median one's.
  const ok = runs.flatMap((run, round) => [
    describeCheck(`correctness, parse + match, round ${round + 1}`, checkDiscrepancies(manifest, run.match.discrepancies ?? [])),
    describeCheck(`correctness, saved session, round ${round + 1}`, checkDiscrepancies(manifest, run.whole.discrepancies ?? [])),
  ]);
  if (parse.skipped + match.skipped + whole.skipped > 0) console.log(`skipped rows: parse ${parse.skipped}, match ${match.skipped}, import ${whole.skipped}`);
  console.log('');
  if (ok.includes(false)) process.exitCode = 1;
}

await main();
