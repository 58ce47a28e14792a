/**
 * The shared backend of the ledger port: one PostgreSQL database that several consoles and their
 * webhook receivers write to at once.
 *
 * Units of work run on one pooled connection under READ COMMITTED; the money rules serialise on
 * row locks (a payment or mandate read, or a balance, inside a unit takes `FOR UPDATE`), the audit
 * chain and the call budgets on advisory locks. A unit that loses a serialisation race or a
 * deadlock is run again from the start, a bounded number of times (port.ts: the work only touches
 * the ledger). Calls made inside a unit, even through the root ledger, join it (AsyncLocalStorage);
 * nested units are savepoints.
 *
 * Every write that changes a payment announces it on a channel (pg_notify, delivered on commit);
 * one LISTEN connection per ledger hears the others' and ignores its own. The poller lock has a
 * connection of its own too (poller-lock.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ConnectionError } from '../../errors.ts';
import { cursorAfter, decodeCursor, totalsFromRows } from '../search.ts';
import { dashboardFiguresFromRows, dashboardQueries, type DashboardFigures, type DashboardFilter } from '../dashboard-query.ts';
import { requirePageSize } from '../ledger-arguments.ts';
import type { Ledger, LedgerChange, LedgerSession } from '../port.ts';
import { paymentFromRow } from '../row-mappers.ts';
import { sealedState } from '../audit-trail.ts';
import { reconRepository } from '../recon-queries.ts';
import { mitBatchRepository } from '../mit-batch-queries.ts';
import { webhookReceiverSettingsRepository } from '../webhook-receiver-queries.ts';
import { insertReconRows } from './recon-insert.ts';
import { textListParam } from '../dialect-sql.ts';
import { moneyBackFromRows, reconMoneyBackSql, reconPage, reconPageStart, reconPaymentsFromRows, reconPaymentsSql } from '../recon-read.ts';
import type { AuditSeal, ReconLedgerFilter, ReconLedgerPage, SearchFilters, SearchPage, SearchSort } from '../types.ts';
import { anchorAfterCommit, appendAudit, reportAudit, searchAudit, tryRecordCall } from './audit-queries.ts';
import { ChangeListener } from './change-listener.ts';
import { PostgresPollerLock } from './poller-lock.ts';
import { postgresClientConfig } from './client-config.ts';
import { applyPostgresMigrations } from './migration-runner.ts';
import { POSTGRES_LEDGER_MIGRATIONS } from './migrations/index.ts';
import * as payments from './payment-queries.ts';
import { INSUFFICIENT_PRIVILEGE, isRetryableConflict, LEDGER_TYPE_PARSERS, postgresErrorCode, refusalOf } from './pg-rows.ts';
import { teamQueries } from './team-queries.ts';
import { ForbiddenError } from '../../errors.ts';
import type { TeamLedger } from '../port.ts';
import type { PgSession } from './pg-session.ts';
import { mandateQueries, recordNotification, tokenQueries, wireQueries } from './record-queries.ts';
import { pollQueuePage, pollQueueSummary, scheduleQueries } from './schedule-queries.ts';
import { buildPostgresTotalsQuery } from './search-query.ts';
import { PostgresListSearch } from './list-search.ts';
import { unitSettlement, type UnitSettlement } from '../unit-settlement.ts';

export interface PostgresLocation {
  readonly kind: 'postgres';
  readonly connectionString: string;
  readonly password: string | null;
}

/**
 * How long a start waits for the shared database to accept and authenticate a connection. Without
 * a bound, a server that takes the connection and never answers (hung, or a firewall that swallows
 * the packets) would hold the console's start forever.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/** How often a unit of work that lost a serialisation race or deadlock is tried in all. */
const MAX_ATTEMPTS = 5;

/** The unit of work in progress in an async context: its connection and how deep the savepoints go. */
interface Unit {
  readonly client: pg.PoolClient;
  readonly depth: number;
  /** Shared by the unit and its savepoints; `ended` once its connection went back to the pool. */
  readonly root: { auditAppended: boolean; savepoints: number; ended: boolean; readonly settled: UnitSettlement };
}

