/**
 * The MIT batch repository, written once for both backends (dialect-sql.ts). Every change of a
 * batch's or a row's state is one conditional UPDATE, so the condition and the change cannot be
 * split by another console on the same ledger: who holds a batch (its lease) and who starts a row
 * are decided by the database, never by a read followed by a write.
 */
import type { MitBatchRowState, MitBatchStatus } from '../../../shared/domain/mit-batch.ts';
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { inDialect, type SqlDb } from './dialect-sql.ts';
import { requirePageSize } from './ledger-arguments.ts';
import type { MitBatchRecord, MitBatchRowOutcome, MitBatchRowPage, MitBatchRowProblem, MitBatchRowRecord, NewMitBatch, NewMitBatchRow } from './mit-batch-types.ts';
import type { MitBatchRepository } from './port.ts';
import { bigInteger, date, integer, isoDate, json, optionalBigInteger, optionalDate, optionalInteger, optionalText, text, type SqlRow } from './row-reader.ts';

const ROW_COLUMNS = [
  'batch_id', 'ordinal', 'line', 'token_id', 'customer_reference', 'amount', 'amount_minor', 'currency', 'reference', 'recurrence', 'description',
  'merchant_reference', 'state', 'problems',
] as const;
/** Rows per INSERT: well under either backend's limit on bound values. */
const ROWS_PER_INSERT = 500;

function rowFromRow(row: SqlRow): MitBatchRowRecord {
  return {
    batchId: text(row, 'batch_id'),
    ordinal: integer(row, 'ordinal'),
    line: integer(row, 'line'),
    tokenId: optionalText(row, 'token_id'),
    customerReference: optionalText(row, 'customer_reference'),
    amount: optionalText(row, 'amount'),
    amountMinor: optionalBigInteger(row, 'amount_minor'),
    currency: optionalText(row, 'currency'),
    reference: optionalText(row, 'reference'),
    recurrence: optionalText(row, 'recurrence') as MitBatchRowRecord['recurrence'],
    description: optionalText(row, 'description'),
    merchantReference: optionalText(row, 'merchant_reference'),
    state: text(row, 'state') as MitBatchRowState,
    problems: json<MitBatchRowProblem[]>(row, 'problems'),
    paymentId: optionalText(row, 'payment_id'),
    gatewayTransactionId: optionalText(row, 'gateway_transaction_id'),
    gatewayCode: optionalText(row, 'gateway_code'),
    gatewayMessage: optionalText(row, 'gateway_message'),
    error: optionalText(row, 'error'),
    finishedAt: optionalDate(row, 'finished_at'),
  };
}

function rowValues(batchId: string, row: NewMitBatchRow): unknown[] {
  return [
    batchId, row.ordinal, row.line, row.tokenId, row.customerReference, row.amount, row.amountMinor, row.currency, row.reference, row.recurrence, row.description,
    row.merchantReference, row.merchantReference === null ? 'invalid' : 'ready', JSON.stringify(row.problems),
  ];
}

