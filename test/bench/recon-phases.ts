/**
 * The reconciliation import cut into the phases the bench times: the file parsed alone, parsed
 * and matched against the ledger without saving, and the whole import as the product runs it
 * (startReconImport saving every outcome through the SQLite port). Each answers its time and the
 * process's peak RSS, so run in a process of its own it gives that phase's own peak.
 */
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ReconClass } from '../../shared/domain/recon.ts';
import { createAuditor } from '../../electron/core/audit.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import { buildReconIndex, ledgerPaymentsForRecon, ledgerWindow, matchStatementBatches } from '../../electron/core/recon/matcher.ts';
import { createReconService } from '../../electron/core/recon/recon-service.ts';
import { readStatementOffThread } from '../../electron/core/recon/statement-reader-thread.ts';
import { threadBatchWriter } from '../../electron/core/recon/recon-writer-thread.ts';
import { discrepancyOf, PROFILE_ID, RECON_BENCH_MAPPING, RECON_MATCH_OPTIONS, type Discrepancy } from './recon-fixture.ts';

export interface PhaseResult {
  readonly ms: number;
  readonly rows: number;
  readonly skipped: number;
  /** Peak resident set of this process so far, in MiB. */
  readonly peakRssMiB: number;
  /** Outcomes per class (match and import). */
  readonly classes?: Readonly<Record<string, number>>;
  /** The non-matched outcomes (match and import), for the correctness check. */
  readonly discrepancies?: readonly Discrepancy[];
  /** Reading the ledger side into the index, part of `ms` (match and import). */
  readonly ledgerMs?: number;
  /** CPU time of the core's own thread, and of every thread of the process, over `ms`: steadier than the clock on a busy machine. */
  readonly cpu: { readonly coreMs: number; readonly allMs: number };
}

/** CPU used since `started` by this thread and by the whole process. */
function cpuSince(started: { thread: NodeJS.CpuUsage; all: NodeJS.CpuUsage }): PhaseResult['cpu'] {
  const thread = process.threadCpuUsage(started.thread);
  const all = process.cpuUsage(started.all);
  return { coreMs: (thread.user + thread.system) / 1000, allMs: (all.user + all.system) / 1000 };
}

const cpuNow = () => ({ thread: process.threadCpuUsage(), all: process.cpuUsage() });

const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;
/** As the product reads an imported file: on a thread of its own (statement-reader-thread.ts). */
const reading = (statementFile: string) => readStatementOffThread(createReadStream(statementFile, { highWaterMark: 1 << 20 }), RECON_BENCH_MAPPING);

export async function parsePhase(statementFile: string): Promise<PhaseResult> {
  const cpu = cpuNow();
  const started = performance.now();
  const statement = reading(statementFile);
  let rows = 0;
  for await (const batch of statement.batches()) rows += batch.length;
  const report = await statement.report;
  return { ms: performance.now() - started, cpu: cpuSince(cpu), rows, skipped: report.skipped.length, peakRssMiB: peakRssMiB() };
}

export async function matchPhase(statementFile: string, ledgerFile: string): Promise<PhaseResult> {
  const ledger = openSqliteLedgerPort(ledgerFile);
  try {
    const cpu = cpuNow();
    const started = performance.now();
    // As an import does: the file is parsed on its thread while the ledger is read here.
    const statement = reading(statementFile);
    const index = await buildReconIndex(ledgerPaymentsForRecon(ledger, ledgerWindow(PROFILE_ID, RECON_MATCH_OPTIONS)));
    const ledgerMs = performance.now() - started;
    const classes: Record<string, number> = {};
    const discrepancies: Discrepancy[] = [];
    let rows = 0;
    // As an import does: the rows that match cleanly are counted from their columns, never made into objects.
    for await (const batch of matchStatementBatches(statement.columnBatches(), index, RECON_MATCH_OPTIONS)) {
      const clean = batch.clean?.count ?? 0;
      rows += clean;
      classes['matched'] = (classes['matched'] ?? 0) + clean;
      for (const outcome of batch.outcomes) {
        if (outcome.row !== null) rows += 1;
        classes[outcome.reconClass] = (classes[outcome.reconClass] ?? 0) + 1;
        const discrepancy = discrepancyOf({ ...outcome, line: outcome.row?.line ?? null });
        if (discrepancy !== null) discrepancies.push(discrepancy);
      }
    }
    const report = await statement.report;
    return { ms: performance.now() - started, cpu: cpuSince(cpu), ledgerMs, rows, skipped: report.skipped.length, peakRssMiB: peakRssMiB(), classes, discrepancies };
  } finally {
    await ledger.close();
  }
}

/** The whole import into `ledgerFile` (a copy the caller throws away: it gains a session). */
export async function importPhase(statementFile: string, ledgerFile: string): Promise<PhaseResult> {
  const ledger = openSqliteLedgerPort(ledgerFile);
  try {
    const clock = { now: () => new Date() };
    const refuse = async (): Promise<never> => {
      throw new Error('an import makes no follow-up');
    };
    // As create-core.ts makes it for a SQLite ledger file: batches saved on a thread of their own.
    const service = createReconService({ ledger, auditor: createAuditor(ledger, clock), clock, payments: { sync: refuse, importPayment: refuse }, openBatchWriter: () => threadBatchWriter(ledgerFile) });
    const cpu = cpuNow();
    const started = performance.now();
    const statement = reading(statementFile);
    const { expectedFee, dateWindowMs, expectedInFile } = RECON_MATCH_OPTIONS;
    const session = await service.startReconImport(
      { batches: statement.columnBatches(), period: RECON_MATCH_OPTIONS.period, profileId: PROFILE_ID, source: statementFile, mapping: RECON_BENCH_MAPPING.name, merchantAccounts: RECON_MATCH_OPTIONS.merchantAccounts, match: { expectedFee, dateWindowMs, expectedInFile } },
      { context: { origin: 'cli', operator: 'bench' } },
    );
    const ms = performance.now() - started;
    const used = cpuSince(cpu);
    if (session.status !== 'done') throw new Error(`the import ended ${session.status}`);
    const report = await statement.report;
    const peak = peakRssMiB();
    // What was saved, read back through the repository outside the timing: the counts and the discrepancies as persisted.
    const classes: Record<string, number> = {};
    for (const line of await ledger.recon.summary(session.id)) classes[line.reconClass] = (classes[line.reconClass] ?? 0) + line.count;
    const discrepancies: Discrepancy[] = [];
    for (const reconClass of Object.keys(classes) as ReconClass[]) {
      if (reconClass === 'matched') continue;
      let cursor: string | null = null;
      do {
        const page = await ledger.recon.rows(session.id, { reconClass }, 1_000, cursor);
        for (const row of page.rows) {
          const discrepancy = discrepancyOf({ reconClass: row.reconClass, paymentId: row.paymentId, line: row.line });
          if (discrepancy !== null) discrepancies.push(discrepancy);
        }
        cursor = page.nextCursor;
      } while (cursor !== null);
    }
    return { ms, cpu: used, rows: report.rows, skipped: report.skipped.length, peakRssMiB: peak, classes, discrepancies };
  } finally {
    await ledger.close();
  }
}
