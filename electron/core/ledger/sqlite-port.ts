/**
 * The embedded backend of the ledger port: one SQLite file per desktop, over node:sqlite's
 * synchronous connection (SqliteLedger). Its statements take microseconds, so answering them as
 * promises costs nothing; what the async port adds is the unit of work that spans awaits.
 *
 * One connection means one transaction at a time: a unit of work holds the connection from BEGIN
 * to COMMIT, other callers in this process queue behind it (their statements would otherwise run
 * inside it and commit or roll back with it), and calls made from inside it join it. Other
 * processes wait on SQLite's own write lock (BEGIN IMMEDIATE, busy timeout).
 *
 * The list's totals are the exception: they are counted on a thread and read connection of their
 * own (search-totals-thread.ts), outside any unit of work, so they see what is committed.
 *
 * Other processes' payment changes come from the store's change log (migration 8): while someone
 * listens, the port asks SQLite every quarter second whether another connection committed
 * (PRAGMA data_version, no lock, no disk read) and only then reads the log past what it last saw.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { Mutex } from 'async-mutex';
import type { LedgerSession, Ledger, LedgerChange, TransactionOptions } from './port.ts';
import { reconRepository } from './recon-queries.ts';
import { mitBatchRepository } from './mit-batch-queries.ts';
import { webhookReceiverSettingsRepository } from './webhook-receiver-queries.ts';
import { openSqliteLedger, type SqliteLedger } from './sqlite-ledger.ts';
import { SearchTotalsThread } from './search-totals-thread.ts';
import { SqlitePollerLock } from './sqlite-poller-lock.ts';
import { unitSettlement, type UnitSettlement } from './unit-settlement.ts';

/** How often a listened-to ledger looks for other processes' commits. */
const CHANGE_POLL_MS = 250;
/** Change-log rows read per look; more wait for the next one. */
const CHANGE_BATCH = 500;
/**
 * How often the free-text indexes are brought up to the journal (search-index-behind.ts), and how
 * many rows of each table at most per transaction: about 20 ms of this thread for 1,000 payments,
 * more than any console writes in a second, so a backlog (a bulk load) drains without long pauses.
 */
const SEARCH_INDEX_EVERY_MS = 1_000;
const SEARCH_INDEX_BATCH = 1_000;

type ChangeListener = (changes: readonly LedgerChange[]) => void;

class SqliteLedgerPort implements Ledger {
  readonly backend = 'sqlite' as const;
  readonly team = null;
  readonly #store: SqliteLedger;
  /** Held by the unit of work that owns the connection (shared by every port on the same file in this process). */
  readonly #connection: Mutex;
  /** Marks the async context of the unit of work in progress. */
  readonly #unit = new AsyncLocalStorage<{ ended: boolean; readonly settled: UnitSettlement }>();
  #closed: Promise<void> | null = null;
  readonly #listeners = new Set<ChangeListener>();
  #poll: NodeJS.Timeout | null = null;
  #lastSeq = 0;
  #dataVersion = 0;
  readonly #indexing: NodeJS.Timeout;

  readonly #pollerLock: SqlitePollerLock;
  /** Null for a store with no file of its own: its counts run on its connection. */
  readonly #totals: SearchTotalsThread | null;

  /** `path`: the ledger file, beside which the poller lock lives ('' for a store no other process can reach). */
  constructor(store: SqliteLedger, connection: Mutex, path: string) {
    this.#store = store;
    this.#connection = connection;
    this.#pollerLock = new SqlitePollerLock(path);
    this.#totals = path === '' ? null : new SearchTotalsThread(path);
    this.#indexing = setInterval(() => void this.#indexSearchText(), SEARCH_INDEX_EVERY_MS);
    // A console that is otherwise done must not stay alive for this.
    this.#indexing.unref();
  }

