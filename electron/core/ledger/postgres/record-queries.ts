/**
 * Tokens, mandates, webhook receipts and the wire log on PostgreSQL: the SQLite store's statements
 * and errors. A mandate read inside a unit of work takes its row lock, like a payment's.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { WireRecord } from '../../http/http-client.ts';
import { mandateFromRow, tokenFromRow, wireFromRow } from '../row-mappers.ts';
import type { MandatePatch, MandateRow, NewMandate, NotificationReceipt, StoredToken, StoredWire, WireCursor, WireLogPage } from '../types.ts';
import { inDialect } from '../dialect-sql.ts';
import { WIRE_COUNT_SQL, wireCountOf, wirePageOf, wirePageParams, wirePageSql, wireRepeatParams, wireRepeatSql } from '../wire-log-queries.ts';
import { FOREIGN_KEY_VIOLATION, postgresErrorCode, UNIQUE_VIOLATION, violatedConstraint } from './pg-rows.ts';
import { one, setClause, type PgSession } from './pg-session.ts';

export const tokenQueries = {
  async insert(session: PgSession, token: StoredToken): Promise<void> {
    try {
      await session.guarded(() =>
        session.changed(
          `INSERT INTO tokens (id, profile_id, gateway_id, token_value, brand, last4, expiry_month, expiry_year, holder, origin_payment_id, status, gateway_data, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)`,
          [
            token.id, token.profileId, token.gatewayId, token.tokenValue, token.brand, token.last4, token.expiryMonth, token.expiryYear, token.holder,
            token.originPaymentId, token.status, JSON.stringify(token.gatewayData), token.createdAt.toISOString(),
          ],
        ),
      );
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION) throw new ConflictError(`Token ${token.id} (or the same token value for profile ${token.profileId}) is already stored`);
      if (postgresErrorCode(error) === FOREIGN_KEY_VIOLATION) throw new NotFoundError(`No payment with id ${token.originPaymentId ?? ''}`);
      throw error;
    }
  },

  async get(session: PgSession, id: string): Promise<StoredToken | null> {
    const row = await one(session, 'SELECT * FROM tokens WHERE id = $1', [id]);
    return row === null ? null : tokenFromRow(row);
  },

  async list(session: PgSession, profileId?: string): Promise<StoredToken[]> {
    const rows =
      profileId === undefined
        ? await session.rows("SELECT * FROM tokens WHERE status = 'active' ORDER BY created_at DESC, seq DESC")
        : await session.rows("SELECT * FROM tokens WHERE status = 'active' AND profile_id = $1 ORDER BY created_at DESC, seq DESC", [profileId]);
    return rows.map(tokenFromRow);
  },

  /** The row stays (payments made with it still name it); only its use for new charges ends. */
  async delete(session: PgSession, id: string): Promise<boolean> {
    return (await session.changed("UPDATE tokens SET status = 'deleted' WHERE id = $1 AND status = 'active'", [id])) > 0;
  },
};

async function getMandate(session: PgSession, id: string): Promise<MandateRow | null> {
  const row = await one(session, `SELECT * FROM mandates WHERE id = $1${session.inUnit ? ' FOR UPDATE' : ''}`, [id]);
  return row === null ? null : mandateFromRow(row);
}

