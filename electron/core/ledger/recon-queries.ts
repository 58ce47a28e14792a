/**
 * The reconciliation repository, written once for both backends: the SQL is plain enough to run
 * on SQLite and PostgreSQL alike (`?` placeholders are numbered for PostgreSQL, times go in as
 * ISO text, which both compare and store as instants). Only the bulk insert differs, so each
 * backend brings its own: a prepared statement in a loop on SQLite, one `unnest` per batch on
 * PostgreSQL.
 *
 * Matched rows are kept in blocks (migration 12; packed since migration 22, recon-packed-blocks.ts;
 * the JSON blocks written before, recon-matched-blocks.ts, are still read), every other row in
 * recon_rows; rows are numbered within their session, and a page, a row, a resolution and the
 * totals read both, the block's copy of a row giving way to a recon_rows copy of it.
 */
import type { ReconClass, StatementEntryKind, StatementStatus } from '../../../shared/domain/recon.ts';
import type { PaymentStatus } from '../../../shared/domain/schemas.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { requirePageSize } from './ledger-arguments.ts';
import { inDialect, inTextList, textListParam, type SqlDb } from './dialect-sql.ts';
import type { ReconRepository } from './port.ts';
import type { ReconFollowUp, ReconResolutionKind, ReconRowBatch, ReconRowRecord, ReconSessionRow, ReconSessionStatus, ReconSummaryLine } from './recon-types.ts';
import { decodeMatchedBlock, decodeMatchedTotals, indexOfOrdinal, matchedBlockRecord, matchedBlockRowHolds, type MatchedBlockColumns, type NumberedReconRow } from './recon-matched-blocks.ts';
import { decodePackedBlock, reconRowBatch } from './recon-packed-blocks.ts';
import { bigInteger, integer, isoDate, optionalBigInteger, optionalBytes, optionalDate, optionalInteger, optionalText, date, text, type SqlRow } from './row-reader.ts';

export interface ReconDb extends SqlDb {
  insertRows(sessionId: string, rows: readonly ReconRowEntry[]): Promise<void>;
}

/** A row of recon_rows to insert: its number in the session, and whether it is a resolved copy of a block's row. */
export interface ReconRowEntry extends NumberedReconRow {
  readonly fromBlock: boolean;
}

export const RECON_ROW_COLUMNS = [
  'session_id', 'recon_class', 'reason', 'payment_id', 'line', 'gateway_transaction_id', 'merchant_reference', 'kind', 'statement_status',
  'amount_minor', 'currency', 'fee_minor', 'net_minor', 'transaction_at', 'settled_at', 'merchant_account', 'ledger_amount_minor', 'ledger_status',
  'ordinal', 'from_block',
] as const;

/** A value as a backend binds it. */
export type ReconBindValue = string | number | bigint | null;

/**
 * Writes one row's values at `at` in RECON_ROW_COLUMNS order; `instant` says how the backend
 * takes a time (ISO text on PostgreSQL; on SQLite, see sqlite-recon-insert.ts).
 */
export function writeReconRowValues(values: ReconBindValue[], at: number, sessionId: string, entry: ReconRowEntry, instant: (value: Date | null) => ReconBindValue): void {
  const { row } = entry;
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
  values[at + 18] = entry.ordinal;
  values[at + 19] = entry.fromBlock ? 1 : 0;
}

/** A running session's last heartbeat; one from before heartbeats (migration 10) counts from its creation. */
const LAST_SIGN_OF_LIFE = 'COALESCE(heartbeat_at, created_at)';

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
    id: integer(row, 'ordinal'),
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

/** The gateway ids and references of these payments, by payment id (every payment of a block's rows is in the ledger: none is ever deleted). */
async function paymentValuesOf(db: SqlDb, paymentIds: readonly string[]): Promise<Map<string, { gatewayTransactionId: string | null; merchantReference: string }>> {
  const found = await db.rows(`SELECT id, gateway_transaction_id, merchant_reference FROM payments WHERE ${inTextList(db.dialect, 'id')}`, [textListParam(db.dialect, paymentIds)]);
  return new Map(found.map((row) => [text(row, 'id'), { gatewayTransactionId: optionalText(row, 'gateway_transaction_id'), merchantReference: text(row, 'merchant_reference') }]));
}