  async #indexSearchText(): Promise<void> {
    try {
      await this.#run((store) => (this.#closed === null ? store.indexSearchText(SEARCH_INDEX_BATCH) : 0));
    } catch {
      // Another process holding the write lock past the busy timeout: the next tick, or the next
      // search (which indexes what is missing before it reads), does it.
    }
  }

  get pollerLock(): Ledger['pollerLock'] {
    return this.#pollerLock;
  }

  /** Runs one statement now if this context owns the connection or nobody does, else after the unit of work ends. */
  async #run<T>(statement: (store: SqliteLedger) => T): Promise<T> {
    if (this.#inUnit() || !this.#connection.isLocked()) return statement(this.#store);
    return this.#connection.runExclusive(() => statement(this.#store));
  }

  readonly payments: Ledger['payments'] = {
    insert: (payment) => this.#run((s) => s.insertPayment(payment)),
    get: (id) => this.#run((s) => s.getPayment(id)),
    findByGatewayId: (gatewayId, gatewayTransactionId) => this.#run((s) => s.findPaymentByGatewayId(gatewayId, gatewayTransactionId)),
    findByMerchantReference: (profileId, merchantReference) => this.#run((s) => s.findPaymentByMerchantReference(profileId, merchantReference)),
    update: (id, patch, at) => this.#run((s) => s.updatePayment(id, patch, at)),
    listOpen: (limit) => this.#run((s) => s.listOpenPayments(limit)),
    listMissingGatewayId: (limit) => this.#run((s) => s.listPaymentsMissingGatewayId(limit)),
    countWithStatus: (status) => this.#run((s) => s.countPaymentsWithStatus(status)),
    addStatusEvent: (event) => this.#run((s) => s.addStatusEvent(event)),
    listStatusEvents: (paymentId) => this.#run((s) => s.listStatusEvents(paymentId)),
  };

  readonly operations: Ledger['operations'] = {
    insert: (operation) => this.#run((s) => s.insertOperation(operation)),
    get: (id) => this.#run((s) => s.getOperation(id)),
    update: (id, patch) => this.#run((s) => s.updateOperation(id, patch)),
    listForPayment: (paymentId) => this.#run((s) => s.listOperations(paymentId)),
    listUnresolved: () => this.#run((s) => s.listUnresolvedOperations()),
    findByMerchantReference: (merchantReference) => this.#run((s) => s.findOperationByMerchantReference(merchantReference)),
    findByGatewayId: (gatewayOperationId) => this.#run((s) => s.findOperationByGatewayId(gatewayOperationId)),
    balances: (paymentId) => this.#run((s) => s.balances(paymentId)),
    balancesOf: (paymentIds) => this.#run((s) => s.balancesOf(paymentIds)),
  };

  readonly tokens: Ledger['tokens'] = {
    insert: (token) => this.#run((s) => s.insertToken(token)),
    get: (id) => this.#run((s) => s.getToken(id)),
    list: (profileId) => this.#run((s) => s.listTokens(profileId)),
    delete: (id) => this.#run((s) => s.deleteToken(id)),
  };

  readonly mandates: Ledger['mandates'] = {
    insert: (mandate) => this.#run((s) => s.insertMandate(mandate)),
    get: (id) => this.#run((s) => s.getMandate(id)),
    findByGatewayId: (profileId, gatewayMandateId) => this.#run((s) => s.findMandateByGatewayId(profileId, gatewayMandateId)),
    update: (id, patch, at) => this.#run((s) => s.updateMandate(id, patch, at)),
    list: (profileId) => this.#run((s) => s.listMandates(profileId)),
  };

  readonly schedule: Ledger['schedule'] = {
    ensure: (entry) => this.#run((s) => s.ensurePoll(entry)),
    get: (subject, subjectId) => this.#run((s) => s.getPoll(subject, subjectId)),
    recordResult: (subject, subjectId, result) => this.#run((s) => s.recordPollResult(subject, subjectId, result)),
    soon: (subject, subjectId, at) => this.#run((s) => s.pollSoon(subject, subjectId, at)),
    remove: (subject, subjectId) => this.#run((s) => s.removePoll(subject, subjectId)),
    due: (now, limit) => this.#run((s) => s.duePolls(now, limit)),
    list: (filter) => this.#run((s) => s.listPolls(filter)),
    count: () => this.#run((s) => s.countPolls()),
  };

  readonly notifications: Ledger['notifications'] = {
    record: (receipt) => this.#run((s) => s.recordNotification(receipt)),
  };

  readonly audit: Ledger['audit'] = {
    seal: (seal) => this.#run((s) => s.sealAudit(seal)),
    append: (entry) => this.#run((s) => s.appendAudit(entry)),
    list: (limit, beforeSeq) => this.#run((s) => s.listAudit(limit, beforeSeq)),
    search: (filter, limit, beforeSeq) => this.#run((s) => s.searchAudit(filter, limit, beforeSeq)),
    verify: () => this.#run((s) => s.verifyAudit()),
    report: () => this.#run((s) => s.auditReport()),
  };

  readonly wire: Ledger['wire'] = {
    record: (entry) => this.#run((s) => s.record(entry)),
    listForPayment: (paymentId) => this.#run((s) => s.listWire(paymentId)),
    page: (paymentId, limit, before) => this.#run((s) => s.wirePage(paymentId, limit, before)),
    count: (paymentId) => this.#run((s) => s.wireCount(paymentId)),
  };

  readonly callRates: Ledger['callRates'] = {
    tryRecordCall: (key, limit, windowMs, at) => this.#run((s) => s.tryRecordCall(key, limit, windowMs, at)),
  };

  readonly views: Ledger['views'] = {
    searchPayments: (filters, limit, cursor, sort) => this.#run((s) => s.searchPayments(filters, limit, cursor, sort)),
    searchTotals: async (filters, signal) => {
      if (this.#totals === null) return this.#run((s) => s.searchTotals(filters));
      // Free text reads the text index, which is written behind the journal: what it lacks is indexed first, on the core's connection.
      if ((filters.text?.trim() ?? '') !== '') await this.#run((s) => s.textSearchable(filters));
      return this.#totals.count(filters, signal);
    },
    pollQueueSummary: () => this.#run((s) => s.pollQueueSummary()),
    pollQueuePage: (filter) => this.#run((s) => s.pollQueuePage(filter)),
    paymentsForRecon: (filter, limit, cursor) => this.#run((s) => s.paymentsForRecon(filter, limit, cursor)),
    dashboardFigures: (filter) => this.#run((s) => s.dashboardFigures(filter)),
  };

  readonly recon: Ledger['recon'] = reconRepository({
    dialect: 'sqlite',
    rows: (sql, params) => this.#run((s) => s.statementRows(sql, params)),
    changed: (sql, params) => this.#run((s) => s.statementChanges(sql, params)),
    changedUnflushed: (sql, params) => this.#run((s) => s.statementChangesUnflushed(sql, params)),
    insertRows: (sessionId, rows) => this.#run((s) => s.insertReconRows(sessionId, rows)),
  });

  readonly mitBatches: Ledger['mitBatches'] = mitBatchRepository({
    dialect: 'sqlite',
    rows: (sql, params) => this.#run((s) => s.statementRows(sql, params)),
    changed: (sql, params) => this.#run((s) => s.statementChanges(sql, params)),
    changedUnflushed: (sql, params) => this.#run((s) => s.statementChangesUnflushed(sql, params)),
  });

  readonly webhookReceiver: Ledger['webhookReceiver'] = webhookReceiverSettingsRepository({
    dialect: 'sqlite',
    rows: (sql, params) => this.#run((s) => s.statementRows(sql, params)),
    changed: (sql, params) => this.#run((s) => s.statementChanges(sql, params)),
  });

  async withTransaction<T>(work: (tx: LedgerSession) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.#inUnit()) return this.#nested(work, {});
    return this.#connection.runExclusive(async () => {
      const unit = { ended: false, settled: unitSettlement() };
      try {
        return await this.#unit.run(unit, () => this.#nested(work, options));
      } finally {
        unit.ended = true;
        unit.settled.settle();
      }
    });
  }

  readonly unitSettled = (): Promise<void> => {
    const unit = this.#unit.getStore();
    return unit === undefined || unit.ended ? Promise.resolve() : unit.settled.promise;
  };

  /**
   * Whether this async context belongs to the unit of work in progress. Work a unit started
   * without awaiting it (a fire-and-forget write) may outlive it; it then queues like any other
   * caller instead of running inside the next unit, whose rollback would take it along.
   */
  #inUnit(): boolean {
    return this.#unit.getStore()?.ended === false;
  }

  /** The outermost unit is a transaction, an inner one a savepoint: a failure the caller catches undoes only its own work. */
  async #nested<T>(work: (tx: LedgerSession) => Promise<T>, options: TransactionOptions): Promise<T> {
    const handle = this.#store.begin(options);
    let result: T;
    try {
      result = await work(this);
    } catch (error) {
      handle.rollback();
      throw error;
    }
    handle.commit();
    return result;
  }

  onChangesElsewhere(listener: ChangeListener): () => void {
    if (this.#closed === null && this.#poll === null) {
      // Only what is committed from now on: a new listener has just read what it shows.
      this.#lastSeq = this.#store.lastChangeSeq();
      this.#dataVersion = this.#store.dataVersion();
      this.#poll = setInterval(() => void this.#pollChanges(), CHANGE_POLL_MS);
      // A console that is otherwise done must not stay alive for this.
      this.#poll.unref();
    }
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopPolling();
    };
  }

  #stopPolling(): void {
    if (this.#poll !== null) clearInterval(this.#poll);
    this.#poll = null;
  }

  async #pollChanges(): Promise<void> {
    const changes = await this.#run((store) => {
      if (this.#closed !== null) return [];
      const version = store.dataVersion();
      if (version === this.#dataVersion) return [];
      const rows = store.changesSince(this.#lastSeq, CHANGE_BATCH);
      // A full batch leaves more to read: look again next time even if nobody else commits.
      if (rows.length < CHANGE_BATCH) this.#dataVersion = version;
      const last = rows[rows.length - 1];
      if (last !== undefined) this.#lastSeq = last.seq;
      return rows.filter((row) => row.writer !== store.writer).map((row) => row.paymentId);
    });
    if (changes.length === 0) return;
    const batch = [...new Set(changes)].map((paymentId) => ({ paymentId }));
    for (const listener of this.#listeners) listener(batch);
  }

  close(): Promise<void> {
    this.#pollerLock.close();
    this.#stopPolling();
    clearInterval(this.#indexing);
    this.#listeners.clear();
    this.#closed ??= Promise.all([this.#totals?.close(), this.#connection.runExclusive(() => this.#store.close())]).then(() => undefined);
    return this.#closed;
  }
}

/**
 * Two ports on one file in one process (two consoles in a test process) take turns as if they
 * shared the connection: a statement waiting on SQLite's busy timeout blocks the thread, so it
 * would wait for a unit of work that cannot go on until it returns. Other processes are not
 * affected: there the unit holding the lock runs on.
 */
const fileTurns = new Map<string, Mutex>();

function turnsFor(path: string): Mutex {
  const key = resolve(path);
  let turns = fileTurns.get(key);
  if (turns === undefined) {
    turns = new Mutex();
    fileTurns.set(key, turns);
  }
  return turns;
}

/** Opens (creating if needed) the ledger file, brings its schema up to date, and serves it as the port. */
export function openSqliteLedgerPort(path: string): Ledger {
  return new SqliteLedgerPort(openSqliteLedger(path), turnsFor(path), path);
}

/** The port over an already open store (tests that also inspect the store directly); its poller lock is its own. */
export function sqliteLedgerPort(store: SqliteLedger): Ledger {
  return new SqliteLedgerPort(store, new Mutex(), '');
}
