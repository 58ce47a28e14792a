/**
 * The reconciliation repository, written once for both backends: the SQL is plain enough to run
 * on SQLite and PostgreSQL alike (`?` placeholders are numbered for PostgreSQL, times go in as
 * ISO text, which both compare and store as instants). Only the bulk insert differs, so each
 * backend brings its own: a prepared statement in a loop on SQLite, one `unnest` per batch on
 * PostgreSQL.
 */
import type { ReconClass, StatementEntryKind, StatementStatus } from '../../../shared/domain/recon.ts';
import type { PaymentStatus } from '../../../shared/domain/schemas.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { requirePageSize } from './ledger-arguments.ts';
import type { ReconRepository } from './port.ts';
import type { NewReconRow, ReconFollowUp, ReconResolutionKind, ReconRowRecord, ReconSessionRow, ReconSessionStatus } from './recon-types.ts';
import { bigInteger, integer, isoDate, optionalBigInteger, optionalDate, optionalInteger, optionalText, date, text, type SqlRow } from './row-reader.ts';

export interface ReconDb {
  readonly dialect: 'sqlite' | 'postgres';
  rows(sql: string, params: readonly unknown[]): Promise<SqlRow[]>;
  changed(sql: string, params: readonly unknown[]): Promise<number>;
  insertRows(sessionId: string, rows: readonly NewReconRow[]): Promise<void>;
}

export const RECON_ROW_COLUMNS = [
  'session_id', 'recon_class', 'reason', 'payment_id', 'line', 'gateway_transaction_id', 'merchant_reference', 'kind', 'statement_status',
  'amount_minor', 'currency', 'fee_minor', 'net_minor', 'transaction_at', 'settled_at', 'merchant_account', 'ledger_amount_minor', 'ledger_status',
] as const;

/** A value as a backend binds it. */
export type ReconBindValue = string | number | bigint | null;

/**
 * Writes one row's values at `at` in RECON_ROW_COLUMNS order; `instant` says how the backend
 * takes a time (ISO text on PostgreSQL; on SQLite, see sqlite-recon-insert.ts).
 */
export function writeReconRowValues(values: ReconBindValue[], at: number, sessionId: string, row: NewReconRow, instant: (value: Date | null) => ReconBindValue): void {
  values[at] = sessionId;
  values[at + 1] = row.reconClass;
  values[at + 2] = row.reason;
  values[at + 3] = row.paymentId;
  values[at + 4] = row.line;
  values[at + 5] = row.gatewayTransactionId;
  values[at + 6] = row.merchantReference;
  values[at + 7] = row.kind;
  values[at + 8] = row.statementStatus;
  values[at + 9] = row.amountMinor;
  values[at + 10] = row.currency;
  values[at + 11] = row.feeMinor;
  values[at + 12] = row.netMinor;
  values[at + 13] = instant(row.transactionAt);
  values[at + 14] = instant(row.settledAt);
  values[at + 15] = row.merchantAccount;
  values[at + 16] = row.ledgerAmountMinor;
  values[at + 17] = row.ledgerStatus;
}

/** A running session's last heartbeat; one from before heartbeats (migration 10) counts from its creation. */
const LAST_SIGN_OF_LIFE = 'COALESCE(heartbeat_at, created_at)';

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
}

function sessionFromRow(row: SqlRow): ReconSessionRow {
  return {
    id: text(row, 'id'),
    operator: text(row, 'operator'),
    createdAt: date(row, 'created_at'),
    profileId: text(row, 'profile_id'),
    source: text(row, 'source'),
    mapping: text(row, 'mapping'),
    periodFrom: date(row, 'period_from'),
    periodTo: date(row, 'period_to'),
    status: text(row, 'status') as ReconSessionStatus,
    rowCount: integer(row, 'row_count'),
    finishedAt: optionalDate(row, 'finished_at'),
  };
}

