/**
 * Payments, the operations journal, status events and balances on PostgreSQL: the SQLite store's
 * statements (sqlite-ledger.ts) in PostgreSQL's dialect, with the same errors. Inside a unit of
 * work a payment read takes the row lock, so a money rule's read-check-write on one payment runs
 * one console at a time. Writes that change a payment announce it (pg_notify, delivered on commit).
 */
import type { GatewayId, PaymentStatus } from '../../../../shared/domain/schemas.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { BALANCE_SQL, balancesByPayment, balancesFromRow, POSTGRES_BALANCES_OF_SQL } from '../balances.ts';
import { requirePageSize } from '../ledger-arguments.ts';
import { instructionsToJson } from '../payment-instructions.ts';
import { operationFromRow, paymentFromRow, statusEventFromRow } from '../row-mappers.ts';
import { integer } from '../row-reader.ts';
import type { Balances, NewOperation, NewPayment, OperationPatch, OperationRow, PaymentPatch, PaymentRow, StatusEvent } from '../types.ts';
import { FOREIGN_KEY_VIOLATION, postgresErrorCode, UNIQUE_VIOLATION, violatedConstraint } from './pg-rows.ts';
import { announce, one, setClause, type PgSession } from './pg-session.ts';

const BALANCE_PG_SQL = BALANCE_SQL.replace('?', '$1');

function iso(value: Date | null | undefined): string | null | undefined {
  return value === undefined ? undefined : value === null ? null : value.toISOString();
}

function lock(session: PgSession): string {
  return session.inUnit ? ' FOR UPDATE' : '';
}

export async function insertPayment(session: PgSession, payment: NewPayment): Promise<PaymentRow> {
  const createdAt = payment.createdAt.toISOString();
  try {
    const rows = await session.guarded(() =>
      session.rows(
        `WITH inserted AS (
          INSERT INTO payments (
            id, profile_id, profile_name, gateway_id, environment, kind, method, moto, status, currency,
            amount_minor, merchant_reference, description, customer_name, customer_email, customer_phone,
            card_brand, card_bin, card_last4, card_expiry_month, card_expiry_year, card_holder,
            imported, gateway_data, created_at, updated_at
          ) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, '{}', $24, $24)
          RETURNING *)
        SELECT inserted.*, ${announce('inserted.id', '$25')} FROM inserted`,
        [
          payment.id, payment.profileId, payment.profileName, payment.gatewayId, payment.environment, payment.kind, payment.method, payment.moto,
          payment.status, payment.currency, payment.amountMinor, payment.merchantReference, payment.description, payment.customerName,
          payment.customerEmail, payment.customerPhone, payment.card?.brand ?? null, payment.card?.bin ?? null, payment.card?.last4 ?? null,
          payment.card?.expiryMonth ?? null, payment.card?.expiryYear ?? null, payment.card?.holder ?? null, payment.imported, createdAt, session.writer,
        ],
      ),
    );
    return paymentFromRow(rows[0]!);
  } catch (error) {
    if (postgresErrorCode(error) === UNIQUE_VIOLATION) {
      throw violatedConstraint(error).includes('merchant_reference')
        ? new ConflictError(`Profile ${payment.profileId} already has a payment with merchant reference ${payment.merchantReference}`, {
            merchantReference: 'Already used by another payment of this profile',
          })
        : new ConflictError(`A payment with id ${payment.id} already exists`);
    }
    throw error;
  }
}

export async function getPayment(session: PgSession, id: string): Promise<PaymentRow | null> {
  const row = await one(session, `SELECT * FROM payments WHERE id = $1${lock(session)}`, [id]);
  return row === null ? null : paymentFromRow(row);
}

export async function findPaymentByGatewayId(session: PgSession, gatewayId: GatewayId, gatewayTransactionId: string): Promise<PaymentRow | null> {
  const row = await one(session, 'SELECT * FROM payments WHERE gateway_id = $1 AND gateway_transaction_id = $2 ORDER BY seq DESC LIMIT 1', [gatewayId, gatewayTransactionId]);
  return row === null ? null : paymentFromRow(row);
}

export async function findPaymentByMerchantReference(session: PgSession, profileId: string, merchantReference: string): Promise<PaymentRow | null> {
  const row = await one(session, 'SELECT * FROM payments WHERE profile_id = $1 AND merchant_reference = $2', [profileId, merchantReference]);
  return row === null ? null : paymentFromRow(row);
}

