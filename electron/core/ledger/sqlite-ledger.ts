/**
 * The default ledger: one SQLite file (node:sqlite) per desktop. Every write the core makes to
 * money-moving state goes through here, inside `transaction` where it has to be atomic.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';
import type { GatewayId, PaymentStatus } from '../../../shared/domain/schemas.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { WireRecord } from '../http/http-client.ts';
import { balancesByPayment, balancesFromRow, prepareBalanceQuery, SQLITE_BALANCES_OF_SQL } from './balances.ts';
import { openDatabase } from './database.ts';
import { requireCount, requirePageSize } from './ledger-arguments.ts';
import { PreparedStatements } from './prepared-statements.ts';
import { LEDGER_MIGRATIONS } from './migrations/index.ts';
import { applyMigrations } from './migrations/runner.ts';
import { instructionsToJson } from './payment-instructions.ts';
import {
  mandateFromRow,
  operationFromRow,
  paymentFromRow,
  POLL_QUEUE_SUBJECT_COLUMNS,
  POLL_QUEUE_SUBJECT_JOINS,
  pollFromRow,
  pollQueueRowFromRow,
  statusEventFromRow,
  tokenFromRow,
  wireFromRow,
} from './row-mappers.ts';
import { integer, isoDate, optionalIsoDate, text, type SqlRow } from './row-reader.ts';
import { SqliteReconInsert } from './sqlite-recon-insert.ts';
import { dashboardFiguresFromRows, dashboardQueries, type DashboardFigures, type DashboardFilter, type DashboardQuery } from './dashboard-query.ts';
import type { ReconRowEntry } from './recon-queries.ts';
import { textListParam } from './dialect-sql.ts';
import { moneyBackFromArrays, reconMoneyBackSql, reconPage, reconPageStart, reconPaymentsFromArrays, reconPaymentsSql } from './recon-read.ts';
import { SqliteAuditLog } from './sqlite-audit-log.ts';
import { SqliteCallRates } from './sqlite-call-rates.ts';
import type { TransactionOptions } from './port.ts';
import { DeferredWalSync } from './deferred-wal-sync.ts';
import { SqliteListSearch } from './sqlite-list-search.ts';
import { SearchIndexBehind, type SearchIndexName } from './search-index-behind.ts';
import { cursorAfter, decodeCursor, registerSearchFunctions } from './search.ts';
import { countSearchTotals } from './sqlite-search-totals.ts';
import type {

  AuditEntry,
  AuditFilter,
  AuditPage,
  AuditInput,
  AuditReport,
  AuditSeal,
  AuditVerification,
  Balances,
  Ledger,
  MandatePatch,
  MandateRow,
  NewMandate,
  NewOperation,
  NewPayment,
  OperationPatch,
  OperationRow,
  PaymentPatch,
  PaymentRow,
  PollEntry,
  PollQueuePage,
  ReconLedgerFilter,
  ReconLedgerPage,
  PollQueueState,
  PollQueueSummary,
  PollResult,
  SearchFilters,
  SearchPage,
  SearchSort,
  SearchTotals,
  NotificationReceipt,
  StatusEvent,
  StoredToken,
  StoredWire,
  WireCursor,
  WireLogPage,
} from './types.ts';
import { WIRE_COUNT_SQL, wireCountOf, wirePageOf, wirePageParams, wirePageSql, wireRepeatParams, wireRepeatSql } from './wire-log-queries.ts';

/** Both badge counts in one statement: each is an index-only count. */
const POLL_QUEUE_SUMMARY_SQL = `SELECT (SELECT COUNT(*) FROM poll_schedule) AS waiting, (SELECT COUNT(*) FROM payments WHERE status = 'needs_review') AS needs_review`;

/**
 * One page of the queue with its subjects joined in and the matching total beside it, so the view
 * costs one statement however long the queue is. The page walks the schedule's due-time index and
 * stops at the limit; the total is an index count (a window over the joined rows would join them all).
 */
function pollQueuePageSql(filter: { gatewayId?: GatewayId | undefined; state?: PollQueueState | undefined }): { sql: string; params: SQLInputValue[] } {
  const conditions: string[] = [];
  const values: SQLInputValue[] = [];
  if (filter.gatewayId !== undefined) {
    conditions.push('gateway_id = ?');
    values.push(filter.gatewayId);
  }
  if (filter.state !== undefined) conditions.push(filter.state === 'backing_off' ? 'failures > 0' : 'failures = 0');
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const sql = `
    SELECT q.*, ${POLL_QUEUE_SUBJECT_COLUMNS},
      (SELECT COUNT(*) FROM poll_schedule ${where}) AS total
    FROM (SELECT *, rowid AS schedule_order FROM poll_schedule ${where} ORDER BY next_check_at, rowid LIMIT ?) q ${POLL_QUEUE_SUBJECT_JOINS}
    ORDER BY q.next_check_at, q.schedule_order`;
  // In the order they appear: the total's filter, then the page's; the page size follows.
  return { sql, params: [...values, ...values] };
}

/** How long the change log keeps a row: far longer than any console takes to poll it (sqlite-port.ts). */
const CHANGE_LOG_KEEP_MS = 10 * 60_000;
const CHANGE_LOG_PRUNE_EVERY_MS = 60_000;