/**
 * Runs `work` again when it lost a serialisation race or a deadlock, a bounded number of times:
 * the server rolled all of it back, so the next try is a first try.
 */
async function retryingConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryableConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      // Jittered, so two consoles that collided do not collide again in step.
      await sleep(5 * attempt + Math.random() * 20 * attempt);
    }
  }
}

/** The database's refusals as the console's errors; the query's promise rejects with it. */
function refused(error: unknown): never {
  throw refusalOf(error);
}

class PostgresLedger implements Ledger {
  readonly backend = 'postgres' as const;
  readonly team: TeamLedger;
  readonly #pool: pg.Pool;
  readonly #units = new AsyncLocalStorage<Unit>();
  readonly #writer = randomUUID();
  readonly #changes: ChangeListener;
  readonly #pollerLock: PostgresPollerLock;
  /** Wire records are written without the caller waiting; close() waits for them. */
  readonly #pendingWrites = new Set<Promise<unknown>>();
  readonly #listSearch = new PostgresListSearch((sql, params) => this.#session().rows(sql, params));
  #seal: AuditSeal | null = null;
  #closed: Promise<void> | null = null;

  constructor(config: pg.ClientConfig, login: string) {
    this.team = teamQueries(() => this.#session(), login);
    this.#pool = new pg.Pool({ ...config, types: LEDGER_TYPE_PARSERS });
    // An idle connection the server dropped is discarded by the pool; without a handler the error would end the process.
    this.#pool.on('error', () => undefined);
    // Its own connection, which close() waits for: bounded, so a server that stopped answering cannot hold the close.
    this.#changes = new ChangeListener({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }, this.#writer);
    this.#pollerLock = new PostgresPollerLock(config, (sql, params) => this.#pool.query(sql, params as unknown[]).then((result) => result.rows));
  }

  get pollerLock(): Ledger['pollerLock'] {
    return this.#pollerLock;
  }

  #session(): PgSession {
    const current = this.#units.getStore();
    // Work the unit started without awaiting it (a fire-and-forget write) may outlive it; the
    // connection is someone else's by then, so such work runs on the pool.
    const unit = current?.root.ended === false ? current : undefined;
    // A statement outside a unit is a transaction of its own, which a deadlock rolls back whole: it is run again like a unit.
    const query =
      unit === undefined
        ? (sql: string, params: readonly unknown[] | undefined) => retryingConflicts(() => this.#pool.query(sql, params as unknown[]))
        : (sql: string, params: readonly unknown[] | undefined) => unit.client.query(sql, params as unknown[]);
    return {
      inUnit: unit !== undefined,
      writer: this.#writer,
      rows: async (sql, params) => (await query(sql, params).catch(refused)).rows,
      changed: async (sql, params) => (await query(sql, params).catch(refused)).rowCount ?? 0,
      atomic: (work) => this.withTransaction(() => work(this.#session())),
      guarded: (work) => (unit === undefined ? work() : this.#savepoint(unit, work)),
      auditAppended: () => {
        if (unit !== undefined) unit.root.auditAppended = true;
      },
    };
  }

  async #savepoint<T>(unit: Unit, work: () => Promise<T>): Promise<T> {
    unit.root.savepoints += 1;
    const name = `ledger_${unit.root.savepoints}`;
    await unit.client.query(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await unit.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await unit.client.query(`RELEASE SAVEPOINT ${name}`);
      throw error;
    }
    await unit.client.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  }

  readonly unitSettled = (): Promise<void> => {
    const current = this.#units.getStore();
    return current === undefined || current.root.ended ? Promise.resolve() : current.root.settled.promise;
  };

  async withTransaction<T>(work: (tx: LedgerSession) => Promise<T>): Promise<T> {
    const current = this.#units.getStore();
    if (current !== undefined && !current.root.ended) {
      const nested: Unit = { ...current, depth: current.depth + 1 };
      return this.#savepoint(current, () => this.#units.run(nested, () => work(this)));
    }
    return retryingConflicts(() => this.#runUnit(work));
  }

  async #runUnit<T>(work: (tx: LedgerSession) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    const unit: Unit = { client, depth: 0, root: { auditAppended: false, savepoints: 0, ended: false, settled: unitSettlement() } };
    let result: T;
    try {
      await client.query('BEGIN');
      result = await this.#units.run(unit, () => work(this));
      await client.query('COMMIT');
    } catch (error) {
      unit.root.ended = true;
      unit.root.settled.settle();
      let broken: Error | undefined;
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      // A connection that could not roll back is not given back to the pool.
      client.release(broken);
      throw error;
    }
    unit.root.ended = true;
    unit.root.settled.settle();
    client.release();
    const seal = sealedState(this.#seal);
    if (unit.root.auditAppended && seal !== null) await anchorAfterCommit(this.#session(), seal);
    return result;
  }

  readonly payments: Ledger['payments'] = {
    insert: (payment) => payments.insertPayment(this.#session(), payment),
    get: (id) => payments.getPayment(this.#session(), id),
    findByGatewayId: (gatewayId, gatewayTransactionId) => payments.findPaymentByGatewayId(this.#session(), gatewayId, gatewayTransactionId),
    findByMerchantReference: (profileId, merchantReference) => payments.findPaymentByMerchantReference(this.#session(), profileId, merchantReference),
    update: (id, patch, at) => payments.updatePayment(this.#session(), id, patch, at),
    listOpen: (limit) => payments.listOpenPayments(this.#session(), limit),
    listMissingGatewayId: (limit) => payments.listPaymentsMissingGatewayId(this.#session(), limit),
    countWithStatus: (status) => payments.countPaymentsWithStatus(this.#session(), status),
    addStatusEvent: (event) => payments.addStatusEvent(this.#session(), event),
    listStatusEvents: (paymentId) => payments.listStatusEvents(this.#session(), paymentId),
  };

  readonly operations: Ledger['operations'] = {
    insert: (operation) => payments.insertOperation(this.#session(), operation),
    get: (id) => payments.getOperation(this.#session(), id),
    update: (id, patch) => payments.updateOperation(this.#session(), id, patch),
    listForPayment: (paymentId) => payments.listOperations(this.#session(), paymentId),
    listUnresolved: () => payments.listUnresolvedOperations(this.#session()),
    findByMerchantReference: (merchantReference) => payments.findOperationByMerchantReference(this.#session(), merchantReference),
    findByGatewayId: (gatewayOperationId) => payments.findOperationByGatewayId(this.#session(), gatewayOperationId),
    balances: (paymentId) => payments.balances(this.#session(), paymentId),
    balancesOf: (paymentIds) => payments.balancesOf(this.#session(), paymentIds),
  };

  readonly tokens: Ledger['tokens'] = {
    insert: (token) => tokenQueries.insert(this.#session(), token),
    get: (id) => tokenQueries.get(this.#session(), id),
    list: (profileId) => tokenQueries.list(this.#session(), profileId),
    delete: (id) => tokenQueries.delete(this.#session(), id),
  };

  readonly mandates: Ledger['mandates'] = {
    insert: (mandate) => mandateQueries.insert(this.#session(), mandate),
    get: (id) => mandateQueries.get(this.#session(), id),
    findByGatewayId: (profileId, gatewayMandateId) => mandateQueries.findByGatewayId(this.#session(), profileId, gatewayMandateId),
    update: (id, patch, at) => mandateQueries.update(this.#session(), id, patch, at),
    list: (profileId) => mandateQueries.list(this.#session(), profileId),
  };

  readonly schedule: Ledger['schedule'] = {
    ensure: (entry) => scheduleQueries.ensure(this.#session(), entry),
    get: (subject, subjectId) => scheduleQueries.get(this.#session(), subject, subjectId),
    recordResult: (subject, subjectId, result) => scheduleQueries.recordResult(this.#session(), subject, subjectId, result),
    soon: (subject, subjectId, at) => scheduleQueries.soon(this.#session(), subject, subjectId, at),
    remove: (subject, subjectId) => scheduleQueries.remove(this.#session(), subject, subjectId),
    due: (now, limit) => scheduleQueries.due(this.#session(), now, limit),
    list: (filter) => scheduleQueries.list(this.#session(), filter),
    count: () => scheduleQueries.count(this.#session()),
  };

  readonly notifications: Ledger['notifications'] = {
    record: (receipt) => recordNotification(this.#session(), receipt),
  };

  readonly audit: Ledger['audit'] = {
    seal: async (seal) => {
      this.#seal = seal;
    },
    append: (entry) => appendAudit(this.#session(), this.#seal, entry),
    list: async (limit, beforeSeq) => (await searchAudit(this.#session(), {}, limit, beforeSeq ?? null)).entries,
    search: (filter, limit, beforeSeq) => searchAudit(this.#session(), filter, limit, beforeSeq),
    verify: async () => {
      const { ok, checked, firstBrokenSeq } = await reportAudit(this.#session(), this.#seal);
      return { ok, checked, firstBrokenSeq };
    },
    report: () => reportAudit(this.#session(), this.#seal),
  };

  readonly wire: Ledger['wire'] = {
    record: (entry) => this.#tracked(wireQueries.record(this.#session(), entry)),
    listForPayment: (paymentId) => wireQueries.listForPayment(this.#session(), paymentId),
    page: (paymentId, limit, before) => wireQueries.page(this.#session(), paymentId, limit, before),
    count: (paymentId) => wireQueries.count(this.#session(), paymentId),
  };

  readonly callRates: Ledger['callRates'] = {
    tryRecordCall: (key, limit, windowMs, at) => tryRecordCall(this.#session(), key, limit, windowMs, at),
  };

  readonly views: Ledger['views'] = {
    searchPayments: (filters, limit, cursor, sort) => this.#search(filters, limit, cursor, sort),
    searchTotals: async (filters) => {
      const query = buildPostgresTotalsQuery(filters);
      return totalsFromRows(await this.#session().rows(query.sql, query.params));
    },
    pollQueueSummary: () => pollQueueSummary(this.#session()),
    pollQueuePage: (filter) => pollQueuePage(this.#session(), filter),
    paymentsForRecon: (filter, limit, cursor) => this.#paymentsForRecon(filter, limit, cursor),
    dashboardFigures: (filter) => this.#dashboardFigures(filter),
  };

  readonly recon: Ledger['recon'] = reconRepository({
    dialect: 'postgres',
    rows: (sql, params) => this.#session().rows(sql, params),
    changed: (sql, params) => this.#session().changed(sql, params),
    // A commit that waits for the WAL flush is one round trip; one that does not would take four (BEGIN, SET LOCAL, the write, COMMIT).
    changedUnflushed: (sql, params) => this.#session().changed(sql, params),
    insertRows: (sessionId, rows) => insertReconRows(this.#session(), sessionId, rows),
  });

  readonly mitBatches: Ledger['mitBatches'] = mitBatchRepository({
    dialect: 'postgres',
    rows: (sql, params) => this.#session().rows(sql, params),
    changed: (sql, params) => this.#session().changed(sql, params),
    changedUnflushed: (sql, params) => this.#session().changed(sql, params),
  });

  readonly webhookReceiver: Ledger['webhookReceiver'] = webhookReceiverSettingsRepository({
    dialect: 'postgres',
    rows: (sql, params) => this.#session().rows(sql, params),
    changed: (sql, params) => this.#session().changed(sql, params),
  });

  async #paymentsForRecon(filter: ReconLedgerFilter, limit: number, cursor: string | null): Promise<ReconLedgerPage> {
    requirePageSize('Reconciliation', limit);
    const after = reconPageStart(filter, cursor);
    const session = this.#session();
    const payments = reconPaymentsFromRows(await session.rows(reconPaymentsSql('postgres'), [filter.profileId, after.createdAt, after.id, filter.to, limit]));
    if (!payments.hasMoneyBack) return reconPage(payments, [], limit);
    const asked = payments.moneyBackIds();
    return reconPage(payments, moneyBackFromRows(await session.rows(reconMoneyBackSql('postgres'), [textListParam('postgres', asked)]), asked), limit);
  }

  async #dashboardFigures(filter: DashboardFilter): Promise<DashboardFigures> {
    const [groups, declines] = dashboardQueries(filter, 'postgres');
    const session = this.#session();
    return dashboardFiguresFromRows(await session.rows(groups.sql, groups.params), await session.rows(declines.sql, declines.params));
  }

  async #search(filters: SearchFilters, limit: number, cursor: string | null, sort: SearchSort = 'newest'): Promise<SearchPage> {
    requirePageSize('Search', limit);
    const found = await this.#listSearch.page(filters, limit, cursor === null ? null : decodeCursor(cursor), sort);
    const rows = found.slice(0, limit).map(paymentFromRow);
    const last = rows[rows.length - 1];
    const nextCursor = found.length > limit && last !== undefined ? cursorAfter(last, sort) : null;
    return { rows, nextCursor };
  }

  #tracked<T>(write: Promise<T>): Promise<T> {
    this.#pendingWrites.add(write);
    const settle = (): void => {
      this.#pendingWrites.delete(write);
    };
    write.then(settle, settle);
    return write;
  }

  onChangesElsewhere(listener: (changes: readonly LedgerChange[]) => void): () => void {
    return this.#changes.subscribe(listener);
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      // First: from here on this process must not poll for the others.
      await this.#pollerLock.close();
      await Promise.allSettled([...this.#pendingWrites]);
      await this.#changes.close();
      await this.#pool.end();
    })();
    return this.#closed;
  }
}

/** Where the ledger was looked for, without the password (the connection string never has one). */
function serverNamed(connectionString: string): string {
  const url = new URL(connectionString);
  return `${url.hostname}:${url.port || '5432'}${decodeURIComponent(url.pathname)}`;
}

/** A login the ledger does not know: it may not connect (migration 17 closes the database to others) or read anything. */
function notAnOperator(user: string | undefined, connectionString: string): ForbiddenError {
  return new ForbiddenError(
    `The login ${user ?? ''} is not an operator of the shared ledger at ${serverNamed(connectionString)}: ask its admin to add it (payments-console team add-operator ${user ?? '<login>'} --role <role>)`,
  );
}

/** Connects, brings the schema up to date (consoles starting together queue on the migration lock), and serves the port. */
export async function openPostgresLedger(location: PostgresLocation): Promise<Ledger & { readonly team: TeamLedger }> {
  const config = postgresClientConfig(location.connectionString, location.password ?? '');
  // Only the first connection and the listener's are bounded here: the pool's timeout would also
  // cut short a unit of work waiting its turn for a pooled connection under load.
  const migrator = new pg.Client({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A connection that breaks is reported by connect() or the query; unheard, the event would end the process.
  migrator.on('error', () => undefined);
  try {
    await migrator.connect();
  } catch (error) {
    await migrator.end().catch(() => undefined);
    if (postgresErrorCode(error) === INSUFFICIENT_PRIVILEGE) throw notAnOperator(config.user, location.connectionString);
    const said = error instanceof Error ? error.message : String(error);
    throw new ConnectionError(`The shared ledger at ${serverNamed(location.connectionString)} could not be opened: ${said}. Check Settings → Ledger, or that the database server is running.`, { cause: error });
  }
  let login: string;
  try {
    login = String((await migrator.query<{ login: string }>('SELECT session_user AS login')).rows[0]?.login ?? '');
    await applyPostgresMigrations(migrator, POSTGRES_LEDGER_MIGRATIONS);
  } catch (error) {
    if (postgresErrorCode(error) !== INSUFFICIENT_PRIVILEGE) throw error;
    throw notAnOperator(config.user, location.connectionString);
  } finally {
    await migrator.end();
  }
  return new PostgresLedger(config, login);
}
