/**
 * The ledger as the soak suites read it: straight from the SQLite file (read-only connection) or
 * the PostgreSQL database, so that what is compared with the gateways' books is what was
 * committed, not what a process says.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { LEDGER_FILE } from '../../../electron/core/create-core.ts';

/** Where a suite's consoles keep their ledger. */
export type SoakLedger = { readonly kind: 'sqlite'; readonly dataDir: string } | { readonly kind: 'postgres'; readonly url: string };

export interface LedgerOperation {
  readonly id: string;
  readonly kind: string;
  readonly state: string;
  readonly amountMinor: bigint;
  readonly merchantReference: string;
  readonly gatewayOperationId: string | null;
}

export interface LedgerPayment {
  readonly id: string;
  readonly profileId: string;
  readonly gatewayId: string;
  readonly kind: string;
  readonly status: string;
  readonly merchantReference: string;
  readonly gatewayTransactionId: string | null;
  readonly amountMinor: bigint;
  readonly operations: readonly LedgerOperation[];
}

/** Operation states that are not an outcome yet. */
export const UNRESOLVED_STATES: ReadonlySet<string> = new Set(['intent', 'sent', 'unknown', 'pending']);
/** The operation that creates the payment at the gateway. */
export const INITIAL_KINDS: ReadonlySet<string> = new Set(['purchase', 'authorize', 'mit']);

const text = (value: unknown): string => String(value);
const nullable = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

const OPERATIONS_SQL = 'SELECT id, payment_id, kind, state, amount_minor, merchant_reference, gateway_operation_id FROM operations ORDER BY seq';
const PAYMENTS_SQL = 'SELECT id, profile_id, gateway_id, kind, status, merchant_reference, gateway_transaction_id, amount_minor FROM payments ORDER BY seq';

export async function readLedger(ledger: SoakLedger): Promise<LedgerPayment[]> {
  if (ledger.kind === 'sqlite') {
    const db = new DatabaseSync(join(ledger.dataDir, LEDGER_FILE), { readOnly: true, readBigInts: true, timeout: 5_000 });
    try {
      return snapshot(db.prepare(PAYMENTS_SQL).all(), db.prepare(OPERATIONS_SQL).all());
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: ledger.url });
  await client.connect();
  try {
    // One snapshot for both reads, as the SQLite read gets from its single connection.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const payments = await client.query<Record<string, unknown>>(PAYMENTS_SQL);
    const operations = await client.query<Record<string, unknown>>(OPERATIONS_SQL);
    await client.query('COMMIT');
    return snapshot(payments.rows, operations.rows);
  } finally {
    await client.end();
  }
}

function snapshot(paymentRows: readonly Record<string, unknown>[], operationRows: readonly Record<string, unknown>[]): LedgerPayment[] {
  const operations = new Map<string, LedgerOperation[]>();
    for (const row of operationRows) {
      const list = operations.get(text(row['payment_id'])) ?? [];
      list.push({
        id: text(row['id']),
        kind: text(row['kind']),
        state: text(row['state']),
        amountMinor: BigInt(row['amount_minor'] as bigint | string),
        merchantReference: text(row['merchant_reference']),
        gatewayOperationId: nullable(row['gateway_operation_id']),
      });
      operations.set(text(row['payment_id']), list);
    }
  return paymentRows.map((row) => ({
    id: text(row['id']),
        profileId: text(row['profile_id']),
        gatewayId: text(row['gateway_id']),
        kind: text(row['kind']),
        status: text(row['status']),
        merchantReference: text(row['merchant_reference']),
        gatewayTransactionId: nullable(row['gateway_transaction_id']),
        amountMinor: BigInt(row['amount_minor'] as bigint | string),
        operations: operations.get(text(row['id'])) ?? [],
      }));
}

export function unresolvedOperations(payments: readonly LedgerPayment[]): number {
  return payments.reduce((sum, payment) => sum + payment.operations.filter((operation) => UNRESOLVED_STATES.has(operation.state)).length, 0);
}