/** A block as stored: JSON text before migration 22, bytes since; the values a block leaves to its rows' payments are read from them. */
async function decodeStoredBlock(db: SqlDb, block: SqlRow, firstOrdinal: number): Promise<MatchedBlockColumns> {
  const packed = optionalBytes(block, 'packed');
  if (packed === null) return decodeMatchedBlock(text(block, 'rows'));
  const { columns, paymentsGatewayIds, paymentsReferences } = decodePackedBlock(packed, firstOrdinal);
  if (paymentsGatewayIds.length === 0 && paymentsReferences.length === 0) return columns;
  const paymentOf = (row: number): string => columns.paymentId[row] as string;
  const values = await paymentValuesOf(db, [...new Set([...paymentsGatewayIds, ...paymentsReferences].map(paymentOf))]);
  for (const row of paymentsGatewayIds) columns.gatewayTransactionId[row] = values.get(paymentOf(row))?.gatewayTransactionId ?? null;
  for (const row of paymentsReferences) columns.merchantReference[row] = values.get(paymentOf(row))?.merchantReference ?? null;
  return columns;
}

/** Blocks kept decoded per ledger. */
const DECODED_BLOCKS_KEPT = 4;

const SUMMARY_ORDER = (a: ReconSummaryLine, b: ReconSummaryLine): number =>
  a.reconClass < b.reconClass ? -1 : a.reconClass > b.reconClass ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;