/** One statement: `||` merges gatewayData into the stored map the way the SQLite store's spread does. */
export async function updatePayment(session: PgSession, id: string, patch: PaymentPatch, at: Date): Promise<PaymentRow> {
  const update = setClause(
    {
      updated_at: at.toISOString(),
      status: patch.status,
      gateway_transaction_id: patch.gatewayTransactionId,
      gateway_code: patch.gatewayCode,
      gateway_message: patch.gatewayMessage,
      pending_action: patch.pendingAction === undefined ? undefined : patch.pendingAction === null ? null : JSON.stringify(patch.pendingAction),
      instructions: patch.instructions === undefined ? undefined : patch.instructions === null ? null : instructionsToJson(patch.instructions),
      last_gateway_event_at: iso(patch.lastGatewayEventAt),
    },
    3,
  );
  const merge = patch.gatewayData === undefined ? '' : `, gateway_data = gateway_data || $${3 + update.params.length}::jsonb`;
  const params = [id, session.writer, ...update.params, ...(patch.gatewayData === undefined ? [] : [JSON.stringify(patch.gatewayData)])];
  const row = await one(
    session,
    `WITH updated AS (UPDATE payments SET ${update.sql}${merge} WHERE id = $1 RETURNING *)
     SELECT updated.*, ${announce('updated.id', '$2')} FROM updated`,
    params,
  );
  if (row === null) throw new NotFoundError(`No payment with id ${id}`);
  return paymentFromRow(row);
}

/** Open means a poller may still learn something: neither final nor waiting for an operator. */
export async function listOpenPayments(session: PgSession, limit: number): Promise<PaymentRow[]> {
  requirePageSize('Open payments', limit);
  const rows = await session.rows("SELECT * FROM payments WHERE status IN ('pending', 'requires_action', 'unknown') ORDER BY created_at, seq LIMIT $1", [limit]);
  return rows.map(paymentFromRow);
}

export async function listPaymentsMissingGatewayId(session: PgSession, limit: number): Promise<PaymentRow[]> {
  const rows = await session.rows(
    `SELECT p.* FROM payments p
      WHERE p.gateway_transaction_id IS NULL AND NOT p.imported
        AND EXISTS (SELECT 1 FROM operations o WHERE o.payment_id = p.id AND o.kind IN ('purchase', 'authorize', 'mit') AND o.state IN ('succeeded', 'pending'))
      ORDER BY p.created_at LIMIT $1`,
    [limit],
  );
  return rows.map(paymentFromRow);
}

export async function countPaymentsWithStatus(session: PgSession, status: PaymentStatus): Promise<number> {
  const row = await one(session, 'SELECT COUNT(*) AS n FROM payments WHERE status = $1', [status]);
  return row === null ? 0 : integer(row, 'n');
}

export async function addStatusEvent(session: PgSession, event: StatusEvent): Promise<void> {
  try {
    await session.guarded(() =>
      session.rows('INSERT INTO status_events (payment_id, at, from_status, to_status, source, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
        event.paymentId,
        event.at.toISOString(),
        event.from,
        event.to,
        event.source,
        event.detail,
      ]),
    );
  } catch (error) {
    if (postgresErrorCode(error) === FOREIGN_KEY_VIOLATION) throw new NotFoundError(`No payment with id ${event.paymentId}`);
    throw error;
  }
}

export async function listStatusEvents(session: PgSession, paymentId: string): Promise<StatusEvent[]> {
  return (await session.rows('SELECT * FROM status_events WHERE payment_id = $1 ORDER BY seq', [paymentId])).map(statusEventFromRow);
}

/** Reads the payment first, as the SQLite store does; inside a unit of work that read is its row lock. */
export async function insertOperation(session: PgSession, operation: NewOperation): Promise<OperationRow> {
  return session.atomic(async (unit) => {
    const payment = await getPayment(unit, operation.paymentId);
    if (payment === null) throw new NotFoundError(`No payment with id ${operation.paymentId}`);
    if (payment.currency !== operation.currency) {
      throw new ValidationError(`The operation is in ${operation.currency} but payment ${payment.id} is in ${payment.currency}`, {
        currency: `Must be ${payment.currency}, the payment's currency`,
      });
    }
    try {
      const row = await unit.guarded(() =>
        one(
          unit,
          `WITH inserted AS (
            INSERT INTO operations (id, payment_id, kind, amount_minor, currency, merchant_reference, reason, operator, state, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'intent', $9) RETURNING *)
          SELECT inserted.*, ${announce('inserted.payment_id', '$10')} FROM inserted`,
          [
            operation.id, operation.paymentId, operation.kind, operation.amountMinor, operation.currency, operation.merchantReference,
            operation.reason, operation.operator, operation.createdAt.toISOString(), unit.writer,
          ],
        ),
      );
      return operationFromRow(row!);
    } catch (error) {
      if (postgresErrorCode(error) === UNIQUE_VIOLATION) {
        throw violatedConstraint(error).includes('merchant_reference')
          ? new ConflictError(`An operation with merchant reference ${operation.merchantReference} is already in the journal`, {
              merchantReference: 'Already used by another operation',
            })
          : new ConflictError(`An operation with id ${operation.id} already exists`);
      }
      if (postgresErrorCode(error) === FOREIGN_KEY_VIOLATION) throw new NotFoundError(`No payment with id ${operation.paymentId}`);
      throw error;
    }
  });
}

