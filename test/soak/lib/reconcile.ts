/**
 * The ledger against each gateway's own book, payment by payment and operation by operation. The
 * book is the truth: it says what the gateway did. What the counts mean:
 *
 * - doubles: the gateway did one thing twice (two payments or two operations under one merchant
 *   reference), or moved more on a payment than the ledger accounts for in any other way.
 * - lost: the gateway moved money (a payment, capture, refund or cancellation) that the ledger does
 *   not know, or records as failed or declined.
 * - unresolved: operations the ledger still has without an outcome (intent, sent, unknown, pending).
 * - unmanageable: the gateway took the payment but the ledger has no gateway id for it, so nothing
 *   more can be done on it from the console.
 * - wrong_success: the ledger says money moved where the gateway moved none, or bound the payment to
 *   another transaction.
 */
import type { SandboxBookOperation, SandboxBookPayment } from '../../../electron/core/sandbox/sandbox-book.ts';
import { INITIAL_KINDS, UNRESOLVED_STATES, type LedgerOperation, type LedgerPayment } from './ledger-snapshot.ts';

export interface ReconcileCounts {
  doubles: number;
  lost: number;
  unresolved: number;
  unmanageable: number;
  wrong_success: number;
}

export interface Reconciliation {
  readonly counts: ReconcileCounts;
  /** One line per finding, for the log. */
  readonly findings: readonly string[];
}

const NOTHING_MOVED: ReadonlySet<string> = new Set(['failed', 'declined']);
const BACK_OFFICE_KINDS = ['capture', 'refund', 'void'] as const;

function accepted(operation: SandboxBookOperation): boolean {
  return operation.state !== 'refused';
}

export function reconcile(ledger: readonly LedgerPayment[], books: ReadonlyMap<string, readonly SandboxBookPayment[]>): Reconciliation {
  const counts: ReconcileCounts = { doubles: 0, lost: 0, unresolved: 0, unmanageable: 0, wrong_success: 0 };
  const findings: string[] = [];
  const note = (count: keyof ReconcileCounts, line: string) => {
    counts[count] += 1;
    findings.push(`${count}: ${line}`);
  };

  for (const payment of ledger) {
    for (const operation of payment.operations) {
      if (UNRESOLVED_STATES.has(operation.state)) note('unresolved', `${payment.gatewayId} ${payment.merchantReference}: ${operation.kind} ${operation.merchantReference} is still ${operation.state}`);
    }
  }

  for (const [gatewayId, book] of books) {
    const ledgerByReference = new Map(ledger.filter((payment) => payment.gatewayId === gatewayId).map((payment) => [payment.merchantReference, payment]));
    const booked = new Map<string, SandboxBookPayment[]>();
    for (const entry of book) booked.set(entry.merchantReference, [...(booked.get(entry.merchantReference) ?? []), entry]);

    for (const [reference, entries] of booked) {
      const where = `${gatewayId} ${reference}`;
      const payment = ledgerByReference.get(reference);
      const initial = payment?.operations.find((operation) => INITIAL_KINDS.has(operation.kind));
      const taken = entries.filter((entry) => entry.state === 'succeeded');
      for (const extra of taken.slice(1)) note('doubles', `${where}: the gateway took the payment again as ${extra.gatewayId}`);
      if (taken.length > 0) {
        if (payment === undefined || initial === undefined) note('lost', `${where}: the gateway took ${taken[0]?.amountMinor} minor units the ledger does not know`);
        else if (NOTHING_MOVED.has(initial.state)) note('lost', `${where}: the gateway took the payment, the ledger says ${initial.state}`);
        if (payment !== undefined) {
          // Sayswitch's API names a transaction by its reference, so the console may keep that as the id.
          const ids = new Set(taken.flatMap((entry) => [entry.gatewayId, entry.merchantReference]));
          if (payment.gatewayTransactionId === null) note('unmanageable', `${where}: the gateway took the payment, the ledger has no gateway id for it`);
          else if (!ids.has(payment.gatewayTransactionId)) note('wrong_success', `${where}: bound to ${payment.gatewayTransactionId}, not to the gateway's ${taken[0]?.gatewayId}`);
        }
      } else if (initial?.state === 'succeeded' && entries.every((entry) => entry.state === 'failed')) {
        note('wrong_success', `${where}: the ledger says ${initial.kind} succeeded, the gateway failed it`);
      }
      const operations = entries.flatMap((entry) => entry.operations);
      if (payment === undefined) {
        for (const operation of operations.filter(accepted)) note('lost', `${where}: the gateway moved a ${operation.kind} on a payment the ledger does not know`);
        continue;
      }
      for (const kind of BACK_OFFICE_KINDS) compareOperations(where, kind, operations.filter((operation) => operation.kind === kind), payment.operations.filter((operation) => operation.kind === kind), note);
    }

    for (const payment of ledgerByReference.values()) {
      if (booked.has(payment.merchantReference)) continue;
      const initial = payment.operations.find((operation) => INITIAL_KINDS.has(operation.kind));
      if (initial?.state === 'succeeded') note('wrong_success', `${gatewayId} ${payment.merchantReference}: the ledger says ${initial.kind} succeeded, the gateway has no such payment`);
    }
  }
  return { counts, findings };
}