function reconRowFromRow(row: SqlRow): ReconRowRecord {
  const resolution = optionalText(row, 'resolution') as ReconResolutionKind | null;
  return {
    id: integer(row, 'seq'),
    sessionId: text(row, 'session_id'),
    reconClass: text(row, 'recon_class') as ReconClass,
    reason: optionalText(row, 'reason'),
    paymentId: optionalText(row, 'payment_id'),
    line: optionalInteger(row, 'line'),
    gatewayTransactionId: optionalText(row, 'gateway_transaction_id'),
    merchantReference: optionalText(row, 'merchant_reference'),
    kind: optionalText(row, 'kind') as StatementEntryKind | null,
    statementStatus: optionalText(row, 'statement_status') as StatementStatus | null,
    amountMinor: bigInteger(row, 'amount_minor'),
    currency: text(row, 'currency'),
    feeMinor: optionalBigInteger(row, 'fee_minor'),
    netMinor: optionalBigInteger(row, 'net_minor'),
    transactionAt: optionalDate(row, 'transaction_at'),
    settledAt: optionalDate(row, 'settled_at'),
    merchantAccount: optionalText(row, 'merchant_account'),
    ledgerAmountMinor: optionalBigInteger(row, 'ledger_amount_minor'),
    ledgerStatus: optionalText(row, 'ledger_status') as PaymentStatus | null,
    resolution:
      resolution === null
        ? null
        : {
            kind: resolution,
            note: optionalText(row, 'resolution_note'),
            followUp: optionalText(row, 'follow_up') as ReconFollowUp | null,
            by: text(row, 'resolved_by'),
            at: date(row, 'resolved_at'),
          },
  };
}

function decodeRowCursor(cursor: string | null): number {
  if (cursor === null) return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw new ValidationError('This cursor is not one the ledger gave out', { cursor: 'Unknown cursor' });
  return Number(cursor);
}