export async function getOperation(session: PgSession, id: string): Promise<OperationRow | null> {
  const row = await one(session, 'SELECT * FROM operations WHERE id = $1', [id]);
  return row === null ? null : operationFromRow(row);
}

export async function updateOperation(session: PgSession, id: string, patch: OperationPatch): Promise<OperationRow> {
  const update = setClause(
    {
      state: patch.state,
      gateway_operation_id: patch.gatewayOperationId,
      gateway_code: patch.gatewayCode,
      gateway_message: patch.gatewayMessage,
      sent_at: iso(patch.sentAt),
      completed_at: iso(patch.completedAt),
      in_flight_until: iso(patch.inFlightUntil),
      lease_owner: patch.leaseOwner,
    },
    3,
  );
  const row =
    update.params.length === 0
      ? await one(session, 'SELECT * FROM operations WHERE id = $1', [id])
      : await one(
          session,
          `WITH updated AS (UPDATE operations SET ${update.sql} WHERE id = $1 RETURNING *)
           SELECT updated.*, ${announce('updated.payment_id', '$2')} FROM updated`,
          [id, session.writer, ...update.params],
        );
  if (row === null) throw new NotFoundError(`No operation with id ${id}`);
  return operationFromRow(row);
}

export async function findOperationByMerchantReference(session: PgSession, merchantReference: string): Promise<OperationRow | null> {
  const row = await one(session, 'SELECT * FROM operations WHERE merchant_reference = $1', [merchantReference]);
  return row === null ? null : operationFromRow(row);
}

/** Gateways do not promise their operation ids are unique across our payments; the newest wins. */
export async function findOperationByGatewayId(session: PgSession, gatewayOperationId: string): Promise<OperationRow | null> {
  const row = await one(session, 'SELECT * FROM operations WHERE gateway_operation_id = $1 ORDER BY seq DESC LIMIT 1', [gatewayOperationId]);
  return row === null ? null : operationFromRow(row);
}

export async function listOperations(session: PgSession, paymentId: string): Promise<OperationRow[]> {
  return (await session.rows('SELECT * FROM operations WHERE payment_id = $1 ORDER BY seq', [paymentId])).map(operationFromRow);
}

export async function listUnresolvedOperations(session: PgSession): Promise<OperationRow[]> {
  const rows = await session.rows(
    "SELECT * FROM operations WHERE state IN ('intent', 'sent', 'unknown') OR (state = 'pending' AND kind IN ('capture', 'refund', 'void', 'rebill')) ORDER BY created_at, seq",
  );
  return rows.map(operationFromRow);
}

/**
 * Inside a unit of work the payment's row is locked first, then the journal summed in a statement
 * of its own: under READ COMMITTED that statement sees every operation committed by whoever held
 * the lock before, so "check, then insert the intent" cannot interleave with another console's.
 */
export async function balances(session: PgSession, paymentId: string): Promise<Balances> {
  if (session.inUnit && (await one(session, 'SELECT 1 FROM payments WHERE id = $1 FOR UPDATE', [paymentId])) === null) {
    throw new NotFoundError(`No payment with id ${paymentId}`);
  }
  const row = await one(session, BALANCE_PG_SQL, [paymentId]);
  if (row === null) throw new NotFoundError(`No payment with id ${paymentId}`);
  return balancesFromRow(row);
}

export async function balancesOf(session: PgSession, paymentIds: readonly string[]): Promise<Map<string, Balances>> {
  return paymentIds.length === 0 ? new Map() : balancesByPayment(await session.rows(POSTGRES_BALANCES_OF_SQL, [paymentIds]));
}
