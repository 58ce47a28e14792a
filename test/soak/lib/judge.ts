/**
 * The end of every process suite: let the console finish what it can (recovery, sync of every
 * payment with an operation not final yet, until none is left or the deadline passes), then read
 * the ledger from disk and each emulator's book and compare them.
 */
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import type { SandboxBookPayment } from '../../../electron/core/sandbox/sandbox-book.ts';
import type { ConsoleProcess } from './console-process.ts';
import { readLedger, type LedgerPayment, type SoakLedger } from './ledger-snapshot.ts';
import { reconcile, type Reconciliation } from './reconcile.ts';
import type { SandboxProcess } from './sandbox-process.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Syncs until no operation is left without an outcome, or `deadlineMs` has passed. An operation
 * may legitimately wait a while (a refund the gateway settles later, a webhook being retried).
 */
export async function settle(instance: ConsoleProcess, deadlineMs: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let rounds = 0;
  for (;;) {
    const { unresolved, synced } = await instance.settle();
    rounds += 1;
    if (unresolved === 0) return;
    if (Date.now() > deadline) {
      log(`settle: ${unresolved} operation(s) still without an outcome after ${rounds} rounds (${synced} payment(s) synced in the last)`);
      return;
    }
    await sleep(1_000);
  }
}

export async function booksOf(sandbox: SandboxProcess, gatewayIds: readonly GatewayId[]): Promise<Map<string, SandboxBookPayment[]>> {
  const books = new Map<string, SandboxBookPayment[]>();
  for (const gatewayId of gatewayIds) books.set(gatewayId, await sandbox.book(gatewayId));
  return books;
}

export interface Judgement extends Reconciliation {
  readonly ledger: readonly LedgerPayment[];
  readonly books: ReadonlyMap<string, readonly SandboxBookPayment[]>;
  /** Operations the console journaled (every attempt, whatever became of it). */
  readonly operations: number;
  /** The same by kind, as figures: payments, mits, captures, refunds, voids. */
  readonly figures: Record<string, number>;
}

const FIGURE_OF: Readonly<Record<string, string>> = { purchase: 'payments', authorize: 'payments', mit: 'mits', capture: 'captures', refund: 'refunds', void: 'voids' };

export async function judge(sandbox: SandboxProcess, ledgerAt: SoakLedger, gatewayIds: readonly GatewayId[], log: (line: string) => void, name: string): Promise<Judgement> {
  const books = await booksOf(sandbox, gatewayIds);
  const ledger = await readLedger(ledgerAt);
  const verdict = reconcile(ledger, books);
  for (const finding of verdict.findings.slice(0, 25)) log(`${name}: ${finding}`);
  if (verdict.findings.length > 25) log(`${name}: … and ${verdict.findings.length - 25} more findings`);
  const figures: Record<string, number> = { payments: 0, mits: 0, captures: 0, refunds: 0, voids: 0 };
  for (const operation of ledger.flatMap((payment) => payment.operations)) {
    const figure = FIGURE_OF[operation.kind];
    if (figure !== undefined) figures[figure] = (figures[figure] ?? 0) + 1;
  }
  return { ...verdict, ledger, books, operations: ledger.reduce((sum, payment) => sum + payment.operations.length, 0), figures };
}