export function mitBatchRepository(db: SqlDb): MitBatchRepository {
  const sql = (query: string): string => inDialect(db.dialect, query);

  async function batchOf(row: SqlRow): Promise<MitBatchRecord> {
    const id = text(row, 'id');
    const states = new Map<MitBatchRowState, number>();
    for (const counted of await db.rows(sql('SELECT state, COUNT(*) AS n FROM mit_batch_rows WHERE batch_id = ? GROUP BY state'), [id])) {
      states.set(text(counted, 'state') as MitBatchRowState, integer(counted, 'n'));
    }
    const totals = (
      await db.rows(
        sql("SELECT currency, COUNT(*) AS n, CAST(SUM(amount_minor) AS BIGINT) AS amount_minor FROM mit_batch_rows WHERE batch_id = ? AND state <> 'invalid' GROUP BY currency ORDER BY currency"),
        [id],
      )
    ).map((total) => ({ currency: text(total, 'currency'), count: integer(total, 'n'), amountMinor: bigInteger(total, 'amount_minor') }));
    return {
      id,
      profileId: text(row, 'profile_id'),
      gatewayId: text(row, 'gateway_id') as GatewayId,
      operator: text(row, 'operator'),
      fileName: text(row, 'file_name'),
      status: text(row, 'status') as MitBatchStatus,
      rowCount: integer(row, 'row_count'),
      createdAt: date(row, 'created_at'),
      startedAt: optionalDate(row, 'started_at'),
      finishedAt: optionalDate(row, 'finished_at'),
      owner: optionalText(row, 'owner'),
      leaseUntil: optionalDate(row, 'lease_until'),
      states,
      totals,
    };
  }

  async function get(id: string): Promise<MitBatchRecord | null> {
    const [row] = await db.rows(sql('SELECT * FROM mit_batches WHERE id = ?'), [id]);
    return row === undefined ? null : batchOf(row);
  }

  const placeholders = (count: number, width: number): string => Array.from({ length: count }, () => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ');

  return {
    async create(batch: NewMitBatch, rows: readonly NewMitBatchRow[]) {
      await db.changed(
        sql("INSERT INTO mit_batches (id, profile_id, gateway_id, operator, file_name, status, row_count, created_at) VALUES (?, ?, ?, ?, ?, 'previewed', ?, ?)"),
        [batch.id, batch.profileId, batch.gatewayId, batch.operator, batch.fileName, rows.length, isoDate(batch.createdAt)],
      );
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const slice = rows.slice(start, start + ROWS_PER_INSERT);
        await db.changed(sql(`INSERT INTO mit_batch_rows (${ROW_COLUMNS.join(', ')}) VALUES ${placeholders(slice.length, ROW_COLUMNS.length)}`), slice.flatMap((row) => rowValues(batch.id, row)));
      }
      const stored = await get(batch.id);
      if (stored === null) throw new NotFoundError(`No batch ${batch.id}`);
      return stored;
    },

    get,

    async list(filter) {
      requirePageSize('Batches', filter.limit);
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.profileId !== undefined) {
        where.push('profile_id = ?');
        params.push(filter.profileId);
      }
      if (filter.status !== undefined) {
        where.push('status = ?');
        params.push(filter.status);
      }
      const found = await db.rows(sql(`SELECT * FROM mit_batches ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`), [...params, filter.limit]);
      return Promise.all(found.map(batchOf));
    },

    async rows(batchId, filter, limit, cursor) {
      requirePageSize('Batch rows', limit);
      const after = cursor === null ? 0 : Number(cursor);
      if (!Number.isSafeInteger(after) || after < 0) throw new ValidationError('Not a cursor of this list', { cursor: 'Start again from the first page' });
      const state = filter.state === undefined ? '' : 'AND state = ?';
      const found = await db.rows(
        sql(`SELECT * FROM mit_batch_rows WHERE batch_id = ? ${state} AND ordinal > ? ORDER BY ordinal LIMIT ?`),
        [batchId, ...(filter.state === undefined ? [] : [filter.state]), after, limit + 1],
      );
      const rows = found.slice(0, limit).map(rowFromRow);
      const last = rows[rows.length - 1];
      return { rows, nextCursor: found.length > limit && last !== undefined ? String(last.ordinal) : null } satisfies MitBatchRowPage;
    },

    async claim(id, owner, from, at, leaseUntil) {
      const statuses = from.map(() => '?').join(', ');
      // The lease is checked in the update itself: a batch whose holder is alive is never taken over.
      return (
        (await db.changed(
          sql(`UPDATE mit_batches SET status = 'running', owner = ?, lease_until = ?, started_at = COALESCE(started_at, ?), finished_at = NULL
               WHERE id = ? AND status IN (${statuses}) AND (owner IS NULL OR owner = ? OR lease_until IS NULL OR lease_until < ?)`),
          [owner, isoDate(leaseUntil), isoDate(at), id, ...from, owner, isoDate(at)],
        )) === 1
      );
    },

    async renew(id, owner, leaseUntil) {
      return (await db.changed(sql("UPDATE mit_batches SET lease_until = ? WHERE id = ? AND owner = ? AND status = 'running'"), [isoDate(leaseUntil), id, owner])) === 1;
    },

    async transition(id, from, to, at) {
      const statuses = from.map(() => '?').join(', ');
      const ends = to === 'done' || to === 'cancelled';
      return (
        (await db.changed(
          sql(`UPDATE mit_batches SET status = ?, owner = NULL, lease_until = NULL, finished_at = ${ends ? '?' : 'finished_at'} WHERE id = ? AND status IN (${statuses})`),
          [to, ...(ends ? [isoDate(at)] : []), id, ...from],
        )) === 1
      );
    },

    async release(id, owner) {
      await db.changed(sql('UPDATE mit_batches SET owner = NULL, lease_until = NULL WHERE id = ? AND owner = ?'), [id, owner]);
    },

    async abandoned(at) {
      const found = await db.rows(sql("SELECT id FROM mit_batches WHERE status = 'running' AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at, id"), [isoDate(at)]);
      return found.map((row) => text(row, 'id'));
    },

    async rowsIn(batchId, state, afterOrdinal, limit) {
      requirePageSize('Batch rows', limit);
      return (await db.rows(sql('SELECT * FROM mit_batch_rows WHERE batch_id = ? AND state = ? AND ordinal > ? ORDER BY ordinal LIMIT ?'), [batchId, state, afterOrdinal, limit])).map(rowFromRow);
    },

    async claimRow(batchId, ordinal, owner) {
      // Unflushed: the charge's intent, journaled next, waits for the disk and makes the claim durable with it.
      return (await db.changedUnflushed(sql(
            `UPDATE mit_batch_rows SET state = 'charging', claimed_by = ? WHERE batch_id = ? AND ordinal = ? AND state = 'ready'
               AND EXISTS (SELECT 1 FROM mit_batches WHERE id = ? AND status = 'running' AND owner = ?)`,
          ),
          [owner, batchId, ordinal, batchId, owner],
        )) === 1;
    },

    async rereferenceRow(batchId, ordinal, from, to) {
      return (await db.changed(sql("UPDATE mit_batch_rows SET merchant_reference = ? WHERE batch_id = ? AND ordinal = ? AND state = 'charging' AND merchant_reference = ?"), [to, batchId, ordinal, from])) === 1;
    },

    async finishRow(batchId, ordinal, outcome: MitBatchRowOutcome) {
      // Unflushed: a row whose outcome a power cut lost is found charging and resolved from the journal, never charged again.
      const changed = await db.changedUnflushed(
        sql(`UPDATE mit_batch_rows SET state = ?, payment_id = COALESCE(?, payment_id), gateway_transaction_id = COALESCE(?, gateway_transaction_id), gateway_code = ?, gateway_message = ?, error = ?, finished_at = ?
             WHERE batch_id = ? AND ordinal = ? AND state NOT IN ('invalid', 'ready', 'skipped')`),
        [outcome.state, outcome.paymentId, outcome.gatewayTransactionId, outcome.gatewayCode, outcome.gatewayMessage, outcome.error, isoDate(outcome.at), batchId, ordinal],
      );
      if (changed === 0) throw new ValidationError(`Row ${ordinal} of batch ${batchId} was not started`);
    },

    async skipReady(batchId, at) {
      return db.changed(sql("UPDATE mit_batch_rows SET state = 'skipped', finished_at = ? WHERE batch_id = ? AND state = 'ready'"), [isoDate(at), batchId]);
    },

    async count(batchId, state) {
      const [row] = await db.rows(sql('SELECT COUNT(*) AS n FROM mit_batch_rows WHERE batch_id = ? AND state = ?'), [batchId, state]);
      return row === undefined ? 0 : (optionalInteger(row, 'n') ?? 0);
    },
  };
}
