/** An index of the refunds and chargebacks alone, holding what reconciliation reads of them (SQLite migration 24 says why). */
import type { PostgresMigration } from '../migration.ts';

export const reconMoneyBack: PostgresMigration = {
  version: 24,
  name: 'recon money back',
  sql: `
    CREATE INDEX operations_money_back ON operations (payment_id, seq) INCLUDE (kind, id, gateway_operation_id, amount_minor, state) WHERE kind IN ('refund', 'chargeback');
  `,
};