/** A row of the change log (migration 8): which payment changed, and which ledger instance changed it. */
export interface LoggedChange {
  readonly seq: number;
  readonly paymentId: string;
  readonly writer: string;
}

const SQLITE_CONSTRAINT_UNIQUE = 2067;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_FOREIGNKEY = 787;

function sqliteErrorCode(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('errcode' in error)) return null;
  const code = (error as { errcode: unknown }).errcode;
  return typeof code === 'number' ? code : null;
}

/**
 * `UPDATE <table> SET …` for the columns a patch names: an undefined value leaves the column alone,
 * null clears it. Returns null when there is nothing to set.
 */
function setClause(columns: Record<string, SQLInputValue | undefined>): { sql: string; params: SQLInputValue[] } | null {
  const names = Object.keys(columns).filter((name) => columns[name] !== undefined);
  if (names.length === 0) return null;
  return { sql: names.map((name) => `${name} = ?`).join(', '), params: names.map((name) => columns[name] as SQLInputValue) };
}

function isUniqueViolation(error: unknown): boolean {
  const code = sqliteErrorCode(error);
  return code === SQLITE_CONSTRAINT_UNIQUE || code === SQLITE_CONSTRAINT_PRIMARYKEY;
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Ends a transaction opened by `begin`: exactly one of the two, once. */
export interface TransactionHandle {
  commit(): void;
  rollback(): void;
}

export class SqliteLedger implements Ledger {
  readonly #db: DatabaseSync;
  /** These two read their rows as arrays (returnArrays), so they are not the shared cache's. */
  #reconPayments: StatementSync | undefined;
  #reconMoneyBack: StatementSync | undefined;
  #reconInsert: SqliteReconInsert | undefined;
  readonly #sql: PreparedStatements;
  readonly #balanceQuery: StatementSync;
  readonly #audit: SqliteAuditLog;
  readonly #callRates: SqliteCallRates;
  readonly #listSearch: SqliteListSearch;
  readonly #searchIndex: SearchIndexBehind;
  #transactionDepth = 0;
  /** Commits without an fsync of their own are synced here before the anchor vouches for them. */
  readonly #wal: DeferredWalSync;
  #closed = false;
  /** This instance's name in the change log, so it can tell its own changes from other consoles'. */
  readonly writer = randomUUID();
  #lastPrune = 0;

  constructor(db: DatabaseSync) {
    this.#db = db;
    registerSearchFunctions(db);
    this.#balanceQuery = prepareBalanceQuery(db);
    this.#sql = new PreparedStatements(db);
    this.#wal = new DeferredWalSync(db.location());
    this.#audit = new SqliteAuditLog(this.#sql, () => this.#db.isTransaction, () => this.#wal.syncNow());
    this.#callRates = new SqliteCallRates(this.#sql, (work) => this.transaction(work));
    this.#listSearch = new SqliteListSearch(db);
    this.#searchIndex = new SearchIndexBehind(db);
  }

  #statement(sql: string): StatementSync {
    return this.#sql.get(sql);
  }

  #one(sql: string, ...params: SQLInputValue[]): SqlRow | null {
    return this.#sql.one(sql, ...params);
  }

  #all(sql: string, ...params: SQLInputValue[]): SqlRow[] {
    return this.#sql.all(sql, ...params);
  }

  /**
   * The outermost call holds the write lock (BEGIN IMMEDIATE, so two consoles serialise at the
   * start rather than deadlock at the first write); inner calls are savepoints, so an inner
   * failure the caller catches undoes only the inner work.
   */
  transaction<T>(work: () => T): T {
    const unit = this.begin();
    let result: T;
    try {
      result = work();
      if (isThenable(result)) {
        throw new TypeError('Ledger transactions are synchronous: the work must not return a promise, or it would run after the commit');
      }
    } catch (error) {
      unit.rollback();
      throw error;
    }
    unit.commit();
    return result;
  }

  /**
   * Opens a transaction (or, inside one, a savepoint) that the returned handle ends: what the async
   * port's units of work are built on, since their work spans awaits.
   */
  begin(options: TransactionOptions = {}): TransactionHandle {
    const depth = this.#transactionDepth;
    const savepoint = `ledger_${depth}`;
    // SQLite takes the safety level only outside a transaction; it counts at the commit.
    const deferred = depth === 0 && options.deferFlush === true;
    if (deferred) this.#db.exec('PRAGMA synchronous = NORMAL');
    try {
      this.#db.exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    } catch (error) {
      if (deferred) this.#db.exec('PRAGMA synchronous = FULL');
      throw error;
    }
    this.#transactionDepth = depth + 1;
    let ended = false;
    const end = (): void => {
      if (ended) throw new Error('This ledger transaction has already ended');
      ended = true;
      this.#transactionDepth = depth;
      if (deferred) this.#db.exec('PRAGMA synchronous = FULL');
    };
    return {
      commit: () => {
        try {
          this.#db.exec(depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
          if (deferred) this.#wal.committed();
        } catch (error) {
          if (this.#db.isTransaction) {
            this.#undo(depth, savepoint);
          }
          end();
          throw error;
        }
        end();
        if (depth === 0) this.#audit.committed();
      },
      rollback: () => {
        // Some failures (disk full, I/O) make SQLite roll the whole transaction back itself; then
        // there is nothing left to undo, and trying would hide the original error.
        if (this.#db.isTransaction) this.#undo(depth, savepoint);
        end();
        if (depth === 0) this.#audit.rolledBack();
      },
    };
  }

  /**
   * Puts the WAL on the disk if a deferred commit left frames there that may not be yet: what the
   * audit anchor waits for, since an anchor ahead of the entries a power cut kept would read as
   * entries deleted. fsync covers the file whichever descriptor wrote it. A WAL that is gone was
   * checkpointed, which syncs it first.
   */
  #undo(depth: number, savepoint: string): void {
    if (depth === 0) {
      this.#db.exec('ROLLBACK');
    } else {
      this.#db.exec(`ROLLBACK TO ${savepoint}`);
      this.#db.exec(`RELEASE ${savepoint}`);
    }
  }

  insertPayment(payment: NewPayment): PaymentRow {
    return this.transaction(() => this.#insertPayment(payment));
  }

  #insertPayment(payment: NewPayment): PaymentRow {
    const createdAt = isoDate(payment.createdAt);
    try {
      this.#statement(`
        INSERT INTO payments (
          id, profile_id, profile_name, gateway_id, environment, kind, method, moto, status, currency,
          amount_minor, merchant_reference, description, customer_name, customer_email, customer_phone,
          card_brand, card_bin, card_last4, card_expiry_month, card_expiry_year, card_holder,
          imported, gateway_data, created_at, updated_at
        ) VALUES (
          :id, :profileId, :profileName, :gatewayId, :environment, :kind, :method, :moto, :status, :currency,
          :amountMinor, :merchantReference, :description, :customerName, :customerEmail, :customerPhone,
          :cardBrand, :cardBin, :cardLast4, :cardExpiryMonth, :cardExpiryYear, :cardHolder,
          :imported, '{}', :createdAt, :createdAt
        )`).run({
        id: payment.id,
        profileId: payment.profileId,
        profileName: payment.profileName,
        gatewayId: payment.gatewayId,
        environment: payment.environment,
        kind: payment.kind,
        method: payment.method,
        moto: payment.moto ? 1 : 0,
        status: payment.status,
        currency: payment.currency,
        amountMinor: payment.amountMinor,
        merchantReference: payment.merchantReference,
        description: payment.description,
        customerName: payment.customerName,
        customerEmail: payment.customerEmail,
        customerPhone: payment.customerPhone,
        cardBrand: payment.card?.brand ?? null,
        cardBin: payment.card?.bin ?? null,
        cardLast4: payment.card?.last4 ?? null,
        cardExpiryMonth: payment.card?.expiryMonth ?? null,
        cardExpiryYear: payment.card?.expiryYear ?? null,
        cardHolder: payment.card?.holder ?? null,
        imported: payment.imported ? 1 : 0,
        createdAt,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        const byReference = String((error as Error).message).includes('merchant_reference');
        throw byReference
          ? new ConflictError(`Profile ${payment.profileId} already has a payment with merchant reference ${payment.merchantReference}`, {
              merchantReference: 'Already used by another payment of this profile',
            })
          : new ConflictError(`A payment with id ${payment.id} already exists`);
      }
      throw error;
    }
    this.#logChange(payment.id);
    return this.#requirePayment(payment.id);
  }

  /**
   * Logs that a payment changed, inside the transaction that changes it (migration 8), and now and
   * then drops rows old enough that every console has read them.
   */
  #logChange(paymentId: string): void {
    const now = Date.now();
    this.#statement('INSERT INTO payment_changes (payment_id, writer, at) VALUES (?, ?, ?)').run(paymentId, this.writer, new Date(now).toISOString());
    if (now - this.#lastPrune < CHANGE_LOG_PRUNE_EVERY_MS) return;
    this.#lastPrune = now;
    this.#statement('DELETE FROM payment_changes WHERE at < ?').run(new Date(now - CHANGE_LOG_KEEP_MS).toISOString());
  }

  /** Change-log rows after `seq`, oldest first, from every writer. */
  changesSince(seq: number, limit: number): LoggedChange[] {
    return this.#all('SELECT seq, payment_id, writer FROM payment_changes WHERE seq > ? ORDER BY seq LIMIT ?', seq, limit).map((row) => ({
      seq: integer(row, 'seq'),
      paymentId: text(row, 'payment_id'),
      writer: text(row, 'writer'),
    }));
  }

  /** The newest change-log row's number (0 when empty): where a new reader starts. */
  lastChangeSeq(): number {
    return integer(this.#one('SELECT COALESCE(MAX(seq), 0) AS seq FROM payment_changes') ?? { seq: 0n }, 'seq');
  }

  /**
   * SQLite's counter of commits by other connections to this file: unchanged means nothing to read,
   * and asking costs no lock and no disk read.
   */
  dataVersion(): number {
    return integer(this.#one('PRAGMA data_version') ?? { data_version: 0n }, 'data_version');
  }

  getPayment(id: string): PaymentRow | null {
    const row = this.#one('SELECT * FROM payments WHERE id = ?', id);
    return row === null ? null : paymentFromRow(row);
  }

  #requirePayment(id: string): PaymentRow {
    const payment = this.getPayment(id);
    if (payment === null) throw new NotFoundError(`No payment with id ${id}`);
    return payment;
  }

  findPaymentByGatewayId(gatewayId: GatewayId, gatewayTransactionId: string): PaymentRow | null {
    const row = this.#one('SELECT * FROM payments WHERE gateway_id = ? AND gateway_transaction_id = ? ORDER BY seq DESC LIMIT 1', gatewayId, gatewayTransactionId);
    return row === null ? null : paymentFromRow(row);
  }

  updatePayment(id: string, patch: PaymentPatch, at: Date): PaymentRow {
    return this.transaction(() => {
      const current = this.#requirePayment(id);
      const update = setClause({
        updated_at: isoDate(at),
        status: patch.status,
        gateway_transaction_id: patch.gatewayTransactionId,
        gateway_data: patch.gatewayData === undefined ? undefined : JSON.stringify({ ...current.gatewayData, ...patch.gatewayData }),
        gateway_code: patch.gatewayCode,
        gateway_message: patch.gatewayMessage,
        pending_action: patch.pendingAction === undefined ? undefined : patch.pendingAction === null ? null : JSON.stringify(patch.pendingAction),
        instructions: patch.instructions === undefined ? undefined : patch.instructions === null ? null : instructionsToJson(patch.instructions),
        last_gateway_event_at: patch.lastGatewayEventAt === undefined ? undefined : optionalIsoDate(patch.lastGatewayEventAt),
      })!;
      this.#db.prepare(`UPDATE payments SET ${update.sql} WHERE id = ?`).run(...update.params, id);
      this.#logChange(id);
      return this.#requirePayment(id);
    });
  }

  findPaymentByMerchantReference(profileId: string, merchantReference: string): PaymentRow | null {
    const row = this.#one('SELECT * FROM payments WHERE profile_id = ? AND merchant_reference = ?', profileId, merchantReference);
    return row === null ? null : paymentFromRow(row);
  }

  /** Open means a poller may still learn something: neither final nor waiting for an operator. */
  listOpenPayments(limit: number): PaymentRow[] {
    requirePageSize('Open payments', limit);
    return this.#all("SELECT * FROM payments WHERE status IN ('pending', 'requires_action', 'unknown') ORDER BY created_at, seq LIMIT ?", limit).map(paymentFromRow);
  }

  countPaymentsWithStatus(status: PaymentStatus): number {
    return integer(this.#one('SELECT COUNT(*) AS n FROM payments WHERE status = ?', status) ?? { n: 0n }, 'n');
  }

  searchPayments(filters: SearchFilters, limit: number, cursor: string | null, sort: SearchSort = 'newest'): SearchPage {
    requirePageSize('Search', limit);
    if (hasText(filters.text)) this.#searchable('payments');
    const found = this.#listSearch.page(filters, limit, cursor === null ? null : decodeCursor(cursor), sort);
    const rows = found.slice(0, limit).map(paymentFromRow);
    const last = rows[rows.length - 1];
    const nextCursor = found.length > limit && last !== undefined ? cursorAfter(last, sort) : null;
    return { rows, nextCursor };
  }

  searchTotals(filters: SearchFilters): SearchTotals {
    this.textSearchable(filters);
    return countSearchTotals(this.#db, filters);
  }

  /**
   * Before a search with free text reads the payments' text index on any connection (the totals
   * thread has one of its own), what the index lacks is indexed (search-index-behind.ts).
   */
  textSearchable(filters: SearchFilters): void {
    if (hasText(filters.text)) this.#searchable('payments');
  }

  /** A free-text search finds every row committed before it: what the index lacks is indexed first. */
  #searchable(name: SearchIndexName): void {
    if (this.#searchIndex.behind(name)) this.transaction(() => this.#searchIndex.catchUp(name));
  }

  /**
   * Indexes up to `limit` rows of each table that its free-text index lacks; how many. The port
   * calls it after writes, so that a search seldom has many to index first. Its commit does not
   * wait for the disk: the text is derived, and a power cut that takes it takes its mark with it.
   */
  indexSearchText(limit: number): number {
    const behind = SEARCH_INDEXES.filter((name) => this.#searchIndex.behind(name));
    if (behind.length === 0) return 0;
    const unit = this.begin({ deferFlush: true });
    let indexed = 0;
    try {
      for (const name of behind) indexed += this.#searchIndex.catchUp(name, limit);
    } catch (error) {
      unit.rollback();
      throw error;
    }
    unit.commit();
    return indexed;
  }

  paymentsForRecon(filter: ReconLedgerFilter, limit: number, cursor: string | null): ReconLedgerPage {
    requirePageSize('Reconciliation', limit);
    const after = reconPageStart(filter, cursor);
    if (this.#reconPayments === undefined) {
      this.#reconPayments = this.#db.prepare(reconPaymentsSql('sqlite'));
      this.#reconPayments.setReturnArrays(true);
    }
    const payments = reconPaymentsFromArrays(this.#reconPayments.all(filter.profileId, after.createdAt, after.id, isoDate(filter.to), limit) as unknown as SQLOutputValue[][]);
    if (!payments.hasMoneyBack) return reconPage(payments, [], limit);
    if (this.#reconMoneyBack === undefined) {
      this.#reconMoneyBack = this.#db.prepare(reconMoneyBackSql('sqlite'));
      this.#reconMoneyBack.setReturnArrays(true);
    }
    const asked = payments.moneyBackIds();
    const moneyBack = this.#reconMoneyBack.all(textListParam('sqlite', asked) as string) as unknown as SQLOutputValue[][];
    return reconPage(payments, moneyBackFromArrays(moneyBack, asked.length), limit);
  }

  dashboardFigures(filter: DashboardFilter): DashboardFigures {
    const [groups, declines] = dashboardQueries(filter, 'sqlite');
    const rowsOf = (query: DashboardQuery): SqlRow[] => this.#db.prepare(query.sql).all(...(query.params as SQLInputValue[])) as SqlRow[];
    return dashboardFiguresFromRows(rowsOf(groups), rowsOf(declines));
  }

  /** Statements written once for both backends (recon-queries.ts, mit-batch-queries.ts). */
  statementRows(sql: string, params: readonly unknown[]): SqlRow[] {
    return this.#sql.all(sql, ...(params as SQLInputValue[]));
  }

  statementChanges(sql: string, params: readonly unknown[]): number {
    return Number(this.#sql.get(sql).run(...(params as SQLInputValue[])).changes);
  }

  /** See SqlDb.changedUnflushed. */
  statementChangesUnflushed(sql: string, params: readonly unknown[]): number {
    return this.#unflushed(() => this.statementChanges(sql, params));
  }

  /**
   * `write` committed in WAL mode without the fsync that `synchronous = FULL` makes every commit
   * wait for (about as long as the rest of a batch row's bookkeeping together, on a busy disk). A
   * later FULL commit syncs the WAL, and with it this write, which comes before it in the file.
   */
  #unflushed<T>(write: () => T): T {
    if (this.#db.isTransaction) return write();
    this.#db.exec('PRAGMA synchronous = NORMAL');
    try {
      return write();
    } finally {
      this.#db.exec('PRAGMA synchronous = FULL');
    }
  }

  insertReconRows(sessionId: string, rows: readonly ReconRowEntry[]): void {
    this.#reconInsert ??= new SqliteReconInsert((sql) => this.#sql.get(sql));
    const insert = this.#reconInsert;
    this.transaction(() => insert.insert(sessionId, rows));
  }

  insertOperation(operation: NewOperation): OperationRow {
    return this.transaction(() => {
      const payment = this.getPayment(operation.paymentId);
      if (payment === null) throw new NotFoundError(`No payment with id ${operation.paymentId}`);
      if (payment.currency !== operation.currency) {
        throw new ValidationError(`The operation is in ${operation.currency} but payment ${payment.id} is in ${payment.currency}`, {
          currency: `Must be ${payment.currency}, the payment's currency`,
        });
      }
      try {
        this.#statement(`
          INSERT INTO operations (id, payment_id, kind, amount_minor, currency, merchant_reference, reason, operator, state, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'intent', ?)`).run(
          operation.id,
          operation.paymentId,
          operation.kind,
          operation.amountMinor,
          operation.currency,
          operation.merchantReference,
          operation.reason,
          operation.operator,
          isoDate(operation.createdAt),
        );
      } catch (error) {
        if (isUniqueViolation(error)) {
          const byReference = String((error as Error).message).includes('merchant_reference');
          throw byReference
            ? new ConflictError(`An operation with merchant reference ${operation.merchantReference} is already in the journal`, {
                merchantReference: 'Already used by another operation',
              })
            : new ConflictError(`An operation with id ${operation.id} already exists`);
        }
        if (sqliteErrorCode(error) === SQLITE_CONSTRAINT_FOREIGNKEY) throw new NotFoundError(`No payment with id ${operation.paymentId}`);
        throw error;
      }
      this.#logChange(operation.paymentId);
      return this.#requireOperation(operation.id);
    });
  }

  getOperation(id: string): OperationRow | null {
    const row = this.#one('SELECT * FROM operations WHERE id = ?', id);
    return row === null ? null : operationFromRow(row);
  }

  #requireOperation(id: string): OperationRow {
    const operation = this.getOperation(id);
    if (operation === null) throw new NotFoundError(`No operation with id ${id}`);
    return operation;
  }

  updateOperation(id: string, patch: OperationPatch): OperationRow {
    const update = setClause({
      state: patch.state,
      gateway_operation_id: patch.gatewayOperationId,
      gateway_code: patch.gatewayCode,
      gateway_message: patch.gatewayMessage,
      sent_at: patch.sentAt === undefined ? undefined : optionalIsoDate(patch.sentAt),
      completed_at: patch.completedAt === undefined ? undefined : optionalIsoDate(patch.completedAt),
      in_flight_until: patch.inFlightUntil === undefined ? undefined : optionalIsoDate(patch.inFlightUntil),
      lease_owner: patch.leaseOwner,
    });
    if (update === null) return this.#requireOperation(id);
    return this.transaction(() => {
      const result = this.#db.prepare(`UPDATE operations SET ${update.sql} WHERE id = ?`).run(...update.params, id);
      if (Number(result.changes) === 0) throw new NotFoundError(`No operation with id ${id}`);
      const operation = this.#requireOperation(id);
      this.#logChange(operation.paymentId);
      return operation;
    });
  }

  findOperationByMerchantReference(merchantReference: string): OperationRow | null {
    const row = this.#one('SELECT * FROM operations WHERE merchant_reference = ?', merchantReference);
    return row === null ? null : operationFromRow(row);
  }

  /** Gateways do not promise their operation ids are unique across our payments; the newest wins. */
  findOperationByGatewayId(gatewayOperationId: string): OperationRow | null {
    const row = this.#one('SELECT * FROM operations WHERE gateway_operation_id = ? ORDER BY seq DESC LIMIT 1', gatewayOperationId);
    return row === null ? null : operationFromRow(row);
  }

  listOperations(paymentId: string): OperationRow[] {
    return this.#all('SELECT * FROM operations WHERE payment_id = ? ORDER BY seq', paymentId).map(operationFromRow);
  }

  listUnresolvedOperations(): OperationRow[] {
    return this.#all(
      "SELECT * FROM operations WHERE state IN ('intent', 'sent', 'unknown') OR (state = 'pending' AND kind IN ('capture', 'refund', 'void', 'rebill')) ORDER BY created_at, seq",
    ).map(operationFromRow);
  }

  listPaymentsMissingGatewayId(limit: number): PaymentRow[] {
    return this.#all(
      `SELECT p.* FROM payments p
        WHERE p.gateway_transaction_id IS NULL AND p.imported = 0
          AND EXISTS (SELECT 1 FROM operations o WHERE o.payment_id = p.id AND o.kind IN ('purchase', 'authorize', 'mit') AND o.state IN ('succeeded', 'pending'))
        ORDER BY p.created_at LIMIT ?`,
      limit,
    ).map(paymentFromRow);
  }

  balances(paymentId: string): Balances {
    const row = this.#balanceQuery.get(paymentId) as SqlRow | undefined;
    if (row === undefined) throw new NotFoundError(`No payment with id ${paymentId}`);
    return balancesFromRow(row);
  }

  balancesOf(paymentIds: readonly string[]): Map<string, Balances> {
    return paymentIds.length === 0 ? new Map() : balancesByPayment(this.#all(SQLITE_BALANCES_OF_SQL, JSON.stringify(paymentIds)));
  }

  addStatusEvent(event: StatusEvent): void {
    try {
      this.#statement('INSERT INTO status_events (payment_id, at, from_status, to_status, source, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
        event.paymentId,
        isoDate(event.at),
        event.from,
        event.to,
        event.source,
        event.detail,
      );
    } catch (error) {
      if (sqliteErrorCode(error) === SQLITE_CONSTRAINT_FOREIGNKEY) throw new NotFoundError(`No payment with id ${event.paymentId}`);
      throw error;
    }
  }

  listStatusEvents(paymentId: string): StatusEvent[] {
    return this.#all('SELECT * FROM status_events WHERE payment_id = ? ORDER BY seq', paymentId).map(statusEventFromRow);
  }

  /**
   * A wire entry waits for no disk flush of its own (see #unflushed): the answer it carries is
   * journaled next, and that commit makes it durable; a call whose answer a power cut kept from the
   * journal is looked up again by recovery.
   */
  record(entry: WireRecord): void {
    this.#unflushed(() => this.#recordWire(entry));
  }

  #recordWire(entry: WireRecord): void {
    const repeat = wireRepeatParams(entry);
    if (repeat !== null && Number(this.#statement(wireRepeatSql('sqlite')).run(...(repeat as SQLInputValue[])).changes) === 1) return;
    this.#statement(`
      INSERT INTO wire_log (
        id, gateway_id, payment_id, operation_id, at, method, url, request_headers, request_body,
        response_status, response_headers, response_body, duration_ms, error
      ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      randomUUID(),
      entry.gatewayId,
      entry.paymentId,
      entry.operationId,
      isoDate(entry.at),
      entry.method,
      entry.url,
      JSON.stringify(entry.requestHeaders),
      entry.requestBody,
      entry.responseStatus,
      JSON.stringify(entry.responseHeaders),
      entry.responseBody,
      Math.round(entry.durationMs),
      entry.error,
    );
  }

  listWire(paymentId: string): StoredWire[] {
    return this.#all('SELECT * FROM wire_log WHERE payment_id = ? ORDER BY at, seq', paymentId).map(wireFromRow);
  }

  wirePage(paymentId: string, limit: number, before: WireCursor | null): WireLogPage {
    return wirePageOf(this.#all(wirePageSql('sqlite', before !== null), ...(wirePageParams(paymentId, limit, before) as SQLInputValue[])), limit);
  }

  wireCount(paymentId: string): number {
    return wireCountOf(this.#all(WIRE_COUNT_SQL, paymentId));
  }

  insertToken(token: StoredToken): void {
    try {
      this.#statement(`
        INSERT INTO tokens (id, profile_id, gateway_id, token_value, brand, last4, expiry_month, expiry_year, holder, origin_payment_id, status, gateway_data, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        token.id,
        token.profileId,
        token.gatewayId,
        token.tokenValue,
        token.brand,
        token.last4,
        token.expiryMonth,
        token.expiryYear,
        token.holder,
        token.originPaymentId,
        token.status,
        JSON.stringify(token.gatewayData),
        isoDate(token.createdAt),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`Token ${token.id} (or the same token value for profile ${token.profileId}) is already stored`);
      if (sqliteErrorCode(error) === SQLITE_CONSTRAINT_FOREIGNKEY) throw new NotFoundError(`No payment with id ${token.originPaymentId ?? ''}`);
      throw error;
    }
  }

  listTokens(profileId?: string): StoredToken[] {
    const rows =
      profileId === undefined
        ? this.#all("SELECT * FROM tokens WHERE status = 'active' ORDER BY created_at DESC, seq DESC")
        : this.#all("SELECT * FROM tokens WHERE status = 'active' AND profile_id = ? ORDER BY created_at DESC, seq DESC", profileId);
    return rows.map(tokenFromRow);
  }

  getToken(id: string): StoredToken | null {
    const row = this.#one('SELECT * FROM tokens WHERE id = ?', id);
    return row === null ? null : tokenFromRow(row);
  }

  /** The row stays (payments made with it still name it); only its use for new charges ends. */
  deleteToken(id: string): boolean {
    const result = this.#statement("UPDATE tokens SET status = 'deleted' WHERE id = ? AND status = 'active'").run(id);
    return Number(result.changes) > 0;
  }

  insertMandate(mandate: NewMandate): MandateRow {
    const createdAt = isoDate(mandate.createdAt);
    try {
      this.#statement(`
        INSERT INTO mandates (id, profile_id, gateway_id, merchant_reference, phone, customer_name, mandate_type, status, gateway_data, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)`).run(
        mandate.id,
        mandate.profileId,
        mandate.gatewayId,
        mandate.merchantReference,
        mandate.phone,
        mandate.customerName,
        mandate.mandateType,
        mandate.status,
        createdAt,
        createdAt,
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        const byReference = String((error as Error).message).includes('merchant_reference');
        throw byReference
          ? new ConflictError(`Profile ${mandate.profileId} already has a mandate with merchant reference ${mandate.merchantReference}`, {
              merchantReference: 'Already used by another mandate of this profile',
            })
          : new ConflictError(`A mandate with id ${mandate.id} already exists`);
      }
      throw error;
    }
    return this.#requireMandate(mandate.id);
  }

  getMandate(id: string): MandateRow | null {
    const row = this.#one('SELECT * FROM mandates WHERE id = ?', id);
    return row === null ? null : mandateFromRow(row);
  }

  #requireMandate(id: string): MandateRow {
    const mandate = this.getMandate(id);
    if (mandate === null) throw new NotFoundError(`No mandate with id ${id}`);
    return mandate;
  }

  findMandateByGatewayId(profileId: string, gatewayMandateId: string): MandateRow | null {
    const row = this.#one('SELECT * FROM mandates WHERE profile_id = ? AND gateway_mandate_id = ?', profileId, gatewayMandateId);
    return row === null ? null : mandateFromRow(row);
  }

  updateMandate(id: string, patch: MandatePatch, at: Date): MandateRow {
    return this.transaction(() => {
      const current = this.#requireMandate(id);
      const update = setClause({
        updated_at: isoDate(at),
        status: patch.status,
        gateway_mandate_id: patch.gatewayMandateId,
        limit_minor: patch.limitMinor,
        currency: patch.currency,
        expires_at: patch.expiresAt === undefined ? undefined : optionalIsoDate(patch.expiresAt),
        gateway_code: patch.gatewayCode,
        gateway_message: patch.gatewayMessage,
        gateway_data: patch.gatewayData === undefined ? undefined : JSON.stringify({ ...current.gatewayData, ...patch.gatewayData }),
      })!;
      try {
        this.#db.prepare(`UPDATE mandates SET ${update.sql} WHERE id = ?`).run(...update.params, id);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError(`Profile ${current.profileId} already has a mandate with gateway id ${patch.gatewayMandateId ?? ''}`, {
            gatewayMandateId: 'Already recorded on another mandate of this profile',
          });
        }
        throw error;
      }
      return this.#requireMandate(id);
    });
  }

  listMandates(profileId?: string): MandateRow[] {
    const rows =
      profileId === undefined
        ? this.#all('SELECT * FROM mandates ORDER BY created_at DESC, seq DESC')
        : this.#all('SELECT * FROM mandates WHERE profile_id = ? ORDER BY created_at DESC, seq DESC', profileId);
    return rows.map(mandateFromRow);
  }

  recordNotification(receipt: NotificationReceipt): boolean {
    const result = this.#statement(`
      INSERT INTO notifications (profile_id, event_id, received_at, subject, gateway_transaction_id)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (profile_id, event_id) DO NOTHING`).run(
      receipt.profileId,
      receipt.eventId,
      isoDate(receipt.receivedAt),
      receipt.subject,
      receipt.gatewayTransactionId,
    );
    return Number(result.changes) === 1;
  }

  ensurePoll(entry: Parameters<Ledger['ensurePoll']>[0]): PollEntry {
    return this.transaction(() => {
      this.#statement(`
        INSERT INTO poll_schedule (subject, subject_id, gateway_id, profile_id, first_seen_at, next_check_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (subject, subject_id) DO NOTHING`).run(
        entry.subject,
        entry.subjectId,
        entry.gatewayId,
        entry.profileId,
        isoDate(entry.firstSeenAt),
        isoDate(entry.nextCheckAt),
      );
      return this.#requirePoll(entry.subject, entry.subjectId);
    });
  }

  getPoll(subject: PollEntry['subject'], subjectId: string): PollEntry | null {
    const row = this.#one('SELECT * FROM poll_schedule WHERE subject = ? AND subject_id = ?', subject, subjectId);
    return row === null ? null : pollFromRow(row);
  }

  #requirePoll(subject: PollEntry['subject'], subjectId: string): PollEntry {
    const entry = this.getPoll(subject, subjectId);
    if (entry === null) throw new NotFoundError(`No ${subject} ${subjectId} on the polling schedule`);
    return entry;
  }

  recordPollResult(subject: PollEntry['subject'], subjectId: string, result: PollResult): PollEntry {
    requireCount('Poll attempts', result.attempts);
    requireCount('Poll failures', result.failures);
    // A check's result lost to a power cut only brings the next check forward.
    return this.#unflushed(() => this.transaction(() => {
      const updated = this.#statement(`
        UPDATE poll_schedule
        SET next_check_at = ?, last_checked_at = ?, attempts = ?, failures = ?, last_answer = ?, last_error = ?
        WHERE subject = ? AND subject_id = ?`).run(
        isoDate(result.nextCheckAt),
        isoDate(result.lastCheckedAt),
        result.attempts,
        result.failures,
        result.lastAnswer,
        result.lastError,
        subject,
        subjectId,
      );
      if (Number(updated.changes) === 0) throw new NotFoundError(`No ${subject} ${subjectId} on the polling schedule`);
      return this.#requirePoll(subject, subjectId);
    }));
  }

  /** Never pushes a check later: "sync now" must not undo an earlier retry the backoff chose. */
  pollSoon(subject: PollEntry['subject'], subjectId: string, at: Date): void {
    const soon = isoDate(at);
    this.#statement('UPDATE poll_schedule SET next_check_at = ? WHERE subject = ? AND subject_id = ? AND next_check_at > ?').run(soon, subject, subjectId, soon);
  }

  removePoll(subject: PollEntry['subject'], subjectId: string): boolean {
    const result = this.#statement('DELETE FROM poll_schedule WHERE subject = ? AND subject_id = ?').run(subject, subjectId);
    return Number(result.changes) > 0;
  }

  /** Ties keep the order the entries were scheduled in (rowid), which both indexes already carry. */
  duePolls(now: Date, limit: number): PollEntry[] {
    requirePageSize('Due polls', limit);
    return this.#all('SELECT * FROM poll_schedule WHERE next_check_at <= ? ORDER BY next_check_at, rowid LIMIT ?', isoDate(now), limit).map(pollFromRow);
  }

  listPolls(filter: { gatewayId?: GatewayId | undefined; limit: number }): PollEntry[] {
    requirePageSize('Poll schedule', filter.limit);
    const rows =
      filter.gatewayId === undefined
        ? this.#all('SELECT * FROM poll_schedule ORDER BY next_check_at, rowid LIMIT ?', filter.limit)
        : this.#all('SELECT * FROM poll_schedule WHERE gateway_id = ? ORDER BY next_check_at, rowid LIMIT ?', filter.gatewayId, filter.limit);
    return rows.map(pollFromRow);
  }

  countPolls(): number {
    return integer(this.#one('SELECT COUNT(*) AS n FROM poll_schedule') ?? { n: 0n }, 'n');
  }

  pollQueueSummary(): PollQueueSummary {
    const row = this.#one(POLL_QUEUE_SUMMARY_SQL) ?? { waiting: 0n, needs_review: 0n };
    return { waiting: integer(row, 'waiting'), needsReview: integer(row, 'needs_review') };
  }

  pollQueuePage(filter: { gatewayId?: GatewayId | undefined; state?: PollQueueState | undefined; limit: number }): PollQueuePage {
    requirePageSize('Poll queue', filter.limit);
    const { sql, params } = pollQueuePageSql(filter);
    const rows = this.#all(sql, ...params, filter.limit);
    const first = rows[0];
    return { entries: rows.map(pollQueueRowFromRow), total: first === undefined ? 0 : integer(first, 'total') };
  }

  sealAudit(seal: AuditSeal): void {
    this.#audit.seal(seal);
  }

  appendAudit(entry: AuditInput): AuditEntry {
    return this.transaction(() => this.#audit.append(entry));
  }

  listAudit(limit: number, beforeSeq?: number): AuditEntry[] {
    return this.#audit.list(limit, beforeSeq);
  }

  searchAudit(filter: AuditFilter, limit: number, beforeSeq: number | null): AuditPage {
    if (hasText(filter.text)) this.#searchable('audit');
    return this.#audit.search(filter, limit, beforeSeq);
  }

  verifyAudit(): AuditVerification {
    const { ok, checked, firstBrokenSeq } = this.#audit.report();
    return { ok, checked, firstBrokenSeq };
  }

  auditReport(): AuditReport {
    return this.#audit.report();
  }

  tryRecordCall(key: string, limit: number, windowMs: number, at: Date): boolean {
    return this.#callRates.tryRecordCall(key, limit, windowMs, at);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#audit.flushAnchor();
    // Keeps the query planner's statistics fresh for the next start, as SQLite recommends.
    this.#db.exec('PRAGMA optimize');
    this.#db.close();
  }
}


const SEARCH_INDEXES: readonly SearchIndexName[] = ['payments', 'audit'];

const hasText = (text: string | undefined): boolean => (text?.trim() ?? '') !== '';

/** Opens (creating if needed) the ledger file and brings its schema up to date. */
export function openSqliteLedger(path: string): SqliteLedger {
  const db = openDatabase(path);
  try {
    applyMigrations(db, LEDGER_MIGRATIONS);
    return new SqliteLedger(db);
  } catch (error) {
    db.close();
    throw error;
  }
}
