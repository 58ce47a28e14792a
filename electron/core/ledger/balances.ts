/**
 * Capturable and refundable amounts, derived from the operations journal rather than stored, so
 * they cannot drift from what was actually sent. Operations whose outcome is not final are
 * reserved: a capture that timed out still blocks the money it may have captured.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Balances } from './types.ts';
import { bigInteger, text, type SqlRow } from './row-reader.ts';
import { inTextList } from './dialect-sql.ts';

const IN_FLIGHT = "('intent', 'sent', 'pending', 'unknown')";

/**
 * For a sale the purchase, a merchant-initiated charge or a later instalment both authorises and
 * captures; for an auth a merchant-initiated charge only authorises. `which` picks the payments
 * (one, or a page of them) in the backend's own placeholders.
 */
function balanceSql(which: string): string {
  return `
  SELECT
    p.id AS payment_id,
    p.kind AS payment_kind,
    COALESCE(SUM(CASE WHEN o.state = 'succeeded' AND (
      (p.kind = 'sale' AND o.kind IN ('purchase', 'mit', 'installment')) OR (p.kind = 'auth' AND o.kind IN ('authorize', 'mit'))
    ) THEN o.amount_minor END), 0) AS authorized_minor,
    COALESCE(SUM(CASE WHEN o.state = 'succeeded' AND (
      (p.kind = 'sale' AND o.kind IN ('purchase', 'mit', 'installment')) OR (p.kind = 'auth' AND o.kind = 'capture') OR o.kind = 'rebill'
    ) THEN o.amount_minor END), 0) AS captured_minor,
    COALESCE(SUM(CASE WHEN o.state = 'succeeded' AND o.kind = 'chargeback' THEN o.amount_minor
                      WHEN o.state = 'succeeded' AND o.kind = 'chargeback_reversal' THEN -o.amount_minor END), 0) AS charged_back_minor,
    COALESCE(SUM(CASE WHEN o.state = 'succeeded' AND o.kind = 'refund' THEN o.amount_minor END), 0) AS refunded_minor,
    COALESCE(SUM(CASE WHEN o.state = 'succeeded' AND p.kind = 'auth' AND o.kind = 'void' THEN o.amount_minor END), 0) AS voided_minor,
    COALESCE(SUM(CASE WHEN o.state IN ${IN_FLIGHT} AND o.kind = 'capture' THEN o.amount_minor END), 0) AS capture_in_flight_minor,
    COALESCE(SUM(CASE WHEN o.state IN ${IN_FLIGHT} AND o.kind = 'refund' THEN o.amount_minor END), 0) AS refund_in_flight_minor,
    COALESCE(SUM(CASE WHEN o.state IN ${IN_FLIGHT} AND o.kind = 'void' THEN o.amount_minor END), 0) AS void_in_flight_minor
  FROM payments p
  LEFT JOIN operations o ON o.payment_id = p.id
  WHERE ${which}
  GROUP BY p.seq
`;
}

/** One payment's balances; one parameter, its id (`?`; the PostgreSQL backend renumbers it). */
export const BALANCE_SQL = balanceSql('p.id = ?');

/** A page of payments' balances in one statement; one parameter, their ids as a JSON array. */
export const SQLITE_BALANCES_OF_SQL = balanceSql(inTextList('sqlite', 'p.id'));

/** A page of payments' balances in one statement; one parameter, their ids as an array. */
export const POSTGRES_BALANCES_OF_SQL = balanceSql(inTextList('postgres', 'p.id'));

function atLeastZero(value: bigint): bigint {
  return value > 0n ? value : 0n;
}

export function balancesFromRow(row: SqlRow): Balances {
  const authorizedMinor = bigInteger(row, 'authorized_minor');
  const capturedMinor = bigInteger(row, 'captured_minor');
  const refundedMinor = bigInteger(row, 'refunded_minor');
  const voidedMinor = bigInteger(row, 'voided_minor');
  const chargedBackMinor = atLeastZero(bigInteger(row, 'charged_back_minor'));
  const captureInFlightMinor = bigInteger(row, 'capture_in_flight_minor');
  const refundInFlightMinor = bigInteger(row, 'refund_in_flight_minor');
  const voidInFlightMinor = bigInteger(row, 'void_in_flight_minor');
  const capturableMinor =
    text(row, 'payment_kind') === 'auth' ? atLeastZero(authorizedMinor - capturedMinor - voidedMinor - captureInFlightMinor - voidInFlightMinor) : 0n;
  const refundableMinor = atLeastZero(capturedMinor - refundedMinor - chargedBackMinor - refundInFlightMinor);
  return {
    authorizedMinor,
    capturedMinor,
    refundedMinor,
    voidedMinor,
    chargedBackMinor,
    captureInFlightMinor,
    refundInFlightMinor,
    voidInFlightMinor,
    capturableMinor,
    refundableMinor,
  };
}

export function prepareBalanceQuery(db: DatabaseSync): StatementSync {
  return db.prepare(BALANCE_SQL);
}

/** Rows of a page's balance statement by payment id. */
export function balancesByPayment(rows: readonly SqlRow[]): Map<string, Balances> {
  return new Map(rows.map((row) => [text(row, 'payment_id'), balancesFromRow(row)]));
}