function compareOperations(
  where: string,
  kind: (typeof BACK_OFFICE_KINDS)[number],
  booked: readonly SandboxBookOperation[],
  journal: readonly LedgerOperation[],
  note: (count: keyof ReconcileCounts, line: string) => void,
): void {
  const moved = booked.filter(accepted);
  let explained = 0;
  const count = (what: keyof ReconcileCounts, line: string) => {
    explained += 1;
    note(what, `${where}: ${line}`);
  };
  if (moved.every((operation) => operation.merchantReference !== null)) {
    const byReference = new Map<string, number>();
    for (const operation of moved) byReference.set(operation.merchantReference ?? '', (byReference.get(operation.merchantReference ?? '') ?? 0) + 1);
    for (const [reference, times] of byReference) {
      if (times > 1) for (let extra = 1; extra < times; extra += 1) count('doubles', `the gateway performed ${kind} ${reference} ${times} times`);
      const recorded = journal.find((operation) => operation.merchantReference === reference);
      if (recorded === undefined) count('lost', `the gateway performed ${kind} ${reference}, the ledger does not know it`);
      else if (NOTHING_MOVED.has(recorded.state)) count('lost', `the gateway performed ${kind} ${reference}, the ledger says ${recorded.state}`);
    }
    for (const operation of journal) {
      if (operation.state === 'succeeded' && !byReference.has(operation.merchantReference)) count('wrong_success', `the ledger says ${kind} ${operation.merchantReference} succeeded, the gateway has no such ${kind}`);
    }
  } else {
    // No reference on the wire (Sayswitch refunds): compare how many.
    const recorded = journal.filter((operation) => operation.state === 'succeeded' || operation.state === 'pending').length;
    for (let missing = recorded; missing < moved.length; missing += 1) count('lost', `the gateway performed ${moved.length} ${kind}(s), the ledger records ${recorded}`);
    for (let extra = moved.length; extra < recorded; extra += 1) count('wrong_success', `the ledger records ${recorded} ${kind}(s), the gateway performed ${moved.length}`);
  }
  const gatewayMinor = moved.reduce((sum, operation) => sum + BigInt(operation.amountMinor), 0n);
  const ledgerMinor = journal.filter((operation) => !NOTHING_MOVED.has(operation.state)).reduce((sum, operation) => sum + operation.amountMinor, 0n);
  if (explained === 0 && gatewayMinor > ledgerMinor) count('doubles', `the gateway moved ${gatewayMinor} minor units by ${kind}, the ledger accounts for ${ledgerMinor}`);
}

/**
 * Refund requests the gateway received beyond what the payment had to refund, accepted or not: in
 * the order it received them, every request that takes the total asked past what was captured.
 */
export function refundsBeyondBalance(payment: SandboxBookPayment): number {
  const captured =
    payment.state !== 'succeeded'
      ? 0n
      : payment.kind === 'sale'
        ? BigInt(payment.amountMinor)
        : payment.operations.filter((operation) => operation.kind === 'capture' && accepted(operation)).reduce((sum, operation) => sum + BigInt(operation.amountMinor), 0n);
  let asked = 0n;
  let beyond = 0;
  for (const operation of payment.operations) {
    if (operation.kind !== 'refund') continue;
    asked += BigInt(operation.amountMinor);
    if (asked > captured) beyond += 1;
  }
  return beyond;
}