export const mandateQueries = {
  get: getMandate,

  async insert(session: PgSession, mandate: NewMandate): Promise<MandateRow> {
    const createdAt = mandate.createdAt.toISOString();
    try {
      const row = await session.guarded(() =>
        one(
          session,
          `INSERT INTO mandates (id, profile_id, gateway_id, merchant_reference, phone, customer_name, mandate_type, status, gateway_data, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '{}', $9, $9) RETURNING *`,
          [mandate.id, mandate.profileId, mandate.gatewayId, mandate.merchantReference, mandate.phone, mandate.customerName, mandate.mandateType, mandate.status, createdAt],
        ),
      );
      return mandateFromRow(row!);
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION) {
        throw violatedConstraint(error).includes('merchant_reference')
          ? new ConflictError(`Profile ${mandate.profileId} already has a mandate with merchant reference ${mandate.merchantReference}`, {
              merchantReference: 'Already used by another mandate of this profile',
            })
          : new ConflictError(`A mandate with id ${mandate.id} already exists`);
      }
      throw error;
    }
  },

  async findByGatewayId(session: PgSession, profileId: string, gatewayMandateId: string): Promise<MandateRow | null> {
    const row = await one(session, 'SELECT * FROM mandates WHERE profile_id = $1 AND gateway_mandate_id = $2', [profileId, gatewayMandateId]);
    return row === null ? null : mandateFromRow(row);
  },

  async update(session: PgSession, id: string, patch: MandatePatch, at: Date): Promise<MandateRow> {
    const update = setClause(
      {
        updated_at: at.toISOString(),
        status: patch.status,
        gateway_mandate_id: patch.gatewayMandateId,
        limit_minor: patch.limitMinor,
        currency: patch.currency,
        expires_at: patch.expiresAt === undefined ? undefined : patch.expiresAt === null ? null : patch.expiresAt.toISOString(),
        gateway_code: patch.gatewayCode,
        gateway_message: patch.gatewayMessage,
      },
      2,
    );
    const merge = patch.gatewayData === undefined ? '' : `, gateway_data = gateway_data || $${2 + update.params.length}::jsonb`;
    const params = [id, ...update.params, ...(patch.gatewayData === undefined ? [] : [JSON.stringify(patch.gatewayData)])];
    let row;
    try {
      row = await session.guarded(() => one(session, `UPDATE mandates SET ${update.sql}${merge} WHERE id = $1 RETURNING *`, params));
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION) {
        const current = await getMandate(session, id);
        throw new ConflictError(`Profile ${current?.profileId ?? ''} already has a mandate with gateway id ${patch.gatewayMandateId ?? ''}`, {
          gatewayMandateId: 'Already recorded on another mandate of this profile',
        });
      }
      throw error;
    }
    if (row === null) throw new NotFoundError(`No mandate with id ${id}`);
    return mandateFromRow(row);
  },

  async list(session: PgSession, profileId?: string): Promise<MandateRow[]> {
    const rows =
      profileId === undefined
        ? await session.rows('SELECT * FROM mandates ORDER BY created_at DESC, seq DESC')
        : await session.rows('SELECT * FROM mandates WHERE profile_id = $1 ORDER BY created_at DESC, seq DESC', [profileId]);
    return rows.map(mandateFromRow);
  },
};

/** The primary key (profile_id, event_id) decides, so two consoles receiving the same delivery record it once. */
export async function recordNotification(session: PgSession, receipt: NotificationReceipt): Promise<boolean> {
  const inserted = await session.changed(
    `INSERT INTO notifications (profile_id, event_id, received_at, subject, gateway_transaction_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (profile_id, event_id) DO NOTHING`,
    [receipt.profileId, receipt.eventId, receipt.receivedAt.toISOString(), receipt.subject, receipt.gatewayTransactionId],
  );
  return inserted === 1;
}

export const wireQueries = {
  async record(session: PgSession, entry: WireRecord): Promise<void> {
    const repeat = wireRepeatParams(entry);
    if (repeat !== null && (await session.changed(wireRepeatSql('postgres'), repeat)) === 1) return;
    await session.changed(
      `INSERT INTO wire_log (id, gateway_id, payment_id, operation_id, at, method, url, request_headers, request_body, response_status, response_headers, response_body, duration_ms, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12, $13, $14)`,
      [
        randomUUID(), entry.gatewayId, entry.paymentId, entry.operationId, entry.at.toISOString(), entry.method, entry.url, JSON.stringify(entry.requestHeaders),
        entry.requestBody, entry.responseStatus, JSON.stringify(entry.responseHeaders), entry.responseBody, Math.round(entry.durationMs), entry.error,
      ],
    );
  },

  async listForPayment(session: PgSession, paymentId: string): Promise<StoredWire[]> {
    return (await session.rows('SELECT * FROM wire_log WHERE payment_id = $1 ORDER BY at, seq', [paymentId])).map(wireFromRow);
  },

  async page(session: PgSession, paymentId: string, limit: number, before: WireCursor | null): Promise<WireLogPage> {
    return wirePageOf(await session.rows(wirePageSql('postgres', before !== null), wirePageParams(paymentId, limit, before)), limit);
  },

  async count(session: PgSession, paymentId: string): Promise<number> {
    return wireCountOf(await session.rows(inDialect('postgres', WIRE_COUNT_SQL), [paymentId]));
  },
};
