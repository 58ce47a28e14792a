/**
 * Matches a gateway statement against the ledger in one pass: the period's payments are read once
 * into maps (by gateway id, by merchant reference, refunds by their gateway id), then every row is
 * classified as it streams past, and once the file has ended the payments no row claimed are the
 * ones missing from it. No query per row: a million rows against a million payments is a few map
 * look-ups each.
 *
 * Two-way (file ↔ ledger). A three-way match (bank statement ↔ gateway ↔ ledger) would run this
 * twice and join the outcomes on the payment id, which is why every outcome carries it.
 */
import type { ReconClass, StatementStatus } from '../../../shared/domain/recon.ts';
import { FINAL_PAYMENT_STATUSES, type PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { Ledger } from '../ledger/port.ts';
import type { ReconLedgerFilter, ReconLedgerPayment, ReconLedgerRefund } from '../ledger/types.ts';
import type { StatementRow } from './statement-row.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_DATE_WINDOW_MS = 3 * DAY_MS;
/** Payments read per page while loading the ledger side. */
const LEDGER_PAGE = 5_000;

export const ANOTHER_MERCHANT = 'another merchant';

export interface MatchOptions {
  /** The statement's period, [from, to): a payment created in it and final is expected in the file. */
  readonly period: { readonly from: Date; readonly to: Date };
  /** Our merchant account(s) at the gateway; a row naming another is not ours. Empty: not checked. */
  readonly merchantAccounts: readonly string[];
  /** How far a row's transaction time may be from the payment's creation when matched by reference. */
  readonly dateWindowMs?: number;
  /** The fee the gateway should have taken on a row, where a fee rule is configured; null: none. */
  readonly expectedFee?: (row: StatementRow) => bigint | null;
  /** Which final payments a file of this kind lists (a settlement file omits declined ones). Default: every final status. */
  readonly expectedInFile?: ReadonlySet<PaymentStatus>;
}

/** How one statement row, or one ledger payment no row claimed, ends up. */
export interface MatchOutcome {
  readonly reconClass: ReconClass;
  /** The statement row; null for a payment missing from the file. */
  readonly row: StatementRow | null;
  readonly paymentId: string | null;
  /** Why, in words, when the class alone does not say (another merchant, which field differs). */
  readonly reason: string | null;
  /** The ledger's side where a payment was found: amount, currency, status. */
  readonly ledger: { readonly amountMinor: bigint; readonly currency: string; readonly status: PaymentStatus } | null;
}

/**
 * Which of our statuses each statement status agrees with. Refunds, captures and chargebacks of a
 * payment are separate statement rows, so a payment row that says `succeeded` agrees with a
 * payment later refunded here too. The ledger has no charged-back status (chargebacks are
 * operations), so a charged-back payment row agrees with any status that moved money.
 */
const AGREEING_STATUSES: Readonly<Record<StatementStatus, ReadonlySet<PaymentStatus>>> = {
  succeeded: new Set(['authorized', 'partially_captured', 'captured', 'partially_refunded', 'refunded']),
  failed: new Set(['declined', 'failed', 'expired']),
  pending: new Set(['pending', 'requires_action', 'unknown']),
  refunded: new Set(['refunded']),
  partially_refunded: new Set(['partially_refunded']),
  voided: new Set(['voided']),
  charged_back: new Set(['captured', 'partially_captured', 'partially_refunded', 'refunded']),
};

/** Refund journal states a statement's refund row can confirm (a declined or failed refund moved nothing). */
const REFUND_MOVED: ReadonlySet<ReconLedgerRefund['state']> = new Set(['succeeded']);
const REFUND_OPEN: ReadonlySet<ReconLedgerRefund['state']> = new Set(['intent', 'sent', 'pending', 'unknown']);

/** The ledger side of a match, indexed for one pass. */
export class ReconIndex {
  readonly #byGatewayId = new Map<string, ReconLedgerPayment>();
  readonly #byReference = new Map<string, ReconLedgerPayment>();
  readonly #refundsByGatewayId = new Map<string, { payment: ReconLedgerPayment; refund: ReconLedgerRefund }>();
  readonly #payments: ReconLedgerPayment[] = [];

  add(payment: ReconLedgerPayment): void {
    this.#payments.push(payment);
    if (payment.gatewayTransactionId !== null) this.#byGatewayId.set(payment.gatewayTransactionId, payment);
    this.#byReference.set(payment.merchantReference, payment);
    for (const refund of payment.refunds) {
      if (refund.gatewayOperationId !== null) this.#refundsByGatewayId.set(refund.gatewayOperationId, { payment, refund });
    }
  }

  get size(): number {
    return this.#payments.length;
  }

  byGatewayId(id: string): ReconLedgerPayment | undefined {
    return this.#byGatewayId.get(id);
  }

  byReference(reference: string): ReconLedgerPayment | undefined {
    return this.#byReference.get(reference);
  }

  refundByGatewayId(id: string): { payment: ReconLedgerPayment; refund: ReconLedgerRefund } | undefined {
    return this.#refundsByGatewayId.get(id);
  }

  payments(): readonly ReconLedgerPayment[] {
    return this.#payments;
  }
}

/** The ledger read reconciliation needs: the profile's payments in the period widened by the date window. */
export async function* ledgerPaymentsForRecon(ledger: Pick<Ledger, 'views'>, filter: ReconLedgerFilter): AsyncGenerator<ReconLedgerPayment> {
  let cursor: string | null = null;
  do {
    const page = await ledger.views.paymentsForRecon(filter, LEDGER_PAGE, cursor);
    yield* page.rows;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

export async function buildReconIndex(payments: AsyncIterable<ReconLedgerPayment>): Promise<ReconIndex> {
  const index = new ReconIndex();
  for await (const payment of payments) index.add(payment);
  return index;
}

/** Where a row's payment is looked for: the period widened by the date window on both sides. */
export function ledgerWindow(profileId: string, options: MatchOptions): ReconLedgerFilter {
  const window = options.dateWindowMs ?? DEFAULT_DATE_WINDOW_MS;
  return { profileId, from: new Date(options.period.from.getTime() - window), to: new Date(options.period.to.getTime() + window) };
}

/**
 * Classifies each row as it comes, then (after the last row) yields one `missing_in_file` outcome
 * per payment final in the period that no row claimed.
 */
export async function* matchStatement(rows: AsyncIterable<StatementRow>, index: ReconIndex, options: MatchOptions): AsyncGenerator<MatchOutcome> {
  const matcher = new RowMatcher(index, options);
  for await (const row of rows) yield matcher.classify(row);
  yield* matcher.unclaimed();
}

/**
 * Classifies one row against the payment an operator linked it to by hand, with the same rules
 * as the matcher (amount, currency, status, fee; a refund row against that payment's refunds).
 */
export function classifyLinked(row: StatementRow, payment: ReconLedgerPayment, options: Pick<MatchOptions, 'expectedFee'>): MatchOutcome {
  const matchOptions: MatchOptions = { period: { from: new Date(0), to: new Date(0) }, merchantAccounts: [], ...(options.expectedFee ? { expectedFee: options.expectedFee } : {}) };
  return new RowMatcher(new ReconIndex(), matchOptions).classify(row, payment);
}

class RowMatcher {
  readonly #index: ReconIndex;
  readonly #options: MatchOptions;
  readonly #window: number;
  readonly #accounts: ReadonlySet<string>;
  /** Payments a payment row claimed, and refund operations a refund row claimed. */
  readonly #claimedPayments = new Set<string>();
  readonly #claimedRefunds = new Set<string>();
  /** (kind, gateway id) pairs seen, for duplicates the ledger cannot tell apart (rows of no payment). */
  readonly #seen = new Set<string>();

  constructor(index: ReconIndex, options: MatchOptions) {
    this.#index = index;
    this.#options = options;
    this.#window = options.dateWindowMs ?? DEFAULT_DATE_WINDOW_MS;
    this.#accounts = new Set(options.merchantAccounts);
  }

  /** `linked`: the payment an operator chose for the row, instead of looking one up. */
  classify(row: StatementRow, linked?: ReconLedgerPayment): MatchOutcome {
    if (this.#accounts.size > 0 && row.merchantAccount !== null && !this.#accounts.has(row.merchantAccount)) {
      return outcome('missing_in_ledger', row, null, `${ANOTHER_MERCHANT}: ${row.merchantAccount}`);
    }
    if (row.gatewayTransactionId !== null) {
      const key = `${row.kind}\u0000${row.gatewayTransactionId}`;
      // A refund row may carry its payment's id, and a payment may have several refunds: those are told apart by the refunds they claim.
      if (row.kind !== 'refund' && this.#seen.has(key)) return outcome('duplicate', row, this.#index.byGatewayId(row.gatewayTransactionId) ?? null, 'a second row with this gateway id');
      this.#seen.add(key);
    }
    if (row.kind === 'refund') return this.#refund(row, linked);
    const payment = linked ?? this.#find(row);
    if (payment === undefined) return outcome('missing_in_ledger', row, null, null);
    if (row.kind === 'payment') {
      if (this.#claimedPayments.has(payment.id)) return outcome('duplicate', row, payment, 'another row already matched this payment');
      this.#claimedPayments.add(payment.id);
      return this.#comparePayment(row, payment);
    }
    // Chargebacks and lone fees belong to a payment the ledger has; their amounts are not the sale's.
    if (row.currency !== payment.currency) return outcome('amount_mismatch', row, payment, `currency ${row.currency}, ledger ${payment.currency}`);
    if (row.kind === 'chargeback' && row.amountMinor > payment.amountMinor) return outcome('amount_mismatch', row, payment, 'chargeback larger than the payment');
    return outcome('matched', row, payment, null);
  }

  /** By gateway id first, then by merchant reference + currency inside the date window (inclusive). */
  #find(row: StatementRow): ReconLedgerPayment | undefined {
    if (row.gatewayTransactionId !== null) {
      const found = this.#index.byGatewayId(row.gatewayTransactionId);
      if (found !== undefined) return found;
    }
    if (row.merchantReference === null) return undefined;
    const candidate = this.#index.byReference(row.merchantReference);
    if (candidate === undefined || candidate.currency !== row.currency) return undefined;
    // The amount is not part of the key: a reference is unique per profile, so inside the window the
    // same reference is the same sale, and a different amount is that sale's amount mismatch rather
    // than a lone row plus a payment missing from the file, which would hide the cause.
    const at = row.transactionAt ?? row.settledAt;
    if (at !== null && Math.abs(at.getTime() - candidate.createdAt.getTime()) > this.#window) return undefined;
    return candidate;
  }

  #comparePayment(row: StatementRow, payment: ReconLedgerPayment): MatchOutcome {
    if (row.currency !== payment.currency) return outcome('amount_mismatch', row, payment, `currency ${row.currency}, ledger ${payment.currency}`);
    if (row.amountMinor !== payment.amountMinor) return outcome('amount_mismatch', row, payment, `amount ${row.amountMinor}, ledger ${payment.amountMinor}`);
    if (!AGREEING_STATUSES[row.status].has(payment.status)) return outcome('status_mismatch', row, payment, `${row.status} at the gateway, ${payment.status} here`);
    const fee = this.#feeDifference(row);
    if (fee !== null) return outcome('fee_difference', row, payment, fee);
    return outcome('matched', row, payment, null);
  }

  #feeDifference(row: StatementRow): string | null {
    if (row.feeMinor !== null && row.netMinor !== null && row.netMinor !== row.amountMinor - row.feeMinor) {
      return `net ${row.netMinor} ≠ gross ${row.amountMinor} − fee ${row.feeMinor}`;
    }
    const expected = this.#options.expectedFee?.(row) ?? null;
    if (expected !== null && row.feeMinor !== null && row.feeMinor !== expected) return `fee ${row.feeMinor}, expected ${expected}`;
    return null;
  }

  /** A refund row matches one refund operation of its payment, of the same amount; each operation once. */
  #refund(row: StatementRow, linked: ReconLedgerPayment | undefined): MatchOutcome {
    const direct = row.gatewayTransactionId === null || linked !== undefined ? undefined : this.#index.refundByGatewayId(row.gatewayTransactionId);
    const payment = linked ?? direct?.payment ?? this.#find(row);
    if (payment === undefined) return outcome('missing_in_ledger', row, null, null);
    if (row.currency !== payment.currency) return outcome('amount_mismatch', row, payment, `currency ${row.currency}, ledger ${payment.currency}`);
    const refund = direct?.refund ?? this.#unclaimedRefund(payment, row.amountMinor);
    if (refund === undefined) {
      const anyOfAmount = payment.refunds.some((r) => r.amountMinor === row.amountMinor && REFUND_MOVED.has(r.state));
      if (anyOfAmount) return outcome('duplicate', row, payment, 'every refund of this amount is already matched');
      const open = payment.refunds.find((r) => !this.#claimedRefunds.has(r.operationId) && (REFUND_MOVED.has(r.state) || REFUND_OPEN.has(r.state)));
      if (open !== undefined) {
        this.#claimedRefunds.add(open.operationId);
        return outcome('amount_mismatch', row, payment, `refund ${row.amountMinor}, ledger refund ${open.amountMinor}`);
      }
      return outcome('status_mismatch', row, payment, `refunded at the gateway, no refund here (${payment.status})`);
    }
    if (this.#claimedRefunds.has(refund.operationId)) return outcome('duplicate', row, payment, 'another row already matched this refund');
    this.#claimedRefunds.add(refund.operationId);
    if (refund.amountMinor !== row.amountMinor) return outcome('amount_mismatch', row, payment, `refund ${row.amountMinor}, ledger refund ${refund.amountMinor}`);
    if (!REFUND_MOVED.has(refund.state)) return outcome('status_mismatch', row, payment, `refunded at the gateway, refund ${refund.state} here`);
    const fee = this.#feeDifference(row);
    if (fee !== null) return outcome('fee_difference', row, payment, fee);
    return outcome('matched', row, payment, null);
  }

  #unclaimedRefund(payment: ReconLedgerPayment, amountMinor: bigint): ReconLedgerRefund | undefined {
    return payment.refunds.find((r) => r.amountMinor === amountMinor && REFUND_MOVED.has(r.state) && !this.#claimedRefunds.has(r.operationId))
      ?? payment.refunds.find((r) => r.amountMinor === amountMinor && REFUND_OPEN.has(r.state) && !this.#claimedRefunds.has(r.operationId));
  }

  *unclaimed(): Generator<MatchOutcome> {
    const expected = this.#options.expectedInFile ?? FINAL_PAYMENT_STATUSES;
    const from = this.#options.period.from.getTime();
    const to = this.#options.period.to.getTime();
    for (const payment of this.#index.payments()) {
      const created = payment.createdAt.getTime();
      if (created < from || created >= to || !expected.has(payment.status) || this.#claimedPayments.has(payment.id)) continue;
      yield outcome('missing_in_file', null, payment, null);
    }
  }
}

function outcome(reconClass: ReconClass, row: StatementRow | null, payment: ReconLedgerPayment | null, reason: string | null): MatchOutcome {
  return {
    reconClass,
    row,
    paymentId: payment?.id ?? null,
    reason,
    ledger: payment === null ? null : { amountMinor: payment.amountMinor, currency: payment.currency, status: payment.status },
  };
}