/** The reconciliation repository over one backend's connection (or unit of work). */
export function reconRepository(db: ReconDb): ReconRepository {
  const sql = (query: string): string => inDialect(db.dialect, query);
  const like = db.dialect === 'postgres' ? 'ILIKE' : 'LIKE';
  const getSession = async (id: string): Promise<ReconSessionRow | null> => {
    const found = await db.rows(sql('SELECT * FROM recon_sessions WHERE id = ?'), [id]);
    return found[0] === undefined ? null : sessionFromRow(found[0]);
  };
  // Decoded blocks, newest use last: a page of a few hundred rows reads its block once, not per page.
  // Per ledger (blocks never change once written; another ledger may hold the same session ids).
  const decodedBlocks = new Map<string, MatchedBlockColumns>();
  const decodedBlock = async (sessionId: string, firstOrdinal: number, block: SqlRow): Promise<MatchedBlockColumns> => {
    const key = `${sessionId}\u0000${firstOrdinal}`;
    let columns = decodedBlocks.get(key);
    if (columns === undefined) {
      columns = await decodeStoredBlock(db, block, firstOrdinal);
      if (decodedBlocks.size >= DECODED_BLOCKS_KEPT) decodedBlocks.delete(decodedBlocks.keys().next().value as string);
    } else {
      decodedBlocks.delete(key);
    }
    decodedBlocks.set(key, columns);
    return columns;
  };
  const removeRows = async (sessionId: string): Promise<void> => {
    await db.changed(sql('DELETE FROM recon_rows WHERE session_id = ?'), [sessionId]);
    await db.changed(sql('DELETE FROM recon_matched_blocks WHERE session_id = ?'), [sessionId]);
  };
  const tableRow = async (sessionId: string, ordinal: number): Promise<ReconRowRecord | null> => {
    const found = await db.rows(sql('SELECT * FROM recon_rows WHERE session_id = ? AND ordinal = ?'), [sessionId, ordinal]);
    return found[0] === undefined ? null : reconRowFromRow(found[0]);
  };
  /** Ordinals in [first, last] that recon_rows holds a resolved copy of. */
  const copiedOut = async (sessionId: string, first: number, last: number): Promise<Set<number>> => {
    const found = await db.rows(sql('SELECT ordinal FROM recon_rows WHERE session_id = ? AND from_block = 1 AND ordinal BETWEEN ? AND ?'), [sessionId, first, last]);
    return new Set(found.map((row) => integer(row, 'ordinal')));
  };
  /** The block's copy of a row (whether or not it was copied out since). */
  const blockRow = async (sessionId: string, ordinal: number): Promise<ReconRowRecord | null> => {
    const found = await db.rows(sql('SELECT first_ordinal, rows, packed FROM recon_matched_blocks WHERE session_id = ? AND first_ordinal <= ? AND last_ordinal >= ? ORDER BY first_ordinal DESC LIMIT 1'), [sessionId, ordinal, ordinal]);
    const block = found[0];
    if (block === undefined) return null;
    const columns = await decodedBlock(sessionId, integer(block, 'first_ordinal'), block);
    const index = indexOfOrdinal(columns, ordinal);
    return index < 0 ? null : matchedBlockRecord(sessionId, columns, index);
  };
  /** Up to `wanted` block rows after `after` and before `bound`, holding `needle` (lower case; empty: any), in order, copied-out ones left out. */
  const blockRows = async (sessionId: string, after: number, bound: number, wanted: number, needle: string): Promise<ReconRowRecord[]> => {
    const rows: ReconRowRecord[] = [];
    let from = after;
    while (rows.length < wanted) {
      const found = await db.rows(sql('SELECT first_ordinal, last_ordinal, rows, packed FROM recon_matched_blocks WHERE session_id = ? AND last_ordinal > ? ORDER BY first_ordinal LIMIT 1'), [sessionId, from]);
      const block = found[0];
      if (block === undefined) break;
      const first = integer(block, 'first_ordinal');
      const last = integer(block, 'last_ordinal');
      if (first >= bound) break;
      const columns = await decodedBlock(sessionId, first, block);
      const skip = await copiedOut(sessionId, first, last);
      for (let index = 0; index < columns.ordinal.length && rows.length < wanted; index += 1) {
        const ordinal = columns.ordinal[index] as number;
        if (ordinal <= after || ordinal >= bound || skip.has(ordinal)) continue;
        if (needle !== '' && !matchedBlockRowHolds(columns, index, needle)) continue;
        rows.push(matchedBlockRecord(sessionId, columns, index));
      }
      from = last;
    }
    return rows;
  };
  const addBatch = async (sessionId: string, batch: ReconRowBatch): Promise<void> => {
    if (batch.size === 0) return;
    // Rows are numbered on from the session's count, read in the same unit of work (one importer per session).
    const session = await getSession(sessionId);
    if (session === null) throw new NotFoundError(`No reconciliation session ${sessionId}`);
    const before = session.rowCount + 1;
    if (batch.others.length > 0) await db.insertRows(sessionId, batch.others.map(({ position, row }) => ({ ordinal: before + position, row, fromBlock: false })));
    const block = batch.matched;
    if (block !== null) {
      await db.changed(sql('INSERT INTO recon_matched_blocks (session_id, first_ordinal, last_ordinal, row_count, packed, totals) VALUES (?, ?, ?, ?, ?, ?)'), [
        sessionId, before + block.firstPosition, before + block.lastPosition, block.rowCount, block.bytes, block.totals,
      ]);
    }
    await db.changed(sql('UPDATE recon_sessions SET row_count = row_count + ? WHERE id = ?'), [batch.size, sessionId]);
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
      await addBatch(sessionId, reconRowBatch(rows));
    },
    addBatch,
    async finishSession(id, status, at) {
      if (status === 'cancelled') {
        // Nothing of a cancelled import stays: its rows go, the session stays as a trace of who cancelled what.
        await removeRows(id);
      }
      const changed = await db.changed(sql(`UPDATE recon_sessions SET status = ?, finished_at = ?, row_count = ${status === 'cancelled' ? '0' : 'row_count'} WHERE id = ? AND status = 'running'`), [status, isoDate(at), id]);
      const stored = await getSession(id);
      if (stored === null) throw new NotFoundError(`No reconciliation session ${id}`);
      if (changed === 0) throw new ValidationError(`Reconciliation session ${id} is already ${stored.status}`, { status: stored.status });
      return stored;
    },
    async summary(sessionId) {
      const lines = new Map<string, { reconClass: ReconClass; currency: string; count: number; amountMinor: bigint }>();
      const add = (reconClass: ReconClass, currency: string, count: number, amountMinor: bigint): void => {
        const key = `${reconClass} ${currency}`;
        const line = lines.get(key);
        if (line === undefined) lines.set(key, { reconClass, currency, count, amountMinor });
        else {
          line.count += count;
          line.amountMinor += amountMinor;
        }
      };
      for (const row of await db.rows(sql('SELECT recon_class, currency, COUNT(*) AS n, SUM(amount_minor) AS total FROM recon_rows WHERE session_id = ? GROUP BY recon_class, currency'), [sessionId])) {
        add(text(row, 'recon_class') as ReconClass, text(row, 'currency'), integer(row, 'n'), bigInteger(row, 'total'));
      }
      for (const row of await db.rows(sql('SELECT totals FROM recon_matched_blocks WHERE session_id = ?'), [sessionId])) {
        for (const [currency, [count, amount]] of Object.entries(decodeMatchedTotals(text(row, 'totals')))) add('matched', currency, count, BigInt(amount));
      }
      // A resolved copy counts under its own class above; its block's copy no longer counts as matched.
      for (const row of await db.rows(sql('SELECT currency, COUNT(*) AS n, SUM(amount_minor) AS total FROM recon_rows WHERE session_id = ? AND from_block = 1 GROUP BY currency'), [sessionId])) {
        add('matched', text(row, 'currency'), -integer(row, 'n'), -bigInteger(row, 'total'));
      }
      return [...lines.values()].filter((line) => line.count !== 0).sort(SUMMARY_ORDER);
    },
    async rows(sessionId, filter, limit, cursor) {
      requirePageSize('Reconciliation rows', limit);
      const after = decodeRowCursor(cursor);
      const needle = filter.text?.trim() ?? '';
      const where = ['session_id = ?', 'ordinal > ?'];
      const params: unknown[] = [sessionId, after];
      if (filter.reconClass !== undefined) {
        where.push('recon_class = ?');
        params.push(filter.reconClass);
      }
      if (needle !== '') {
        const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.push(`(gateway_transaction_id ${like} ? ESCAPE '\\' OR merchant_reference ${like} ? ESCAPE '\\' OR payment_id ${like} ? ESCAPE '\\')`);
        params.push(pattern, pattern, pattern);
      }
      params.push(limit + 1);
      const found = (await db.rows(sql(`SELECT * FROM recon_rows WHERE ${where.join(' AND ')} ORDER BY ordinal LIMIT ?`), params)).map(reconRowFromRow);
      if (filter.reconClass === undefined || filter.reconClass === 'matched') {
        // Rows past the (limit + 1)th of recon_rows cannot be on this page: blocks are read up to there.
        const bound = found.length > limit ? (found[limit] as ReconRowRecord).id : Infinity;
        found.push(...(await blockRows(sessionId, after, bound, limit + 1, needle.toLowerCase())));
        found.sort((a, b) => a.id - b.id);
      }
      const rows = found.slice(0, limit);
      const last = rows[rows.length - 1];
      return { rows, nextCursor: found.length > limit && last !== undefined ? String(last.id) : null };
    },
    async getRow(sessionId, rowId) {
      return (await tableRow(sessionId, rowId)) ?? blockRow(sessionId, rowId);
    },
    async resolveRow(sessionId, rowId, patch) {
      const { resolution, reclassify } = patch;
      if ((await tableRow(sessionId, rowId)) === null) {
        // A matched row is resolved in a copy of its own, out of its block.
        const inBlock = await blockRow(sessionId, rowId);
        if (inBlock === null) throw new NotFoundError(`No row ${rowId} in reconciliation session ${sessionId}`);
        await db.insertRows(sessionId, [{ ordinal: rowId, row: inBlock, fromBlock: true }]);
      }
      const changed = await db.changed(
        sql(`UPDATE recon_rows SET resolution = ?, resolution_note = ?, follow_up = ?, resolved_by = ?, resolved_at = ?,
          recon_class = COALESCE(?, recon_class), payment_id = COALESCE(?, payment_id), reason = CASE WHEN ? = 1 THEN ? ELSE reason END,
          ledger_amount_minor = COALESCE(?, ledger_amount_minor), ledger_status = COALESCE(?, ledger_status)
          WHERE session_id = ? AND ordinal = ?`),
        [
          resolution.kind, resolution.note, resolution.followUp, resolution.by, isoDate(resolution.at),
          reclassify?.reconClass ?? null, reclassify?.paymentId ?? null, reclassify === undefined ? 0 : 1, reclassify?.reason ?? null,
          reclassify?.ledgerAmountMinor ?? null, reclassify?.ledgerStatus ?? null, sessionId, rowId,
        ],
      );
      if (changed === 0) throw new NotFoundError(`No row ${rowId} in reconciliation session ${sessionId}`);
      return (await tableRow(sessionId, rowId)) as ReconRowRecord;
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
      await removeRows(id);
      return true;
    },
  };
}
