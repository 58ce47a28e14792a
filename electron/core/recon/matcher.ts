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
import { FINAL_PAYMENT_STATUSES, PAYMENT_STATUSES, type PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { Ledger } from '../ledger/port.ts';
import { reconLedgerColumns } from '../ledger/recon-read.ts';
import type { ReconLedgerColumns, ReconLedgerFilter, ReconLedgerPayment, ReconLedgerOperation } from '../ledger/types.ts';
import type { StatementRow } from './statement-row.ts';
import { isStatementRowColumns, KINDS, STATUSES as STATEMENT_STATUSES, textStart, unpackStatementRow, type StatementBatch, type StatementRowColumns, type TextColumn } from './statement-row-columns.ts';
import { PackedStrings } from './packed-strings.ts';
import { StringSlotTable } from './string-slot-table.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_DATE_WINDOW_MS = 3 * DAY_MS;
/** Payments read per page while loading the ledger side: one unit of the ledger's time, a few tens of milliseconds. */
const LEDGER_PAGE = 10_000;

export const ANOTHER_MERCHANT = 'another merchant';

export interface MatchOptions {
  /** The statement's period, [from, to): a payment created in it and final is expected in the file. */
  readonly period: { readonly from: Date; readonly to: Date };
  /** Our merchant account(s) at the gateway; a row naming another is not ours. Empty: not checked. */
  readonly merchantAccounts: readonly string[];
  /** How far a row's transaction time may be from the payment's creation when matched by reference. */
  readonly dateWindowMs?: number;
  /** The fee the gateway should have taken on a row, where a fee rule is configured; null: none. */
  readonly expectedFee?: (row: FeeBasis) => bigint | null;
  /** Which final payments a file of this kind lists (a settlement file omits declined ones). Default: every final status. */
  readonly expectedInFile?: ReadonlySet<PaymentStatus>;
}

/** What of a row a fee rule may read. */
export type FeeBasis = Pick<StatementRow, 'kind' | 'status' | 'amountMinor' | 'currency'>;

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

/** AGREEING_STATUSES by code: [statement status code × PAYMENT_STATUSES.length + payment status code]. */
const AGREES = Uint8Array.from(STATEMENT_STATUSES.flatMap((statement) => PAYMENT_STATUSES.map((status) => (AGREEING_STATUSES[statement].has(status) ? 1 : 0))));
const PAYMENT_KIND = KINDS.indexOf('payment');

/** Journal states a statement's refund or chargeback row can confirm (a declined or failed refund moved nothing). */
const MOVED: ReadonlySet<ReconLedgerOperation['state']> = new Set(['succeeded']);
const OPEN: ReadonlySet<ReconLedgerOperation['state']> = new Set(['intent', 'sent', 'pending', 'unknown']);
const MONEY_BACK_WORDS: Readonly<Record<ReconLedgerOperation['kind'], { noun: string; done: string }>> = {
  refund: { noun: 'refund', done: 'refunded' },
  chargeback: { noun: 'chargeback', done: 'charged back' },
};

/** A payment read back from the index, built on demand; `slot` is its place in the index. */
export interface IndexedPayment extends ReconLedgerPayment {
  readonly slot: number;
}

const STATUSES: readonly PaymentStatus[] = PAYMENT_STATUSES;
const STATUS_CODES: ReadonlyMap<string, number> = new Map(STATUSES.map((status, code) => [status, code]));

function statusCode(status: PaymentStatus): number {
  const code = STATUS_CODES.get(status);
  if (code === undefined) throw new TypeError(`The ledger holds a payment status the matcher does not know: ${status}`);
  return code;
}
const NO_OPERATIONS: readonly ReconLedgerOperation[] = Object.freeze([]);

/**
 * A payment read back from the index: one fixed shape (cheap to make a million of), its texts and
 * creation Date made when read, as a match by gateway id reads neither its gateway id, nor its
 * reference, nor its creation.
 */
class IndexedPaymentView implements IndexedPayment {
  readonly slot: number;
  readonly status: PaymentStatus;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly refunds: readonly ReconLedgerOperation[];
  readonly chargebacks: readonly ReconLedgerOperation[];
  readonly #index: ReconIndex;
  #id: string | undefined;

  constructor(index: ReconIndex, slot: number, status: PaymentStatus, amountMinor: bigint, currency: string, refunds: readonly ReconLedgerOperation[], chargebacks: readonly ReconLedgerOperation[]) {
    this.#index = index;
    this.slot = slot;
    this.status = status;
    this.amountMinor = amountMinor;
    this.currency = currency;
    this.refunds = refunds;
    this.chargebacks = chargebacks;
  }

  get id(): string {
    // Read for every outcome of the payment (its row, its saved copy): made once.
    this.#id ??= this.#index.idOf(this.slot);
    return this.#id;
  }

  get gatewayTransactionId(): string | null {
    return this.#index.gatewayIdOf(this.slot);
  }

  get merchantReference(): string {
    return this.#index.referenceOf(this.slot);
  }

  get createdAt(): Date {
    return new Date(this.#index.createdMs(this.slot));
  }
}

/**
 * The ledger side of a match, indexed for one pass, in columns rather than one object per
 * payment: amounts and times in Float64Arrays, status and currency as small
 * codes, ids and references as bytes (packed-strings.ts), refunds only for payments that have
 * some. A million payments take a few hundred megabytes instead of the better part of a gigabyte.
 */
export class ReconIndex {
  readonly #ids = new PackedStrings();
  readonly #gatewayIds = new PackedStrings();
  readonly #references = new PackedStrings();
  readonly #byGatewayId = new StringSlotTable(this.#gatewayIds);
  readonly #byReference = new StringSlotTable(this.#references);
  /** Payments [0, #filed) are in the two tables above (see fileAdded). */
  #filed = 0;
  /**
   * Refunds and chargebacks that have a gateway id, by it: entry n is #operations[n] of the payment
   * in slot #operationSlots[n]. Typed and packed like the payments' keys, for the same reason:
   * two Maps took 0.2 s for the 100,000 refunds of a million payments.
   */
  readonly #operations: ReconLedgerOperation[] = [];
  readonly #operationSlots: number[] = [];
  readonly #operationGatewayIds = new PackedStrings();
  readonly #byOperationGatewayId = new StringSlotTable(this.#operationGatewayIds);
  /** Per slot: 0, or n for the payment whose refunds and chargebacks are #refunds[n − 1] and #chargebacks[n − 1]. */
  #moneyBackOf = new Int32Array(1024);
  readonly #refunds: Array<readonly ReconLedgerOperation[]> = [];
  readonly #chargebacks: Array<readonly ReconLedgerOperation[]> = [];
  readonly #currencies: string[] = [];
  readonly #currencyCodes = new Map<string, number>();
  #lastCurrency: string | null = null;
  #lastCurrencyCode = 0;
  #lastStatus: string | null = null;
  #lastStatusCode = 0;
  /** Amounts as doubles, exact (every amount a statement can carry is a safe integer); NaN for one that is not, kept in #largeAmounts. */
  #amounts = new Float64Array(1024);
  readonly #largeAmounts = new Map<number, bigint>();
  #created = new Float64Array(1024);
  #statuses = new Uint8Array(1024);
  #currencyOf = new Uint16Array(1024);
  #size = 0;

  /** One payment (a payment linked by hand). */
  add(payment: ReconLedgerPayment): void {
    this.addPage(reconLedgerColumns([payment]));
  }

  /** The page's payments [from, to). */
  addPage(page: ReconLedgerColumns, from = 0, to = page.ids.length): void {
    const first = this.#size - from;
    for (let at = from; at < to; at += 1) {
      const slot = this.#size;
      if (slot === this.#amounts.length) this.#grow();
      this.#size += 1;
      const gatewayTransactionId = page.gatewayTransactionIds[at] ?? null;
      const reference = page.merchantReferences[at] as string;
      this.#ids.push(page.ids[at] as string);
      this.#gatewayIds.push(gatewayTransactionId);
      this.#references.push(reference);
      const amount = page.amountsMinor[at] as bigint;
      const exact = Number(amount);
      if (Number.isSafeInteger(exact)) this.#amounts[slot] = exact;
      else {
        this.#amounts[slot] = Number.NaN;
        this.#largeAmounts.set(slot, amount);
      }
      this.#created[slot] = page.createdMs[at] as number;
      this.#statuses[slot] = this.#statusCode(page.statuses[at] as PaymentStatus);
      this.#currencyOf[slot] = this.#currencyCode(page.currencies[at] as string);
    }
    for (const [at, operations] of page.refunds) if (at >= from && at < to) this.#addOperations(first + at, operations, this.#refunds);
    for (const [at, operations] of page.chargebacks) if (at >= from && at < to) this.#addOperations(first + at, operations, this.#chargebacks);
  }

  /**
   * Files up to `limit` of the payments added since under their gateway id and reference; answers
   * whether all are filed. The tables are filled once the ledger side is read (buildReconIndex, a
   * turn at a time) or when first looked in, so that they are made at their final size rather than
   * grown a payment at a time (see string-slot-table.ts).
   */
  fileAdded(limit = Number.POSITIVE_INFINITY): boolean {
    const from = this.#filed;
    const to = Math.min(this.#size, from + limit);
    if (from === this.#size) return true;
    this.#byGatewayId.reserve(this.#size - from);
    this.#byReference.reserve(this.#size - from);
    for (let slot = from; slot < to; slot += 1) {
      if (!this.#gatewayIds.isNull(slot)) this.#byGatewayId.add(slot);
      this.#byReference.add(slot);
    }
    this.#filed = to;
    return to === this.#size;
  }

  #addOperations(slot: number, operations: readonly ReconLedgerOperation[], ofKind: Array<readonly ReconLedgerOperation[]>): void {
    let place = this.#moneyBackOf[slot] as number;
    if (place === 0) {
      this.#refunds.push(NO_OPERATIONS);
      this.#chargebacks.push(NO_OPERATIONS);
      place = this.#refunds.length;
      this.#moneyBackOf[slot] = place;
    }
    ofKind[place - 1] = operations;
    for (const operation of operations) {
      if (operation.gatewayOperationId === null) continue;
      this.#operations.push(operation);
      this.#operationSlots.push(slot);
      this.#operationGatewayIds.push(operation.gatewayOperationId);
      this.#byOperationGatewayId.add(this.#operations.length - 1);
    }
  }

  #statusCode(status: PaymentStatus): number {
    // Most payments of a period end alike: the last status answers most without hashing.
    if (status !== this.#lastStatus) {
      this.#lastStatusCode = statusCode(status);
      this.#lastStatus = status;
    }
    return this.#lastStatusCode;
  }

  #currencyCode(currency: string): number {
    // Payments come in runs of one currency: the last one answers most look-ups without hashing.
    if (currency === this.#lastCurrency) return this.#lastCurrencyCode;
    let code = this.#currencyCodes.get(currency);
    if (code === undefined) {
      code = this.#currencies.length;
      this.#currencies.push(currency);
      this.#currencyCodes.set(currency, code);
    }
    this.#lastCurrency = currency;
    this.#lastCurrencyCode = code;
    return code;
  }

  #grow(): void {
    // Fourfold, as packed-strings.ts grows and for its reason.
    const size = this.#amounts.length * 4;
    const amounts = new Float64Array(size);
    amounts.set(this.#amounts);
    this.#amounts = amounts;
    const created = new Float64Array(size);
    created.set(this.#created);
    this.#created = created;
    const statuses = new Uint8Array(size);
    statuses.set(this.#statuses);
    this.#statuses = statuses;
    const currencies = new Uint16Array(size);
    currencies.set(this.#currencyOf);
    this.#currencyOf = currencies;
    const moneyBack = new Int32Array(size);
    moneyBack.set(this.#moneyBackOf);
    this.#moneyBackOf = moneyBack;
  }

  get size(): number {
    return this.#size;
  }

  payment(slot: number): IndexedPayment {
    const moneyBack = (this.#moneyBackOf[slot] as number) - 1;
    return new IndexedPaymentView(
      this,
      slot,
      this.status(slot),
      this.amountOf(slot),
      this.#currencies[this.#currencyOf[slot] as number] as string,
      moneyBack === -1 ? NO_OPERATIONS : (this.#refunds[moneyBack] as readonly ReconLedgerOperation[]),
      moneyBack === -1 ? NO_OPERATIONS : (this.#chargebacks[moneyBack] as readonly ReconLedgerOperation[]),
    );
  }

  idOf(slot: number): string {
    return this.#ids.get(slot) as string;
  }

  gatewayIdOf(slot: number): string | null {
    return this.#gatewayIds.get(slot);
  }

  referenceOf(slot: number): string {
    return this.#references.get(slot) as string;
  }

  /** Whether row `at` of a text column is the payment's merchant reference, compared in place. */
  referenceIsAt(slot: number, column: TextColumn, at: number): boolean {
    if (column.missing[at] === 1) return false;
    return this.#references.equalsSlice(slot, column.text, textStart(column, at), column.ends[at] as number);
  }

  /** The slot of the payment with this gateway id. */
  slotOfGatewayId(id: string): number | undefined {
    if (this.#filed !== this.#size) this.fileAdded();
    return this.#byGatewayId.get(id);
  }

  /** The same for the gateway id at row `at` of a text column (none there: undefined), looked up in place. */
  slotOfGatewayIdAt(column: TextColumn, at: number): number | undefined {
    if (column.missing[at] === 1) return undefined;
    if (this.#filed !== this.#size) this.fileAdded();
    return this.#byGatewayId.getSlice(column.text, textStart(column, at), column.ends[at] as number);
  }

  status(slot: number): PaymentStatus {
    return STATUSES[this.#statuses[slot] as number] as PaymentStatus;
  }

  /** The payment's status as its place in PAYMENT_STATUSES. */
  statusCode(slot: number): number {
    return this.#statuses[slot] as number;
  }

  /** The payment's currency as a code of this index; `currencyCodeOf` gives a currency's. */
  currencyCode(slot: number): number {
    return this.#currencyOf[slot] as number;
  }

  /** The code of `currency` in this index, or -1 when no payment has it. */
  currencyCodeOf(currency: string): number {
    return this.#currencyCodes.get(currency) ?? -1;
  }

  /** Whether the payment's amount is `amount`, a safe integer (a ledger amount beyond 2^53 is NaN here, equal to none). */
  amountIs(slot: number, amount: number): boolean {
    return this.#amounts[slot] === amount;
  }

  amountOf(slot: number): bigint {
    const amount = this.#amounts[slot] as number;
    return Number.isNaN(amount) ? (this.#largeAmounts.get(slot) as bigint) : BigInt(amount);
  }

  createdMs(slot: number): number {
    return this.#created[slot] as number;
  }

  byGatewayId(id: string): IndexedPayment | undefined {
    const slot = this.slotOfGatewayId(id);
    return slot === undefined ? undefined : this.payment(slot);
  }

  byReference(reference: string): IndexedPayment | undefined {
    if (this.#filed !== this.#size) this.fileAdded();
    const slot = this.#byReference.get(reference);
    return slot === undefined ? undefined : this.payment(slot);
  }

  /** The refund or chargeback of this kind with this gateway id, and its payment. */
  operationByGatewayId(id: string, kind: ReconLedgerOperation['kind']): { payment: IndexedPayment; operation: ReconLedgerOperation } | undefined {
    const entry = this.#byOperationGatewayId.get(id);
    const operation = entry === undefined ? undefined : this.#operations[entry];
    return operation === undefined || operation.kind !== kind ? undefined : { payment: this.payment(this.#operationSlots[entry as number] as number), operation };
  }

}

/** The ledger read reconciliation needs: the profile's payments in the period widened by the date window. */
export async function* ledgerPaymentsForRecon(ledger: Pick<Ledger, 'views'>, filter: ReconLedgerFilter): AsyncGenerator<ReconLedgerColumns> {
  let cursor: string | null = null;
  do {
    const page = await ledger.views.paymentsForRecon(filter, LEDGER_PAGE, cursor);
    if (page.payments.ids.length > 0) yield page.payments;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/**
 * Payments indexed between two turns of the event loop. SQLite answers without giving one, and a
 * million payments would otherwise keep the core from every other request for seconds, and the
 * statement's reading thread from its bytes (measured: parse + match 6.8–7.9 s with a turn per
 * 10,000 payments, 5.3–6.1 s per 2,500, no better per 1,000).
 */
const INDEXED_PER_TURN = 2_500;
/** Payments filed under their keys between two turns (about as long as indexing INDEXED_PER_TURN). */
const FILED_PER_TURN = 10_000;

export async function buildReconIndex(pages: AsyncIterable<ReconLedgerColumns>): Promise<ReconIndex> {
  const index = new ReconIndex();
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  for await (const page of pages) {
    for (let from = 0; from < page.ids.length; from += INDEXED_PER_TURN) {
      index.addPage(page, from, Math.min(from + INDEXED_PER_TURN, page.ids.length));
      await nextTurn();
    }
  }
  while (!index.fileAdded(FILED_PER_TURN)) await nextTurn();
  return index;
}

/** Where a row's payment is looked for: the period widened by the date window on both sides. */
export function ledgerWindow(profileId: string, options: MatchOptions): ReconLedgerFilter {
  const window = options.dateWindowMs ?? DEFAULT_DATE_WINDOW_MS;
  return { profileId, from: new Date(options.period.from.getTime() - window), to: new Date(options.period.to.getTime() + window) };
}

/** Outcomes of payments missing from the file are handed out this many at a time. */
const UNCLAIMED_BATCH = 5_000;

/** Rows of a batch of columns that matched cleanly (see RowMatcher.cleanMatch), straight from the columns. */
export interface CleanMatches {
  readonly columns: StatementRowColumns;
  /** How many; `places` and `slots` hold that many. */
  readonly count: number;
  /** Each row's place in the batch (its index in `columns`), in order. */
  readonly places: Int32Array;
  /** The slot in the index of each row's payment. */
  readonly slots: Int32Array;
}

/** One batch of rows classified, in the batch's order once `outcomes` and `clean` are merged by place. */
export interface MatchedBatch {
  /** Rows in the batch (or payments missing from the file). */
  readonly size: number;
  /** Every outcome made one by one, each at the place beside it in `places`, in order. */
  readonly outcomes: readonly MatchOutcome[];
  readonly places: readonly number[];
  /** Rows of a batch of columns matched without an object each; null for a batch of objects. */
  readonly clean: CleanMatches | null;
}

const inOrder = (size: number): number[] => Array.from({ length: size }, (_, place) => place);

/**
 * Classifies each batch of rows as it comes, then (after the last row) yields the `missing_in_file`
 * outcomes: one per payment final in the period that no row claimed. A batch of columns (a
 * statement read on its thread) has its clean matches, most of its rows, found without making
 * an object of them; every other row is made into one and classified as a batch of objects is.
 */
export async function* matchStatementBatches(batches: AsyncIterable<StatementBatch>, index: ReconIndex, options: MatchOptions): AsyncGenerator<MatchedBatch> {
  const matcher = new RowMatcher(index, options);
  for await (const batch of batches) {
    if (isStatementRowColumns(batch)) yield matcher.classifyColumns(batch);
    else yield { size: batch.length, outcomes: batch.map((row) => matcher.classify(row)), places: inOrder(batch.length), clean: null };
  }
  let missing: MatchOutcome[] = [];
  for (const outcome of matcher.unclaimed()) {
    missing.push(outcome);
    if (missing.length >= UNCLAIMED_BATCH) {
      yield { size: missing.length, outcomes: missing, places: inOrder(missing.length), clean: null };
      missing = [];
    }
  }
  if (missing.length > 0) yield { size: missing.length, outcomes: missing, places: inOrder(missing.length), clean: null };
}

/** The outcomes of every row, in order, as objects (clean matches included). */
export function outcomesOf(batch: MatchedBatch, index: ReconIndex): MatchOutcome[] {
  const { clean } = batch;
  if (clean === null || clean.count === 0) return [...batch.outcomes];
  const all = new Array<MatchOutcome>(batch.size);
  batch.outcomes.forEach((outcome, at) => (all[batch.places[at] as number] = outcome));
  for (let at = 0; at < clean.count; at += 1) {
    all[clean.places[at] as number] = outcome('matched', unpackStatementRow(clean.columns, clean.places[at] as number), index.payment(clean.slots[at] as number), null);
  }
  return all;
}

/** matchStatementBatches with every outcome as an object. */
export async function* matchStatement(batches: AsyncIterable<StatementBatch>, index: ReconIndex, options: MatchOptions): AsyncGenerator<readonly MatchOutcome[]> {
  for await (const batch of matchStatementBatches(batches, index, options)) yield outcomesOf(batch, index);
}

/**
 * Classifies one row against the payment an operator linked it to by hand, with the same rules
 * as the matcher (amount, currency, status, fee; a refund row against that payment's refunds).
 */
export function classifyLinked(row: StatementRow, payment: ReconLedgerPayment, options: Pick<MatchOptions, 'expectedFee'>): MatchOutcome {
  const matchOptions: MatchOptions = { period: { from: new Date(0), to: new Date(0) }, merchantAccounts: [], ...(options.expectedFee ? { expectedFee: options.expectedFee } : {}) };
  const index = new ReconIndex();
  index.add(payment);
  return new RowMatcher(index, matchOptions).classify(row, index.payment(0));
}

class RowMatcher {
  readonly #index: ReconIndex;
  readonly #options: MatchOptions;
  readonly #window: number;
  readonly #accounts: ReadonlySet<string>;
  /** Payments a payment row claimed, and refunds and chargebacks a row of theirs claimed. */
  readonly #claimedPayments: Uint8Array;
  readonly #claimedOperations = new Set<string>();
  /** (kind, gateway id) pairs seen: per kind a mark per payment for ids the ledger has, text keys for the rest (rows of no payment). */
  readonly #seenBySlot = new Map<string, Uint8Array>();
  readonly #seen = new Set<string>();

  constructor(index: ReconIndex, options: MatchOptions) {
    this.#index = index;
    this.#options = options;
    this.#window = options.dateWindowMs ?? DEFAULT_DATE_WINDOW_MS;
    this.#accounts = new Set(options.merchantAccounts);
    // The index is complete before the first row: one byte per payment says whether a row claimed it.
    this.#claimedPayments = new Uint8Array(index.size);
  }

  classifyColumns(columns: StatementRowColumns): MatchedBatch {
    const index = this.#index;
    // Per batch: which of its merchant accounts are ours, and its currencies as the index's codes.
    const ours = Uint8Array.from(columns.merchantAccounts, (account) => (this.#accounts.size === 0 || account === null || this.#accounts.has(account) ? 1 : 0));
    const currencies = Int32Array.from(columns.currencies, (currency) => index.currencyCodeOf(currency));
    const places = new Int32Array(columns.size);
    const slots = new Int32Array(columns.size);
    let count = 0;
    const outcomes: MatchOutcome[] = [];
    const outcomePlaces: number[] = [];
    for (let at = 0; at < columns.size; at += 1) {
      const slot = this.cleanMatch(columns, at, ours, currencies);
      if (slot >= 0) {
        places[count] = at;
        slots[count] = slot;
        count += 1;
      } else {
        outcomes.push(this.classify(unpackStatementRow(columns, at)));
        outcomePlaces.push(at);
      }
    }
    return { size: columns.size, outcomes, places: outcomePlaces, clean: { columns, count, places, slots } };
  }

  /**
   * The slot of the payment row `at` of `columns` matches when the match is clean: a payment row
   * of ours, found by gateway id, the first row of that id and of that payment, agreeing in
   * currency, amount, status and fee. It is marked seen and claimed as classify marks it. Any
   * other row answers -1 with nothing marked, and classify takes it. `ours` and `currencies` are
   * the batch's merchant accounts (1: ours) and currencies (the index's codes).
   */
  cleanMatch(columns: StatementRowColumns, at: number, ours: Uint8Array, currencies: Int32Array): number {
    if (columns.kind[at] !== PAYMENT_KIND || ours[columns.merchantAccount[at] as number] !== 1) return -1;
    const index = this.#index;
    const slot = index.slotOfGatewayIdAt(columns.gatewayTransactionId, at);
    if (slot === undefined || this.#claimedPayments[slot] === 1 || this.#paymentRowsSeen?.[slot] === 1) return -1;
    const amount = columns.amountMinor[at] as number;
    if (currencies[columns.currency[at] as number] !== index.currencyCode(slot) || !index.amountIs(slot, amount)) return -1;
    const status = columns.status[at] as number;
    if (AGREES[status * PAYMENT_STATUSES.length + index.statusCode(slot)] !== 1) return -1;
    const fee = columns.feeMinor[at] as number;
    const net = columns.netMinor[at] as number;
    // A difference beyond 2^53 is not exact as a double: classify compares it as a BigInt.
    if (!Number.isNaN(fee) && !Number.isNaN(net) && (net !== amount - fee || !Number.isSafeInteger(amount - fee))) return -1;
    if (this.#options.expectedFee !== undefined && !Number.isNaN(fee)) {
      const basis: FeeBasis = { kind: 'payment', status: STATEMENT_STATUSES[status] as StatementStatus, amountMinor: BigInt(amount), currency: columns.currencies[columns.currency[at] as number] as string };
      const expected = this.#options.expectedFee(basis);
      if (expected !== null && BigInt(fee) !== expected) return -1;
    }
    this.#seenBeforeAt('payment', slot);
    this.#claimedPayments[slot] = 1;
    return slot;
  }

  /** Payments a payment row with their gateway id came in (the `payment` marks of #seenBefore), once there are any. */
  get #paymentRowsSeen(): Uint8Array | undefined {
    return this.#seenBySlot.get('payment');
  }

  /** `linked`: the payment an operator chose for the row, instead of looking one up. */
  classify(row: StatementRow, linked?: IndexedPayment): MatchOutcome {
    if (this.#accounts.size > 0 && row.merchantAccount !== null && !this.#accounts.has(row.merchantAccount)) {
      return outcome('missing_in_ledger', row, null, `${ANOTHER_MERCHANT}: ${row.merchantAccount}`);
    }
    // Looked up once: a map of a million ids hashes the row's id on every look-up.
    const slot = row.gatewayTransactionId === null ? undefined : this.#index.slotOfGatewayId(row.gatewayTransactionId);
    // A refund or chargeback row may carry its payment's id, and a payment may have several: those are told apart by the operations they claim.
    if (row.gatewayTransactionId !== null && row.kind !== 'refund' && row.kind !== 'chargeback' && this.#seenBefore(row.kind, row.gatewayTransactionId, slot)) {
      return outcome('duplicate', row, slot === undefined ? null : this.#index.payment(slot), 'a second row with this gateway id');
    }
    if (row.kind === 'refund' || row.kind === 'chargeback') return this.#moneyBack(row, row.kind, linked, slot);
    const payment = linked ?? this.#find(row, slot);
    if (payment === undefined) return outcome('missing_in_ledger', row, null, null);
    if (row.kind === 'payment') {
      if (this.#claimedPayments[payment.slot] === 1) return outcome('duplicate', row, payment, 'another row already matched this payment');
      this.#claimedPayments[payment.slot] = 1;
      return this.#comparePayment(row, payment);
    }
    // A lone fee belongs to a payment the ledger has; its amount is not the sale's.
    if (row.currency !== payment.currency) return outcome('amount_mismatch', row, payment, `currency ${row.currency}, ledger ${payment.currency}`);
    return outcome('matched', row, payment, null);
  }

  /** Whether a row of this kind and gateway id came before; marks this one as seen. */
  #seenBefore(kind: string, gatewayTransactionId: string, slot: number | undefined): boolean {
    if (slot === undefined) {
      const key = `${kind}\u0000${gatewayTransactionId}`;
      if (this.#seen.has(key)) return true;
      this.#seen.add(key);
      return false;
    }
    return this.#seenBeforeAt(kind, slot);
  }

  /** The same for a gateway id the ledger has, by its payment's slot. */
  #seenBeforeAt(kind: string, slot: number): boolean {
    let marks = this.#seenBySlot.get(kind);
    if (marks === undefined) this.#seenBySlot.set(kind, (marks = new Uint8Array(this.#index.size)));
    if (marks[slot] === 1) return true;
    marks[slot] = 1;
    return false;
  }

  /** By gateway id first, then by merchant reference + currency inside the date window (inclusive). */
  /** `slot`: where the row's gateway id is in the index, when it is. */
  #find(row: StatementRow, slot: number | undefined): IndexedPayment | undefined {
    if (slot !== undefined) return this.#index.payment(slot);
    if (row.merchantReference === null) return undefined;
    const candidate = this.#index.byReference(row.merchantReference);
    if (candidate === undefined || candidate.currency !== row.currency) return undefined;
    // The amount is not part of the key: a reference is unique per profile, so inside the window the
    // same reference is the same sale, and a different amount is that sale's amount mismatch rather
    // than a lone row plus a payment missing from the file, which would hide the cause.
    const at = row.transactionAt ?? row.settledAt;
    if (at !== null && Math.abs(at.getTime() - this.#index.createdMs(candidate.slot)) > this.#window) return undefined;
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

  /**
   * A refund row matches one refund operation of its payment, a chargeback row one chargeback the
   * console learnt of, of the same amount; each operation once. A chargeback at the gateway the
   * ledger has not heard of is a status mismatch: the money went back and the console does not know.
   */
  #moneyBack(row: StatementRow, kind: ReconLedgerOperation['kind'], linked: IndexedPayment | undefined, slot: number | undefined): MatchOutcome {
    const words = MONEY_BACK_WORDS[kind];
    const direct = row.gatewayTransactionId === null || linked !== undefined ? undefined : this.#index.operationByGatewayId(row.gatewayTransactionId, kind);
    const payment = linked ?? direct?.payment ?? this.#find(row, slot);
    if (payment === undefined) return outcome('missing_in_ledger', row, null, null);
    if (row.currency !== payment.currency) return outcome('amount_mismatch', row, payment, `currency ${row.currency}, ledger ${payment.currency}`);
    const operations = kind === 'refund' ? payment.refunds : payment.chargebacks;
    const operation = direct?.operation ?? this.#unclaimed(operations, row.amountMinor);
    if (operation === undefined) {
      const anyOfAmount = operations.some((o) => o.amountMinor === row.amountMinor && MOVED.has(o.state));
      if (anyOfAmount) return outcome('duplicate', row, payment, `every ${words.noun} of this amount is already matched`);
      const open = operations.find((o) => !this.#claimedOperations.has(o.operationId) && (MOVED.has(o.state) || OPEN.has(o.state)));
      if (open !== undefined) {
        this.#claimedOperations.add(open.operationId);
        return outcome('amount_mismatch', row, payment, `${words.noun} ${row.amountMinor}, ledger ${words.noun} ${open.amountMinor}`);
      }
      return outcome('status_mismatch', row, payment, `${words.done} at the gateway, no ${words.noun} here (${payment.status})`);
    }
    if (this.#claimedOperations.has(operation.operationId)) return outcome('duplicate', row, payment, `another row already matched this ${words.noun}`);
    this.#claimedOperations.add(operation.operationId);
    if (operation.amountMinor !== row.amountMinor) return outcome('amount_mismatch', row, payment, `${words.noun} ${row.amountMinor}, ledger ${words.noun} ${operation.amountMinor}`);
    if (!MOVED.has(operation.state)) return outcome('status_mismatch', row, payment, `${words.done} at the gateway, ${words.noun} ${operation.state} here`);
    const fee = this.#feeDifference(row);
    if (fee !== null) return outcome('fee_difference', row, payment, fee);
    return outcome('matched', row, payment, null);
  }

  #unclaimed(operations: readonly ReconLedgerOperation[], amountMinor: bigint): ReconLedgerOperation | undefined {
    return operations.find((o) => o.amountMinor === amountMinor && MOVED.has(o.state) && !this.#claimedOperations.has(o.operationId))
      ?? operations.find((o) => o.amountMinor === amountMinor && OPEN.has(o.state) && !this.#claimedOperations.has(o.operationId));
  }

  *unclaimed(): Generator<MatchOutcome> {
    const expected = this.#options.expectedInFile ?? FINAL_PAYMENT_STATUSES;
    const from = this.#options.period.from.getTime();
    const to = this.#options.period.to.getTime();
    for (let slot = 0; slot < this.#index.size; slot += 1) {
      const created = this.#index.createdMs(slot);
      if (created < from || created >= to || this.#claimedPayments[slot] === 1 || !expected.has(this.#index.status(slot))) continue;
      yield outcome('missing_in_file', null, this.#index.payment(slot), null);
    }
  }
}

function outcome(reconClass: ReconClass, row: StatementRow | null, payment: ReconLedgerPayment | null, reason: string | null): MatchOutcome {
  return {
    reconClass,
    row,
    paymentId: payment?.id ?? null,
    reason,
    // The payment itself answers amount, currency and status: no second object per row.
    ledger: payment,
  };
}