/** The reconciliation repository over one backend's connection (or unit of work). */
export function reconRepository(db: ReconDb): ReconRepository {
  const sql = (query: string): string => (db.dialect === 'postgres' ? numbered(query) : query);
  const like = db.dialect === 'postgres' ? 'ILIKE' : 'LIKE';
  const getSession = async (id: string): Promise<ReconSessionRow | null> => {
    const found = await db.rows(sql('SELECT * FROM recon_sessions WHERE id = ?'), [id]);
    return found[0] === undefined ? null : sessionFromRow(found[0]);
  };
  return {
    async createSession(session) {
      await db.changed(
        sql(`INSERT INTO recon_sessions (id, operator, created_at, profile_id, source, mapping, period_from, period_to, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')`),
        [session.id, session.operator, isoDate(session.createdAt), session.profileId, session.source, session.mapping, isoDate(session.periodFrom), isoDate(session.periodTo)],
      );
      const stored = await getSession(session.id);
      if (stored === null) throw new NotFoundError(`No reconciliation session ${session.id}`);
      return stored;
    },
    getSession,
    async listSessions(limit) {
      requirePageSize('Reconciliation sessions', limit);
      return (await db.rows(sql("SELECT * FROM recon_sessions ORDER BY created_at DESC, seq DESC LIMIT ?"), [limit])).map(sessionFromRow);
    },
    async addRows(sessionId, rows) {
      if (rows.length === 0) return;
      await db.insertRows(sessionId, rows);
      await db.changed(sql('UPDATE recon_sessions SET row_count = row_count + ? WHERE id = ?'), [rows.length, sessionId]);
    },
    async finishSession(id, status, at) {
      if (status === 'cancelled') {
        // Nothing of a cancelled import stays: its rows go, the session stays as a trace of who cancelled what.
        await db.changed(sql('DELETE FROM recon_rows WHERE session_id = ?'), [id]);
      }
      const changed = await db.changed(sql(`UPDATE recon_sessions SET status = ?, finished_at = ?, row_count = ${status === 'cancelled' ? '0' : 'row_count'} WHERE id = ? AND status = 'running'`), [status, isoDate(at), id]);
      const stored = await getSession(id);
      if (stored === null) throw new NotFoundError(`No reconciliation session ${id}`);
      if (changed === 0) throw new ValidationError(`Reconciliation session ${id} is already ${stored.status}`, { status: stored.status });
      return stored;
    },
    async summary(sessionId) {
      const found = await db.rows(sql('SELECT recon_class, currency, COUNT(*) AS n, SUM(amount_minor) AS total FROM recon_rows WHERE session_id = ? GROUP BY recon_class, currency ORDER BY recon_class, currency'), [sessionId]);
      return found.map((row) => ({ reconClass: text(row, 'recon_class') as ReconClass, currency: text(row, 'currency'), count: integer(row, 'n'), amountMinor: bigInteger(row, 'total') }));
    },
    async rows(sessionId, filter, limit, cursor) {
      requirePageSize('Reconciliation rows', limit);
      const after = decodeRowCursor(cursor);
      const where = ['session_id = ?', 'seq > ?'];
      const params: unknown[] = [sessionId, after];
      if (filter.reconClass !== undefined) {
        where.push('recon_class = ?');
        params.push(filter.reconClass);
        // Spelled out so that the planner may use recon_rows_by_class, which leaves matched rows out.
        if (filter.reconClass !== 'matched') where.push("recon_class <> 'matched'");
      }
      const needle = filter.text?.trim() ?? '';
      if (needle !== '') {
        const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.push(`(gateway_transaction_id ${like} ? ESCAPE '\\' OR merchant_reference ${like} ? ESCAPE '\\' OR payment_id ${like} ? ESCAPE '\\')`);
        params.push(pattern, pattern, pattern);
      }
      params.push(limit + 1);
      const found = await db.rows(sql(`SELECT * FROM recon_rows WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`), params);
      const rows = found.slice(0, limit).map(reconRowFromRow);
      const last = rows[rows.length - 1];
      return { rows, nextCursor: found.length > limit && last !== undefined ? String(last.id) : null };
    },
    async getRow(sessionId, rowId) {
      const found = await db.rows(sql('SELECT * FROM recon_rows WHERE session_id = ? AND seq = ?'), [sessionId, rowId]);
      return found[0] === undefined ? null : reconRowFromRow(found[0]);
    },
    async resolveRow(sessionId, rowId, patch) {
      const { resolution, reclassify } = patch;
      const changed = await db.changed(
        sql(`UPDATE recon_rows SET resolution = ?, resolution_note = ?, follow_up = ?, resolved_by = ?, resolved_at = ?,
          recon_class = COALESCE(?, recon_class), payment_id = COALESCE(?, payment_id), reason = CASE WHEN ? = 1 THEN ? ELSE reason END,
          ledger_amount_minor = COALESCE(?, ledger_amount_minor), ledger_status = COALESCE(?, ledger_status)
          WHERE session_id = ? AND seq = ?`),
        [
          resolution.kind, resolution.note, resolution.followUp, resolution.by, isoDate(resolution.at),
          reclassify?.reconClass ?? null, reclassify?.paymentId ?? null, reclassify === undefined ? 0 : 1, reclassify?.reason ?? null,
          reclassify?.ledgerAmountMinor ?? null, reclassify?.ledgerStatus ?? null, sessionId, rowId,
        ],
      );
      if (changed === 0) throw new NotFoundError(`No row ${rowId} in reconciliation session ${sessionId}`);
      const stored = await db.rows(sql('SELECT * FROM recon_rows WHERE seq = ?'), [rowId]);
      return reconRowFromRow(stored[0] as SqlRow);
    },
    async beatSession(id, owner, at) {
      return (await db.changed(sql("UPDATE recon_sessions SET owner = ?, heartbeat_at = ? WHERE id = ? AND status = 'running'"), [owner, isoDate(at), id])) === 1;
    },
    async staleSessions(before) {
      const found = await db.rows(sql(`SELECT id, owner, heartbeat_at, created_at FROM recon_sessions WHERE status = 'running' AND ${LAST_SIGN_OF_LIFE} < ? ORDER BY seq`), [isoDate(before)]);
      return found.map((row) => ({ id: text(row, 'id'), owner: optionalText(row, 'owner'), lastSignOfLife: optionalDate(row, 'heartbeat_at') ?? date(row, 'created_at') }));
    },
    async cancelStaleSession(id, before, at) {
      // The staleness is checked again in the update itself: an import that beat since it was found is left alone.
      const changed = await db.changed(
        sql(`UPDATE recon_sessions SET status = 'cancelled', finished_at = ?, row_count = 0 WHERE id = ? AND status = 'running' AND ${LAST_SIGN_OF_LIFE} < ?`),
        [isoDate(at), id, isoDate(before)],
      );
      if (changed === 0) return false;
      await db.changed(sql('DELETE FROM recon_rows WHERE session_id = ?'), [id]);
      return true;
    },
  };
}
